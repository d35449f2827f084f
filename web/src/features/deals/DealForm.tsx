import { NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { dealInput, dealPatch } from '../../../../src/contracts/record-inputs.ts';
import { deals } from '../../api/endpoints.ts';
import type { Deal } from '../../api/types.ts';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { PRIORITIES } from '../../lib/enums.ts';
import { t } from '../../lib/i18n.ts';
import { useLocation } from '../../lib/router.tsx';
import { useOrganization } from '../../session/useOrganization.ts';
import { AreaPicker, AssigneeSelect, ChoiceSelect } from '../records/fields.tsx';
import { assigneeId, FieldGrid, forCreate, RecordForm, useRecordForm } from '../records/RecordForm.tsx';
import { usePipelines } from './usePipelines.ts';

function valuesOf(d: Deal | undefined, customerId: number | null) {
  return {
    title: d?.title ?? '',
    value: d?.value ?? (null as number | null),
    // A new record takes the organization's currency on the server, as it is when saved.
    currency: d?.currency ?? (null as string | null),
    pipelineId: d ? String(d.pipelineId) : (null as string | null),
    stage: d ? String(d.stageId) : (null as string | null),
    probability: (d?.probability ?? '') as number | string,
    expectedCloseDate: d?.expectedCloseDate ?? '',
    customerId: d?.customerId ?? customerId,
    priority: (d?.priority ?? 'medium') as string | null,
    notes: d?.notes ?? '',
    assignedTo: d?.assignedTo ? String(d.assignedTo) : (null as string | null),
  };
}

type Values = ReturnType<typeof valuesOf>;

/** PipelineStage moves have their own endpoint (with history and rules), so edits leave pipeline and stage alone. */
function toEditInput(v: Values) {
  const { pipelineId: _p, stage: _s, ...rest } = v;
  return {
    ...rest,
    probability: v.probability === '' ? null : Number(v.probability),
    assignedTo: assigneeId(v.assignedTo),
  };
}

function toCreateInput(v: Values) {
  return forCreate({
    ...toEditInput(v),
    pipelineId: v.pipelineId ? Number(v.pipelineId) : undefined,
    stage: v.stage ? Number(v.stage) : undefined,
  });
}

/** Opens a deal in a pipeline stage, or edits one (stage moves happen elsewhere). */
export function DealForm({ deal }: { deal?: Deal }) {
  const { currency } = useOrganization();
  const { search } = useLocation();
  const fromCustomer = Number(search.get('customerId')) || null;
  const form = useRecordForm({
    area: 'deals',
    id: deal?.id,
    initial: valuesOf(deal, fromCustomer),
    toInput: toEditInput,
    toCreate: toCreateInput,
    api: deals,
    schema: { create: dealInput, update: dealPatch },
    noun: t('ui.deal'),
    created: () => t('ui.dealCreated'),
  });
  const { pipelines, defaultPipeline } = usePipelines();
  const pipeline = pipelines.find((p) => String(p.id) === form.values.pipelineId) ?? defaultPipeline;

  return (
    <RecordForm form={form} title={deal ? `Edit ${deal.title}` : 'New deal'} createLabel={t('ui.createDeal')}>
      <FieldGrid>
        <TextInput label={t('ui.title')} required {...form.text('title')} />
        <MoneyInput
          label={t('ui.value')}
          currency={form.values.currency ?? currency}
          {...form.field('value')}
        />
        {deal ? null : (
          <>
            <Select
              label={t('ui.pipeline')}
              data={pipelines.map((p) => ({ value: String(p.id), label: p.name }))}
              placeholder={defaultPipeline?.name}
              clearable
              {...form.field('pipelineId')}
            />
            <Select
              label={t('ui.stage')}
              data={(pipeline?.stages ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
              placeholder={pipeline?.stages[0]?.name}
              clearable
              {...form.field('stage')}
            />
          </>
        )}
        <AreaPicker area="customers" current={deal?.customerName} {...form.field('customerId')} />
        <TextInput label={t('ui.expectedClose')} type="date" {...form.text('expectedCloseDate')} />
        <NumberInput
          label={t('ui.probability')}
          clampBehavior="none"
          allowDecimal={false}
          placeholder={t('ui.fromTheStage')}
          {...form.field('probability')}
        />
        <ChoiceSelect label={t('ui.priority')} choices={PRIORITIES} {...form.field('priority')} />
        <AssigneeSelect {...form.field('assignedTo')} />
      </FieldGrid>
      <Textarea label={t('ui.notes')} autosize minRows={3} {...form.text('notes')} />
    </RecordForm>
  );
}

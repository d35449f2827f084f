import { NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { leadInput, leadPatch } from '../../../../src/contracts/record-inputs.ts';
import { leads } from '../../api/endpoints.ts';
import type { Lead } from '../../api/types.ts';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../lib/enums.ts';
import { options } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { useOrganization } from '../../session/useOrganization.ts';
import { AssigneeSelect, ChoiceSelect } from '../records/fields.tsx';
import { assigneeId, FieldGrid, RecordForm, useRecordForm } from '../records/RecordForm.tsx';

function valuesOf(l: Lead | undefined) {
  return {
    name: l?.name ?? '',
    company: l?.company ?? '',
    email: l?.email ?? '',
    phone: l?.phone ?? '',
    source: (l?.source ?? null) as string | null,
    status: (l?.status === 'converted' ? null : (l?.status ?? 'new')) as string | null,
    score: (l?.score ?? 0) as number | string,
    estimatedValue: l?.estimatedValue ?? null,
    // A new record takes the organization's currency on the server, as it is when saved.
    currency: l?.currency ?? (null as string | null),
    notes: l?.notes ?? '',
    assignedTo: l?.assignedTo ? String(l.assignedTo) : (null as string | null),
  };
}

/** Creates a lead or edits one; a converted lead keeps its status. */
export function LeadForm({ lead }: { lead?: Lead }) {
  const { currency } = useOrganization();
  const form = useRecordForm({
    area: 'leads',
    id: lead?.id,
    initial: valuesOf(lead),
    toInput: (v) => ({
      ...v,
      score: v.score === '' ? null : Number(v.score),
      assignedTo: assigneeId(v.assignedTo),
    }),
    api: leads,
    schema: { create: leadInput, update: leadPatch },
    noun: t('ui.lead'),
    created: () => t('ui.leadCreated'),
  });

  return (
    <RecordForm
      form={form}
      title={lead ? `Edit ${lead.name}` : 'New lead'}
      createLabel={t('ui.createLead')}
      testId="lead-form"
    >
      <FieldGrid>
        <TextInput label={t('ui.name')} required {...form.text('name')} />
        <TextInput label={t('ui.company')} {...form.text('company')} />
        <TextInput label={t('ui.email')} type="email" {...form.text('email')} />
        <TextInput label={t('ui.phone')} type="tel" {...form.text('phone')} />
        <Select label={t('ui.source')} data={options(LEAD_SOURCES)} clearable {...form.field('source')} />
        {lead?.status === 'converted' ? null : (
          <ChoiceSelect
            label={t('ui.status')}
            choices={LEAD_STATUSES.filter((s) => s !== 'converted')}
            {...form.field('status')}
          />
        )}
        <NumberInput
          label={t('ui.score0100')}
          clampBehavior="none"
          allowDecimal={false}
          {...form.field('score')}
        />
        <MoneyInput
          label={t('ui.estimatedValue')}
          currency={form.values.currency ?? currency}
          {...form.field('estimatedValue')}
        />
        <AssigneeSelect {...form.field('assignedTo')} />
      </FieldGrid>
      <Textarea label={t('ui.notes')} autosize minRows={3} {...form.text('notes')} />
    </RecordForm>
  );
}

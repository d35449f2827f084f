import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { customers, deals } from '../../api/endpoints.ts';
import type { Deal } from '../../api/types.ts';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { changes, compact, useApiForm } from '../../components/useApiForm.ts';
import { PRIORITIES } from '../../lib/enums.ts';
import { options } from '../../lib/format.ts';
import { navigate, useLocation } from '../../lib/router.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { useOrganization } from '../../session/useOrganization.ts';
import { useRefresh } from '../records/useRecord.ts';
import { usePipelines } from './usePipelines.ts';

function valuesOf(d: Deal | undefined, currency: string, customerId: number | null) {
  return {
    title: d?.title ?? '',
    value: d?.value ?? (null as number | null),
    currency: d?.currency ?? currency,
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

/** Stage moves have their own endpoint (with history and rules), so edits leave pipeline and stage alone. */
function toEditInput(v: Values): Record<string, unknown> {
  const { pipelineId: _p, stage: _s, ...rest } = v;
  return {
    ...rest,
    probability: v.probability === '' ? null : Number(v.probability),
    assignedTo: v.assignedTo ? Number(v.assignedTo) : null,
  };
}

function toCreateInput(v: Values): Record<string, unknown> {
  return compact({
    ...toEditInput(v),
    pipelineId: v.pipelineId ? Number(v.pipelineId) : undefined,
    stage: v.stage ? Number(v.stage) : undefined,
    assignedTo: v.assignedTo ? Number(v.assignedTo) : 'me',
  });
}

export function DealForm({ deal }: { deal?: Deal }) {
  const { currency } = useOrganization();
  const { search } = useLocation();
  const fromCustomer = Number(search.get('customerId')) || null;
  const initial = valuesOf(deal, currency, fromCustomer);
  const form = useApiForm(initial);
  const people = useMembers();
  const { pipelines, defaultPipeline } = usePipelines();
  const notify = useNotify();
  const refresh = useRefresh();
  const pipeline = pipelines.find((p) => String(p.id) === form.values.pipelineId) ?? defaultPipeline;

  const submit = form.onSubmit(async (values) => {
    const saved = deal
      ? await deals.update(deal.id, changes(toEditInput(values), toEditInput(initial)))
      : await deals.create(toCreateInput(values));
    await refresh('deals');
    notify(deal ? 'Deal saved' : 'Deal created');
    navigate(`/deals/${saved.id}`);
  });

  return (
    <>
      <PageHeader title={deal ? `Edit ${deal.title}` : 'New deal'} />
      <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} noValidate>
        <Stack>
          {form.formError ? (
            <Alert color="red" role="alert">
              {form.formError}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Title" required {...form.text('title')} />
            <MoneyInput
              label="Value"
              currency={form.values.currency}
              value={form.values.value}
              onChange={(v) => form.set('value', v)}
              error={form.errors.value}
            />
            {deal ? null : (
              <>
                <Select
                  label="Pipeline"
                  data={pipelines.map((p) => ({ value: String(p.id), label: p.name }))}
                  placeholder={defaultPipeline?.name}
                  clearable
                  {...form.field('pipelineId')}
                />
                <Select
                  label="Stage"
                  data={(pipeline?.stages ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
                  placeholder={pipeline?.stages[0]?.name}
                  clearable
                  {...form.field('stage')}
                />
              </>
            )}
            <RecordPicker
              label="Customer"
              area="customers"
              fetchPage={customers.list}
              labelOf={(c) => c.name}
              currentLabel={deal?.customerName}
              value={form.values.customerId}
              onChange={(v) => form.set('customerId', v)}
              error={form.errors.customerId}
            />
            <TextInput label="Expected close" type="date" {...form.text('expectedCloseDate')} />
            <NumberInput
              label="Probability %"
              min={0}
              max={100}
              allowDecimal={false}
              placeholder="From the stage"
              {...form.field('probability')}
            />
            <Select
              label="Priority"
              data={options(PRIORITIES)}
              allowDeselect={false}
              {...form.field('priority')}
            />
            <Select label="Assigned to" data={people.assignable} clearable {...form.field('assignedTo')} />
          </SimpleGrid>
          <Textarea label="Notes" autosize minRows={3} {...form.text('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => window.history.back()}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              {deal ? 'Save' : 'Create deal'}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}

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
import { leads } from '../../api/endpoints.ts';
import type { Lead } from '../../api/types.ts';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { changes, compact, useApiForm } from '../../components/useApiForm.ts';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../lib/enums.ts';
import { options } from '../../lib/format.ts';
import { navigate } from '../../lib/router.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { useOrganization } from '../../session/useOrganization.ts';
import { useRefresh } from '../records/useRecord.ts';

function valuesOf(l: Lead | undefined, currency: string) {
  return {
    name: l?.name ?? '',
    company: l?.company ?? '',
    email: l?.email ?? '',
    phone: l?.phone ?? '',
    source: (l?.source ?? null) as string | null,
    status: (l?.status === 'converted' ? null : (l?.status ?? 'new')) as string | null,
    score: (l?.score ?? 0) as number | string,
    estimatedValue: l?.estimatedValue ?? null,
    currency: l?.currency ?? currency,
    notes: l?.notes ?? '',
    assignedTo: l?.assignedTo ? String(l.assignedTo) : (null as string | null),
  };
}

type Values = ReturnType<typeof valuesOf>;

function toInput(v: Values): Record<string, unknown> {
  return {
    ...v,
    score: v.score === '' ? null : Number(v.score),
    assignedTo: v.assignedTo ? Number(v.assignedTo) : null,
  };
}

export function LeadForm({ lead }: { lead?: Lead }) {
  const { currency } = useOrganization();
  const initial = valuesOf(lead, currency);
  const form = useApiForm(initial);
  const people = useMembers();
  const notify = useNotify();
  const refresh = useRefresh();

  const submit = form.onSubmit(async (values) => {
    const saved = lead
      ? await leads.update(lead.id, changes(toInput(values), toInput(initial)))
      : await leads.create(
          compact({ ...toInput(values), assignedTo: values.assignedTo ? Number(values.assignedTo) : 'me' }),
        );
    await refresh('leads');
    notify(lead ? 'Lead saved' : 'Lead created');
    navigate(`/leads/${saved.id}`);
  });

  return (
    <>
      <PageHeader title={lead ? `Edit ${lead.name}` : 'New lead'} />
      <Paper
        withBorder
        p="md"
        radius="md"
        component="form"
        onSubmit={submit}
        noValidate
        data-testid="lead-form"
      >
        <Stack>
          {form.formError ? (
            <Alert color="red" role="alert">
              {form.formError}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required {...form.text('name')} />
            <TextInput label="Company" {...form.text('company')} />
            <TextInput label="Email" type="email" {...form.text('email')} />
            <TextInput label="Phone" type="tel" {...form.text('phone')} />
            <Select label="Source" data={options(LEAD_SOURCES)} clearable {...form.field('source')} />
            {lead?.status === 'converted' ? null : (
              <Select
                label="Status"
                data={options(LEAD_STATUSES.filter((s) => s !== 'converted'))}
                allowDeselect={false}
                {...form.field('status')}
              />
            )}
            <NumberInput
              label="Score (0–100)"
              min={0}
              max={100}
              allowDecimal={false}
              {...form.field('score')}
            />
            <MoneyInput
              label="Estimated value"
              currency={form.values.currency}
              value={form.values.estimatedValue}
              onChange={(v) => form.set('estimatedValue', v)}
              error={form.errors.estimatedValue}
            />
            <Select label="Assigned to" data={people.assignable} clearable {...form.field('assignedTo')} />
          </SimpleGrid>
          <Textarea label="Notes" autosize minRows={3} {...form.text('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => window.history.back()}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              {lead ? 'Save' : 'Create lead'}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}

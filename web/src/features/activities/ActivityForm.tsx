import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { activities, customers, deals, leads } from '../../api/endpoints.ts';
import type { Activity } from '../../api/types.ts';
import { useNotify } from '../../components/Notices.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { changes, compact, useApiForm } from '../../components/useApiForm.ts';
import { ACTIVITY_TYPES } from '../../lib/enums.ts';
import { fromLocalInput, options, toLocalInput } from '../../lib/format.ts';
import { navigate } from '../../lib/router.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { useRefresh } from '../records/useRecord.ts';

function valuesOf(a?: Activity) {
  return {
    type: (a?.type ?? 'task') as string | null,
    subject: a?.subject ?? '',
    body: a?.body ?? '',
    dueAt: toLocalInput(a?.dueAt),
    done: a?.done ?? false,
    customerId: a?.customerId ?? (null as number | null),
    leadId: a?.leadId ?? (null as number | null),
    dealId: a?.dealId ?? (null as number | null),
    assignedTo: a?.assignedTo ? String(a.assignedTo) : (null as string | null),
  };
}

type Values = ReturnType<typeof valuesOf>;

function toInput(v: Values): Record<string, unknown> {
  return {
    ...v,
    dueAt: fromLocalInput(v.dueAt) ?? null,
    assignedTo: v.assignedTo ? Number(v.assignedTo) : null,
  };
}

export function ActivityForm({ activity }: { activity?: Activity }) {
  const initial = valuesOf(activity);
  const form = useApiForm(initial);
  const people = useMembers();
  const notify = useNotify();
  const refresh = useRefresh();

  const submit = form.onSubmit(async (values) => {
    const saved = activity
      ? await activities.update(activity.id, changes(toInput(values), toInput(initial)))
      : await activities.create(
          compact({ ...toInput(values), assignedTo: values.assignedTo ? Number(values.assignedTo) : 'me' }),
        );
    await refresh('activities');
    notify(activity ? 'Activity saved' : 'Activity logged');
    navigate(`/activities/${saved.id}`);
  });

  return (
    <>
      <PageHeader title={activity ? 'Edit activity' : 'New activity'} />
      <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} noValidate>
        <Stack>
          {form.formError ? (
            <Alert color="red" role="alert">
              {form.formError}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Subject" required {...form.text('subject')} />
            <Select
              label="Type"
              data={options(ACTIVITY_TYPES)}
              allowDeselect={false}
              {...form.field('type')}
            />
            <TextInput label="Due" type="datetime-local" {...form.text('dueAt')} />
            <Select label="Assigned to" data={people.assignable} clearable {...form.field('assignedTo')} />
            <RecordPicker
              label="Customer"
              area="customers"
              fetchPage={customers.list}
              labelOf={(c) => c.name}
              currentLabel={activity?.customerName}
              value={form.values.customerId}
              onChange={(v) => form.set('customerId', v)}
              error={form.errors.customerId}
            />
            <RecordPicker
              label="Lead"
              area="leads"
              fetchPage={leads.list}
              labelOf={(l) => l.name}
              currentLabel={activity?.leadName}
              value={form.values.leadId}
              onChange={(v) => form.set('leadId', v)}
              error={form.errors.leadId}
            />
            <RecordPicker
              label="Deal"
              area="deals"
              fetchPage={deals.list}
              labelOf={(d) => d.title}
              currentLabel={activity?.dealTitle}
              value={form.values.dealId}
              onChange={(v) => form.set('dealId', v)}
              error={form.errors.dealId}
            />
          </SimpleGrid>
          <Textarea label="Details" autosize minRows={3} {...form.text('body')} />
          <Checkbox
            label="Done"
            checked={form.values.done}
            onChange={(e) => form.set('done', e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => window.history.back()}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              {activity ? 'Save' : 'Log activity'}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}

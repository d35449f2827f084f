import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { customers, issues } from '../../api/endpoints.ts';
import type { Issue } from '../../api/types.ts';
import { useNotify } from '../../components/Notices.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { changes, compact, useApiForm } from '../../components/useApiForm.ts';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, PRIORITIES } from '../../lib/enums.ts';
import { options } from '../../lib/format.ts';
import { navigate, useLocation } from '../../lib/router.tsx';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { useRefresh } from '../records/useRecord.ts';

function valuesOf(i: Issue | undefined, customerId: number | null) {
  return {
    title: i?.title ?? '',
    description: i?.description ?? '',
    priority: (i?.priority ?? 'medium') as string | null,
    category: (i?.category ?? 'general') as string | null,
    status: (i?.status ?? 'open') as string | null,
    customerId: i?.customerId ?? customerId,
    assignedTo: i?.assignedTo ? String(i.assignedTo) : (null as string | null),
    resolution: i?.resolution ?? '',
  };
}

type Values = ReturnType<typeof valuesOf>;

function toInput(v: Values, staff: boolean, editing: boolean): Record<string, unknown> {
  if (!staff)
    return { title: v.title, description: v.description, priority: v.priority, category: v.category };
  const { status, resolution, ...rest } = v;
  return {
    ...rest,
    assignedTo: v.assignedTo ? Number(v.assignedTo) : null,
    ...(editing ? { status, resolution } : {}),
  };
}

/** Staff file and triage issues; a customer raises one about their own account in plain words. */
export function IssueForm({ issue }: { issue?: Issue }) {
  const { role } = useSession();
  const staff = isStaff(role);
  const { search } = useLocation();
  const initial = valuesOf(issue, Number(search.get('customerId')) || null);
  const form = useApiForm(initial);
  const people = useMembers();
  const notify = useNotify();
  const refresh = useRefresh();

  const submit = form.onSubmit(async (values) => {
    const saved = issue
      ? await issues.update(issue.id, changes(toInput(values, staff, true), toInput(initial, staff, true)))
      : await issues.create(compact(toInput(values, staff, false)));
    await refresh('issues');
    notify(issue ? 'Issue saved' : `Issue ${saved.number} raised`);
    navigate(`/issues/${saved.id}`);
  });

  return (
    <>
      <PageHeader title={issue ? `Edit ${issue.number}` : staff ? 'New issue' : 'Raise an issue'} />
      <Paper
        withBorder
        p="md"
        radius="md"
        component="form"
        onSubmit={submit}
        noValidate
        data-testid="issue-form"
      >
        <Stack>
          {form.formError ? (
            <Alert color="red" role="alert">
              {form.formError}
            </Alert>
          ) : null}
          <TextInput label="Title" required {...form.text('title')} />
          <Textarea label="What happened?" autosize minRows={4} {...form.text('description')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Priority"
              data={options(PRIORITIES)}
              allowDeselect={false}
              {...form.field('priority')}
            />
            <Select
              label="Category"
              data={options(ISSUE_CATEGORIES)}
              allowDeselect={false}
              {...form.field('category')}
            />
            {staff ? (
              <>
                <RecordPicker
                  label="Customer"
                  area="customers"
                  fetchPage={customers.list}
                  labelOf={(c) => c.name}
                  currentLabel={issue?.customerName}
                  value={form.values.customerId}
                  onChange={(v) => form.set('customerId', v)}
                  error={form.errors.customerId}
                />
                <Select
                  label="Assigned to"
                  data={people.assignable}
                  clearable
                  {...form.field('assignedTo')}
                />
              </>
            ) : null}
            {staff && issue ? (
              <Select
                label="Status"
                data={options(ISSUE_STATUSES)}
                allowDeselect={false}
                {...form.field('status')}
              />
            ) : null}
          </SimpleGrid>
          {staff && issue ? (
            <Textarea label="Resolution" autosize minRows={2} {...form.text('resolution')} />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => window.history.back()}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              {issue ? 'Save' : staff ? 'Create issue' : 'Send'}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}

import { Textarea, TextInput } from '@mantine/core';
import { issueInput, issuePatch } from '../../../../src/contracts/record-inputs.ts';
import { issues } from '../../api/endpoints.ts';
import type { Issue } from '../../api/types.ts';
import { compact } from '../../components/useApiForm.ts';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, PRIORITIES } from '../../lib/enums.ts';
import { t } from '../../lib/i18n.ts';
import { useLocation } from '../../lib/router.tsx';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AreaPicker, AssigneeSelect, ChoiceSelect } from '../records/fields.tsx';
import { assigneeId, FieldGrid, RecordForm, useRecordForm } from '../records/RecordForm.tsx';

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
  return { ...rest, assignedTo: assigneeId(v.assignedTo), ...(editing ? { status, resolution } : {}) };
}

/** Staff file and triage issues; a customer raises one about their own account in plain words. */
export function IssueForm({ issue }: { issue?: Issue }) {
  const { role } = useSession();
  const staff = isStaff(role);
  const { search } = useLocation();
  const form = useRecordForm({
    area: 'issues',
    id: issue?.id,
    initial: valuesOf(issue, Number(search.get('customerId')) || null),
    toInput: (v) => toInput(v, staff, true),
    // Not sent as the creator's when nobody is chosen, so an owner's new issue waits unassigned for triage.
    toCreate: (v) => compact(toInput(v, staff, false)),
    api: issues,
    schema: { create: issueInput, update: issuePatch },
    noun: t('ui.issue'),
    created: (saved) => `Issue ${saved.number} raised`,
  });
  const triage = staff && issue;

  return (
    <RecordForm
      form={form}
      title={issue ? `Edit ${issue.number}` : staff ? 'New issue' : 'Raise an issue'}
      createLabel={staff ? 'Create issue' : 'Send'}
      testId="issue-form"
    >
      <TextInput label={t('ui.title')} required {...form.text('title')} />
      <Textarea label={t('ui.whatHappened')} autosize minRows={4} {...form.text('description')} />
      <FieldGrid>
        <ChoiceSelect label={t('ui.priority')} choices={PRIORITIES} {...form.field('priority')} />
        <ChoiceSelect label={t('ui.category')} choices={ISSUE_CATEGORIES} {...form.field('category')} />
        {staff ? (
          <>
            <AreaPicker area="customers" current={issue?.customerName} {...form.field('customerId')} />
            <AssigneeSelect {...form.field('assignedTo')} />
          </>
        ) : null}
        {triage ? (
          <ChoiceSelect label={t('ui.status')} choices={ISSUE_STATUSES} {...form.field('status')} />
        ) : null}
      </FieldGrid>
      {triage ? (
        <Textarea label={t('ui.resolution')} autosize minRows={2} {...form.text('resolution')} />
      ) : null}
    </RecordForm>
  );
}

import { Checkbox, Textarea, TextInput } from '@mantine/core';
import { activityInput, activityPatch } from '../../../../src/contracts/record-inputs.ts';
import { activities } from '../../api/endpoints.ts';
import type { Activity } from '../../api/types.ts';
import { ACTIVITY_TYPES } from '../../lib/enums.ts';
import { fromLocalInput, toLocalInput } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { AreaPicker, AssigneeSelect, ChoiceSelect } from '../records/fields.tsx';
import { assigneeId, FieldGrid, RecordForm, useRecordForm } from '../records/RecordForm.tsx';

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

/** Logs a new activity or edits one, linked to a customer, lead or deal. */
export function ActivityForm({ activity }: { activity?: Activity }) {
  const form = useRecordForm({
    area: 'activities',
    id: activity?.id,
    initial: valuesOf(activity),
    toInput: (v) => ({ ...v, dueAt: fromLocalInput(v.dueAt) ?? null, assignedTo: assigneeId(v.assignedTo) }),
    api: activities,
    schema: { create: activityInput, update: activityPatch },
    noun: t('ui.activity'),
    created: () => t('ui.activityLogged'),
  });

  return (
    <RecordForm
      form={form}
      title={activity ? 'Edit activity' : 'New activity'}
      createLabel={t('ui.logActivity')}
    >
      <FieldGrid>
        <TextInput label={t('ui.subject')} required {...form.text('subject')} />
        <ChoiceSelect label={t('ui.type')} choices={ACTIVITY_TYPES} {...form.field('type')} />
        <TextInput label={t('ui.due')} type="datetime-local" {...form.text('dueAt')} />
        <AssigneeSelect {...form.field('assignedTo')} />
        <AreaPicker area="customers" current={activity?.customerName} {...form.field('customerId')} />
        <AreaPicker area="leads" current={activity?.leadName} {...form.field('leadId')} />
        <AreaPicker area="deals" current={activity?.dealTitle} {...form.field('dealId')} />
      </FieldGrid>
      <Textarea label={t('ui.details')} autosize minRows={3} {...form.text('body')} />
      <Checkbox
        label={t('ui.done')}
        checked={form.values.done}
        onChange={(e) => form.set('done', e.currentTarget.checked)}
      />
    </RecordForm>
  );
}

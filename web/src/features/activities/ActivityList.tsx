import { activities } from '../../api/endpoints.ts';
import type { Activity } from '../../api/types.ts';
import { assigneeEdit, textEdit } from '../../components/cellEdits.ts';
import { assigneeFilter, type Column, choiceFilter, RecordList } from '../../components/RecordList.tsx';
import { ACTIVITY_TYPES } from '../../lib/enums.ts';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { useMembers } from '../../session/useMembers.ts';
import { NewRecordButton } from '../records/NewRecordButton.tsx';
import { DueDate } from './overdue.tsx';

function aboutOf(a: Activity): string {
  return a.dealTitle ?? a.leadName ?? a.customerName ?? '—';
}

/** Every activity the person may see, with due and overdue filters. */
export function ActivityList() {
  const people = useMembers();
  const yesNo = [
    { value: 'true', label: 'Yes' },
    { value: 'false', label: 'No' },
  ];
  const columns: Column<Activity>[] = [
    {
      key: 'subject',
      label: 'Subject',
      render: (a) => a.subject,
      edit: textEdit('subject', (a) => a.subject),
    },
    { key: 'type', label: 'Type', render: (a) => humanize(a.type) },
    { key: 'about', label: 'About', render: aboutOf, wide: true },
    { key: 'due', label: 'Due', render: (a) => <DueDate activity={a} />, wide: true, sort: 'dueAt' },
    {
      key: 'done',
      label: 'Done',
      render: (a) => (a.done ? 'Yes' : 'No'),
      edit: { field: 'done', options: yesNo, value: (a) => String(a.done), toInput: (v) => v === 'true' },
    },
    {
      key: 'assignedTo',
      label: 'Owner',
      render: (a) => people.nameOf(a.assignedTo),
      wide: true,
      edit: assigneeEdit(people),
    },
    {
      key: 'createdAt',
      label: 'Logged',
      render: (a) => formatDateTime(a.createdAt),
      wide: true,
      sort: 'createdAt',
    },
  ];
  return (
    <RecordList
      title="Activities"
      name="activities"
      fetchPage={activities.list}
      writes={activities}
      columns={columns}
      filters={[
        choiceFilter('type', ACTIVITY_TYPES),
        { name: 'done', label: 'Done', options: yesNo },
        { name: 'overdue', label: 'Overdue', options: yesNo },
        assigneeFilter(true),
      ]}
      linkFilters={['customerId', 'leadId', 'dealId']}
      sorts={{ dueAt: 'Due soonest', '-updatedAt': 'Recently updated', createdAt: 'Oldest first' }}
      labelOf={(a) => `Activity ${a.subject}`}
      searchPlaceholder="Search by subject"
      actions={<NewRecordButton area="activities" label="New activity" />}
    />
  );
}

import { activities } from '../../api/endpoints.ts';
import type { Activity } from '../../api/types.ts';
import { assigneeEdit, textEdit } from '../../components/cellEdits.ts';
import { assigneeFilter, type Column, choiceFilter, RecordList } from '../../components/RecordList.tsx';
import { ACTIVITY_TYPES } from '../../lib/enums.ts';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
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
    { value: 'true', label: t('ui.yes') },
    { value: 'false', label: t('ui.no') },
  ];
  const columns: Column<Activity>[] = [
    {
      key: 'subject',
      label: t('ui.subject'),
      render: (a) => a.subject,
      edit: textEdit('subject', (a) => a.subject),
    },
    { key: 'type', label: t('ui.type'), render: (a) => humanize(a.type) },
    { key: 'about', label: t('ui.about'), render: aboutOf, wide: true },
    { key: 'due', label: t('ui.due'), render: (a) => <DueDate activity={a} />, wide: true, sort: 'dueAt' },
    {
      key: 'done',
      label: t('ui.done'),
      render: (a) => (a.done ? 'Yes' : 'No'),
      edit: { field: 'done', options: yesNo, value: (a) => String(a.done), toInput: (v) => v === 'true' },
    },
    {
      key: 'assignedTo',
      label: t('ui.owner'),
      render: (a) => people.nameOf(a.assignedTo),
      wide: true,
      edit: assigneeEdit(people),
    },
    {
      key: 'createdAt',
      label: t('ui.logged'),
      render: (a) => formatDateTime(a.createdAt),
      wide: true,
      sort: 'createdAt',
    },
  ];
  return (
    <RecordList
      title={t('ui.activities')}
      name="activities"
      fetchPage={activities.list}
      writes={activities}
      columns={columns}
      filters={[
        choiceFilter('type', ACTIVITY_TYPES),
        { name: 'done', label: t('ui.done'), options: yesNo },
        { name: 'overdue', label: t('ui.overdue'), options: yesNo },
        assigneeFilter(true),
      ]}
      linkFilters={['customerId', 'leadId', 'dealId']}
      sorts={{
        dueAt: t('ui.dueSoonest'),
        '-updatedAt': t('ui.recentlyUpdated'),
        createdAt: t('ui.oldestFirst'),
      }}
      labelOf={(a) => `Activity ${a.subject}`}
      searchPlaceholder={t('ui.searchBySubject')}
      actions={<NewRecordButton area="activities" label={t('ui.newActivity')} />}
    />
  );
}

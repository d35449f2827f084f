import { issues } from '../../api/endpoints.ts';
import type { Issue } from '../../api/types.ts';
import { assigneeEdit, choiceEdit, textEdit } from '../../components/cellEdits.ts';
import { assigneeFilter, type Column, choiceFilter, RecordList } from '../../components/RecordList.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, PRIORITIES } from '../../lib/enums.ts';
import { formatDate, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { NewRecordButton } from '../records/NewRecordButton.tsx';

/** Issues: every one for staff, their own for a customer. */
export function IssueList() {
  const { role } = useSession();
  const people = useMembers();
  const staff = isStaff(role);
  const columns: Column<Issue>[] = [
    {
      key: 'title',
      label: t('ui.issue'),
      render: (i) => i.title,
      sort: 'title',
      ...(staff && { edit: textEdit<Issue>('title', (i) => i.title) }),
    },
    { key: 'number', label: t('ui.number'), render: (i) => i.number, wide: true },
    ...(staff
      ? [
          {
            key: 'customer',
            label: t('ui.customer'),
            render: (i: Issue) => i.customerName ?? '—',
            wide: true,
          },
        ]
      : []),
    {
      key: 'priority',
      label: t('ui.priority'),
      render: (i) => <StatusBadge value={i.priority} />,
      sort: 'priority',
      edit: choiceEdit('priority', PRIORITIES, (i) => i.priority),
    },
    {
      key: 'status',
      label: t('ui.status'),
      render: (i) => <StatusBadge value={i.status} />,
      edit: choiceEdit('status', ISSUE_STATUSES, (i) => i.status),
    },
    { key: 'category', label: t('ui.category'), render: (i) => humanize(i.category), wide: true },
    ...(staff
      ? [
          {
            key: 'assignedTo',
            label: t('ui.handledBy'),
            render: (i: Issue) => people.nameOf(i.assignedTo),
            wide: true,
            edit: assigneeEdit<Issue>(people),
          },
        ]
      : []),
    {
      key: 'createdAt',
      label: t('ui.raised'),
      render: (i) => formatDate(i.createdAt),
      wide: true,
      sort: 'createdAt',
    },
  ];
  return (
    <RecordList
      title={staff ? 'Issues' : 'My issues'}
      name="issues"
      fetchPage={issues.list}
      {...(staff && { writes: issues })}
      columns={columns}
      filters={[
        choiceFilter('status', ISSUE_STATUSES),
        choiceFilter('priority', PRIORITIES),
        choiceFilter('category', ISSUE_CATEGORIES),
        ...(staff ? [assigneeFilter(true)] : []),
      ]}
      linkFilters={staff ? ['customerId'] : []}
      sorts={{
        '-priority': t('ui.mostUrgent'),
        '-updatedAt': t('ui.recentlyUpdated'),
        title: t('ui.titleAZ'),
        createdAt: t('ui.oldestFirst'),
      }}
      labelOf={(i) => `Issue ${i.title}`}
      searchPlaceholder={t('ui.searchByTitle')}
      exportable={staff}
      actions={<NewRecordButton area="issues" label={staff ? 'New issue' : 'Raise an issue'} />}
    />
  );
}

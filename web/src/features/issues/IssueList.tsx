import { Button } from '@mantine/core';
import { issues } from '../../api/endpoints.ts';
import type { Issue } from '../../api/types.ts';
import { type Column, RecordList } from '../../components/RecordList.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, PRIORITIES } from '../../lib/enums.ts';
import { formatDate, humanize, options } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { isStaff, may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';

export function IssueList() {
  const { role } = useSession();
  const people = useMembers();
  const staff = isStaff(role);
  const columns: Column<Issue>[] = [
    { key: 'title', label: 'Issue', render: (i) => i.title },
    { key: 'number', label: 'Number', render: (i) => i.number, wide: true },
    ...(staff
      ? [{ key: 'customer', label: 'Customer', render: (i: Issue) => i.customerName ?? '—', wide: true }]
      : []),
    { key: 'priority', label: 'Priority', render: (i) => <StatusBadge value={i.priority} /> },
    { key: 'status', label: 'Status', render: (i) => <StatusBadge value={i.status} /> },
    { key: 'category', label: 'Category', render: (i) => humanize(i.category), wide: true },
    ...(staff
      ? [
          {
            key: 'assignedTo',
            label: 'Handled by',
            render: (i: Issue) => people.nameOf(i.assignedTo),
            wide: true,
          },
        ]
      : []),
    { key: 'createdAt', label: 'Raised', render: (i) => formatDate(i.createdAt), wide: true },
  ];
  return (
    <RecordList
      title={staff ? 'Issues' : 'My issues'}
      name="issues"
      fetchPage={issues.list}
      columns={columns}
      filters={[
        { name: 'status', label: 'Status', options: options(ISSUE_STATUSES) },
        { name: 'priority', label: 'Priority', options: options(PRIORITIES) },
        { name: 'category', label: 'Category', options: options(ISSUE_CATEGORIES) },
        ...(staff
          ? [
              {
                name: 'assignedTo',
                label: 'Assigned',
                options: [
                  { value: 'me', label: 'Assigned to me' },
                  { value: 'none', label: 'Unassigned' },
                ],
              },
            ]
          : []),
      ]}
      linkFilters={staff ? ['customerId'] : []}
      sorts={[
        { value: '-priority', label: 'Most urgent' },
        { value: '-updatedAt', label: 'Recently updated' },
        { value: 'title', label: 'Title A–Z' },
        { value: 'createdAt', label: 'Oldest first' },
      ]}
      hrefOf={(i) => `/issues/${i.id}`}
      labelOf={(i) => `Issue ${i.title}`}
      searchPlaceholder="Search by title"
      exportable={staff}
      actions={
        may(role, 'issues', 'create') ? (
          <Button component={Link} to="/issues/new">
            {staff ? 'New issue' : 'Raise an issue'}
          </Button>
        ) : null
      }
    />
  );
}

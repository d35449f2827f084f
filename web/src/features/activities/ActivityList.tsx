import { Button } from '@mantine/core';
import { activities } from '../../api/endpoints.ts';
import type { Activity } from '../../api/types.ts';
import { type Column, RecordList } from '../../components/RecordList.tsx';
import { ACTIVITY_TYPES } from '../../lib/enums.ts';
import { formatDateTime, humanize, options } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';

function aboutOf(a: Activity): string {
  return a.dealTitle ?? a.leadName ?? a.customerName ?? '—';
}

export function ActivityList() {
  const { role } = useSession();
  const people = useMembers();
  const columns: Column<Activity>[] = [
    { key: 'subject', label: 'Subject', render: (a) => a.subject },
    { key: 'type', label: 'Type', render: (a) => humanize(a.type) },
    { key: 'about', label: 'About', render: aboutOf, wide: true },
    { key: 'due', label: 'Due', render: (a) => formatDateTime(a.dueAt), wide: true },
    { key: 'done', label: 'Done', render: (a) => (a.done ? 'Yes' : 'No') },
    { key: 'assignedTo', label: 'Owner', render: (a) => people.nameOf(a.assignedTo), wide: true },
    { key: 'createdAt', label: 'Logged', render: (a) => formatDateTime(a.createdAt), wide: true },
  ];
  const yesNo = [
    { value: 'true', label: 'Yes' },
    { value: 'false', label: 'No' },
  ];
  return (
    <RecordList
      title="Activities"
      name="activities"
      fetchPage={activities.list}
      columns={columns}
      filters={[
        { name: 'type', label: 'Type', options: options(ACTIVITY_TYPES) },
        { name: 'done', label: 'Done', options: yesNo },
        { name: 'overdue', label: 'Overdue', options: yesNo },
        {
          name: 'assignedTo',
          label: 'Assigned',
          options: [
            { value: 'me', label: 'Assigned to me' },
            { value: 'none', label: 'Unassigned' },
          ],
        },
      ]}
      linkFilters={['customerId', 'leadId', 'dealId']}
      sorts={[
        { value: 'dueAt', label: 'Due soonest' },
        { value: '-updatedAt', label: 'Recently updated' },
        { value: 'createdAt', label: 'Oldest first' },
      ]}
      hrefOf={(a) => `/activities/${a.id}`}
      labelOf={(a) => `Activity ${a.subject}`}
      searchPlaceholder="Search by subject"
      actions={
        may(role, 'activities', 'create') ? (
          <Button component={Link} to="/activities/new">
            New activity
          </Button>
        ) : null
      }
    />
  );
}

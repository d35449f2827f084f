import { Stack, Text } from '@mantine/core';
import { activities } from '../../api/endpoints.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { useRecord } from '../records/useRecord.ts';

export function ActivityDetail({ id }: { id: number }) {
  const people = useMembers();
  const { data: activity, error } = useRecord('activities', id, activities.get);
  if (error) return <ErrorAlert error={error} />;
  if (!activity) return null;

  return (
    <Stack>
      <PageHeader
        title={activity.subject}
        subtitle={`${humanize(activity.type)}${activity.done ? ' · done' : ''}`}
        actions={
          <RecordActions
            area="activities"
            base="/activities"
            record={activity}
            noun="Activity"
            remove={activities.remove}
          />
        }
      />
      <DetailGrid
        details={[
          {
            label: 'Customer',
            value: activity.customerId ? (
              <Link to={`/customers/${activity.customerId}`}>{activity.customerName}</Link>
            ) : null,
          },
          {
            label: 'Lead',
            value: activity.leadId ? <Link to={`/leads/${activity.leadId}`}>{activity.leadName}</Link> : null,
          },
          {
            label: 'Deal',
            value: activity.dealId ? (
              <Link to={`/deals/${activity.dealId}`}>{activity.dealTitle}</Link>
            ) : null,
          },
          { label: 'Due', value: activity.dueAt ? formatDateTime(activity.dueAt) : null },
          { label: 'Done', value: activity.doneAt ? formatDateTime(activity.doneAt) : 'Not yet' },
          { label: 'Assigned to', value: people.nameOf(activity.assignedTo) },
          { label: 'Logged', value: formatDateTime(activity.createdAt) },
        ]}
      />
      {activity.body ? <Text style={{ whiteSpace: 'pre-wrap' }}>{activity.body}</Text> : null}
    </Stack>
  );
}

import { activities } from '../../api/endpoints.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { useMembers } from '../../session/useMembers.ts';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { LongText, RecordPage, recordLink } from '../records/RecordPage.tsx';
import { DueDate } from './overdue.tsx';

/** One activity and what it is about. */
export function ActivityDetail({ id }: { id: number }) {
  const people = useMembers();
  return (
    <RecordPage area="activities" id={id} load={activities.get}>
      {(activity) => (
        <>
          <PageHeader
            title={activity.subject}
            subtitle={`${humanize(activity.type)}${activity.done ? ' · done' : ''}`}
            actions={
              <RecordActions
                area="activities"
                record={activity}
                noun={t('ui.activity')}
                remove={activities.remove}
              />
            }
          />
          <DetailGrid
            details={[
              {
                label: t('ui.customer'),
                value: recordLink('customers', activity.customerId, activity.customerName),
              },
              { label: t('ui.lead'), value: recordLink('leads', activity.leadId, activity.leadName) },
              { label: t('ui.deal'), value: recordLink('deals', activity.dealId, activity.dealTitle) },
              { label: t('ui.due'), value: activity.dueAt ? <DueDate activity={activity} /> : null },
              { label: t('ui.done'), value: activity.doneAt ? formatDateTime(activity.doneAt) : 'Not yet' },
              { label: t('ui.assignedTo'), value: people.nameOf(activity.assignedTo) },
              { label: t('ui.logged'), value: formatDateTime(activity.createdAt) },
            ]}
          />
          {activity.body ? <LongText>{activity.body}</LongText> : null}
        </>
      )}
    </RecordPage>
  );
}

import { Anchor } from '@mantine/core';
import { leads } from '../../api/endpoints.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, formatDateTime, humanize } from '../../lib/format.ts';
import { formatMoney } from '../../lib/money.ts';
import { Link } from '../../lib/router.tsx';
import { mayEdit } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { ActivityTimeline } from '../activities/ActivityTimeline.tsx';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { RecordPage, RelatedColumns } from '../records/RecordPage.tsx';
import { ConvertLead } from './ConvertLead.tsx';

/** A lead, its conversion and its activities. */
export function LeadDetail({ id }: { id: number }) {
  const { role, userId } = useSession();
  const people = useMembers();
  return (
    <RecordPage area="leads" id={id} load={leads.get}>
      {(lead) => {
        const convertible = lead.status !== 'converted' && mayEdit(role, 'leads', lead, userId);

        return (
          <>
            <PageHeader
              title={lead.name}
              subtitle={<StatusBadge value={lead.status} />}
              actions={
                <>
                  {convertible ? <ConvertLead lead={lead} /> : null}
                  <RecordActions area="leads" record={lead} noun="Lead" remove={leads.remove} />
                </>
              }
            />
            <DetailGrid
              details={[
                { label: 'Company', value: lead.company },
                {
                  label: 'Email',
                  value: lead.email ? <Anchor href={`mailto:${lead.email}`}>{lead.email}</Anchor> : null,
                },
                { label: 'Phone', value: lead.phone },
                { label: 'Source', value: humanize(lead.source) },
                { label: 'Score', value: lead.score },
                { label: 'Estimated value', value: formatMoney(lead.estimatedValue, lead.currency) },
                { label: 'Assigned to', value: people.nameOf(lead.assignedTo) },
                { label: 'Added', value: formatDate(lead.createdAt) },
                {
                  label: 'Converted',
                  value: lead.convertedAt ? (
                    <>
                      {formatDateTime(lead.convertedAt)}
                      {lead.convertedCustomerId ? (
                        <>
                          {' · '}
                          <Link to={`/customers/${lead.convertedCustomerId}`}>customer</Link>
                        </>
                      ) : null}
                      {lead.convertedDealId ? (
                        <>
                          {' · '}
                          <Link to={`/deals/${lead.convertedDealId}`}>deal</Link>
                        </>
                      ) : null}
                    </>
                  ) : null,
                },
                { label: 'Notes', value: lead.notes },
              ]}
            />
            <RelatedColumns>
              <ActivityTimeline subject={{ leadId: id }} />
            </RelatedColumns>
          </>
        );
      }}
    </RecordPage>
  );
}

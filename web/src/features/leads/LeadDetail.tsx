import { Anchor } from '@mantine/core';
import { leads } from '../../api/endpoints.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, formatDateTime, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
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
                  <RecordActions area="leads" record={lead} noun={t('ui.lead')} remove={leads.remove} />
                </>
              }
            />
            <DetailGrid
              details={[
                { label: t('ui.company'), value: lead.company },
                {
                  label: t('ui.email'),
                  value: lead.email ? <Anchor href={`mailto:${lead.email}`}>{lead.email}</Anchor> : null,
                },
                { label: t('ui.phone'), value: lead.phone },
                { label: t('ui.source'), value: humanize(lead.source) },
                { label: t('ui.score'), value: lead.score },
                { label: t('ui.estimatedValue'), value: formatMoney(lead.estimatedValue, lead.currency) },
                { label: t('ui.assignedTo'), value: people.nameOf(lead.assignedTo) },
                { label: t('ui.added'), value: formatDate(lead.createdAt) },
                {
                  label: t('ui.converted'),
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
                { label: t('ui.notes'), value: lead.notes },
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

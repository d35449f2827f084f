import { Stack, Text, Timeline } from '@mantine/core';
import { deals } from '../../api/endpoints.ts';
import type { DealStageChange } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { formatDate, formatDateTime, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/money.ts';
import { useMembers } from '../../session/useMembers.ts';
import { ActivityTimeline } from '../activities/ActivityTimeline.tsx';
import { orderCells } from '../orders/summary.ts';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { RecordPage, RelatedColumns, recordLink } from '../records/RecordPage.tsx';
import { RelatedList } from '../records/RelatedList.tsx';
import { StageMover } from './StageMover.tsx';

function StageHistory({ history }: { history: DealStageChange[] }) {
  const people = useMembers();
  return (
    <TitledCard title={t('ui.stageHistory')}>
      <Timeline bulletSize={12} active={history.length - 1}>
        {history.map((h) => (
          <Timeline.Item
            key={h.id}
            title={h.fromStageName ? `${h.fromStageName} → ${h.toStageName}` : `Opened in ${h.toStageName}`}
          >
            <Text size="xs" c="dimmed">
              {formatDateTime(h.changedAt)} · {people.nameOf(h.changedBy)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </TitledCard>
  );
}

/** A deal with its stage history, orders and activities. */
export function DealDetail({ id }: { id: number }) {
  const people = useMembers();
  return (
    <RecordPage area="deals" id={id} load={deals.get}>
      {(deal) => (
        <>
          <PageHeader
            title={deal.title}
            subtitle={
              <>
                <StatusBadge value={deal.status} /> {formatMoney(deal.value, deal.currency)}
              </>
            }
            actions={
              <>
                <StageMover deal={deal} />
                <RecordActions area="deals" record={deal} noun={t('ui.deal')} remove={deals.remove} />
              </>
            }
          />
          <DetailGrid
            details={[
              { label: t('ui.stage'), value: deal.stageName },
              { label: t('ui.probability2'), value: `${deal.probability}%` },
              {
                label: t('ui.customer'),
                value: recordLink('customers', deal.customerId, deal.customerName),
              },
              { label: t('ui.expectedClose'), value: formatDate(deal.expectedCloseDate) },
              { label: t('ui.priority'), value: humanize(deal.priority) },
              { label: t('ui.assignedTo'), value: people.nameOf(deal.assignedTo) },
              {
                label: t('ui.fromLead'),
                value: recordLink('leads', deal.leadId, `Lead #${deal.leadId}`),
              },
              {
                label: t('ui.closed'),
                value: deal.closedAt
                  ? `${formatDateTime(deal.closedAt)}${deal.closeReason ? ` · ${deal.closeReason}` : ''}`
                  : null,
              },
              { label: t('ui.notes'), value: deal.notes },
            ]}
          />
          <RelatedColumns>
            <Stack>
              {deal.history?.length ? <StageHistory history={deal.history} /> : null}
              <RelatedList area="orders" query={{ dealId: id }} cells={orderCells} />
            </Stack>
            <ActivityTimeline subject={{ dealId: id }} />
          </RelatedColumns>
        </>
      )}
    </RecordPage>
  );
}

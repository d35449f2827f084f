import { Anchor, Stack } from '@mantine/core';
import { customers } from '../../api/endpoints.ts';
import type { Deal, Issue, Payment } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/money.ts';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { ActivityTimeline } from '../activities/ActivityTimeline.tsx';
import { orderCells } from '../orders/summary.ts';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { RecordPage, RelatedColumns } from '../records/RecordPage.tsx';
import { RelatedList } from '../records/RelatedList.tsx';

const dealCells = (d: Deal) => [d.title, d.stageName, formatMoney(d.value, d.currency)];
const paymentCells = (p: Payment) => [p.number, humanize(p.status), formatMoney(p.amount, p.currency)];
const issueCells = (i: Issue) => [i.title, humanize(i.status), humanize(i.priority)];

/** What staff see beside a customer: their deals, orders, payments and issues. */
function CustomerRelated({ id }: { id: number }) {
  const query = { customerId: id };
  return (
    <Stack>
      <RelatedList area="deals" query={query} cells={dealCells} />
      <RelatedList area="orders" query={query} cells={orderCells} />
      <RelatedList area="payments" query={query} cells={paymentCells} />
      <RelatedList area="issues" query={query} cells={issueCells} />
    </Stack>
  );
}

/** A customer, and for staff their deals, orders, payments, issues and activities. */
export function CustomerDetail({ id }: { id: number }) {
  const { role } = useSession();
  const people = useMembers();
  return (
    <RecordPage area="customers" id={id} load={customers.get}>
      {(customer) => {
        const staff = isStaff(role);
        const address = [
          customer.addressLine1,
          customer.addressLine2,
          customer.postalCode,
          customer.city,
          customer.region,
          customer.country,
        ]
          .filter(Boolean)
          .join(', ');

        return (
          <>
            <PageHeader
              title={customer.name}
              subtitle={<StatusBadge value={customer.status} />}
              actions={
                staff ? (
                  <RecordActions
                    area="customers"
                    record={customer}
                    noun={t('ui.customer')}
                    remove={customers.remove}
                  />
                ) : null
              }
            />
            <DetailGrid
              details={[
                { label: t('ui.kind'), value: humanize(customer.kind) },
                { label: t('ui.company'), value: customer.companyName },
                {
                  label: t('ui.email'),
                  value: customer.email ? (
                    <Anchor href={`mailto:${customer.email}`}>{customer.email}</Anchor>
                  ) : null,
                },
                { label: t('ui.phone'), value: customer.phone },
                { label: t('ui.address'), value: address },
                { label: t('ui.source'), value: customer.source ? humanize(customer.source) : null },
                { label: t('ui.tags'), value: customer.tags.join(', ') },
                { label: t('ui.assignedTo'), value: people.nameOf(customer.assignedTo) },
                { label: t('ui.customerSince'), value: formatDate(customer.createdAt) },
                { label: t('ui.notes'), value: customer.notes },
              ]}
            />
            {staff ? (
              <RelatedColumns>
                <CustomerRelated id={id} />
                <ActivityTimeline subject={{ customerId: id }} />
              </RelatedColumns>
            ) : null}
          </>
        );
      }}
    </RecordPage>
  );
}

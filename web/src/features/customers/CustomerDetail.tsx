import { Anchor, Stack } from '@mantine/core';
import { customers } from '../../api/endpoints.ts';
import type { Deal, Issue, Payment } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, humanize } from '../../lib/format.ts';
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
                    noun="Customer"
                    remove={customers.remove}
                  />
                ) : null
              }
            />
            <DetailGrid
              details={[
                { label: 'Kind', value: humanize(customer.kind) },
                { label: 'Company', value: customer.companyName },
                {
                  label: 'Email',
                  value: customer.email ? (
                    <Anchor href={`mailto:${customer.email}`}>{customer.email}</Anchor>
                  ) : null,
                },
                { label: 'Phone', value: customer.phone },
                { label: 'Address', value: address },
                { label: 'Source', value: customer.source ? humanize(customer.source) : null },
                { label: 'Tags', value: customer.tags.join(', ') },
                { label: 'Assigned to', value: people.nameOf(customer.assignedTo) },
                { label: 'Customer since', value: formatDate(customer.createdAt) },
                { label: 'Notes', value: customer.notes },
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

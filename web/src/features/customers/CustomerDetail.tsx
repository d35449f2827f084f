import { Anchor, Stack } from '@mantine/core';
import { customers, deals, issues, orders, payments } from '../../api/endpoints.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, humanize } from '../../lib/format.ts';
import { formatMoney } from '../../lib/money.ts';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { ActivityTimeline } from '../activities/ActivityTimeline.tsx';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { RecordPage, RelatedColumns } from '../records/RecordPage.tsx';
import { RelatedList } from '../records/RelatedList.tsx';

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
                <Stack>
                  <RelatedList
                    title="Deals"
                    area="deals"
                    query={{ customerId: id }}
                    fetchPage={deals.list}
                    cells={(d) => [d.title, d.stageName, formatMoney(d.value, d.currency)]}
                  />
                  <RelatedList
                    title="Orders"
                    area="orders"
                    query={{ customerId: id }}
                    fetchPage={orders.list}
                    cells={(o) => [o.number, humanize(o.status), formatMoney(o.total, o.currency)]}
                  />
                  <RelatedList
                    title="Payments"
                    area="payments"
                    query={{ customerId: id }}
                    fetchPage={payments.list}
                    cells={(p) => [p.number, humanize(p.status), formatMoney(p.amount, p.currency)]}
                  />
                  <RelatedList
                    title="Issues"
                    area="issues"
                    query={{ customerId: id }}
                    fetchPage={issues.list}
                    cells={(i) => [i.title, humanize(i.status), humanize(i.priority)]}
                  />
                </Stack>
                <ActivityTimeline subject={{ customerId: id }} />
              </RelatedColumns>
            ) : null}
          </>
        );
      }}
    </RecordPage>
  );
}

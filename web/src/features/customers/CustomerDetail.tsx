import { Anchor, SimpleGrid, Stack } from '@mantine/core';
import { customers, deals, issues, orders, payments } from '../../api/endpoints.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
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
import { RelatedList } from '../records/RelatedList.tsx';
import { useRecord } from '../records/useRecord.ts';

export function CustomerDetail({ id }: { id: number }) {
  const { role } = useSession();
  const people = useMembers();
  const { data: customer, error } = useRecord('customers', id, customers.get);
  if (error) return <ErrorAlert error={error} />;
  if (!customer) return null;
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
    <Stack>
      <PageHeader
        title={customer.name}
        subtitle={<StatusBadge value={customer.status} />}
        actions={
          staff ? (
            <RecordActions
              area="customers"
              base="/customers"
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
        <SimpleGrid type="container" cols={{ base: 1, '860px': 2 }}>
          <Stack>
            <RelatedList
              title="Deals"
              area="deals"
              query={{ customerId: id }}
              fetchPage={deals.list}
              hrefOf={(d) => `/deals/${d.id}`}
              allHref={`/deals?customerId=${id}`}
              cells={(d) => [d.title, d.stageName, formatMoney(d.value, d.currency)]}
            />
            <RelatedList
              title="Orders"
              area="orders"
              query={{ customerId: id }}
              fetchPage={orders.list}
              hrefOf={(o) => `/orders/${o.id}`}
              allHref={`/orders?customerId=${id}`}
              cells={(o) => [o.number, humanize(o.status), formatMoney(o.total, o.currency)]}
            />
            <RelatedList
              title="Payments"
              area="payments"
              query={{ customerId: id }}
              fetchPage={payments.list}
              hrefOf={(p) => `/payments/${p.id}`}
              allHref={`/payments?customerId=${id}`}
              cells={(p) => [p.number, humanize(p.status), formatMoney(p.amount, p.currency)]}
            />
            <RelatedList
              title="Issues"
              area="issues"
              query={{ customerId: id }}
              fetchPage={issues.list}
              hrefOf={(i) => `/issues/${i.id}`}
              allHref={`/issues?customerId=${id}`}
              cells={(i) => [i.title, humanize(i.status), humanize(i.priority)]}
            />
          </Stack>
          <ActivityTimeline subject={{ customerId: id }} />
        </SimpleGrid>
      ) : null}
    </Stack>
  );
}

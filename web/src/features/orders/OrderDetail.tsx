import { Button, Table } from '@mantine/core';
import { orders } from '../../api/endpoints.ts';
import type { OrderDetail as OrderWithItems } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { formatDate, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/money.ts';
import { Link } from '../../lib/router.tsx';
import { isStaff, may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { RecordPage, RelatedColumns, recordLink } from '../records/RecordPage.tsx';
import { RelatedList } from '../records/RelatedList.tsx';

function OrderLines({ order }: { order: OrderWithItems }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  return (
    <TitledCard title={t('ui.items')}>
      <Table.ScrollContainer minWidth={400}>
        <Table data-testid="order-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Item</Table.Th>
              <Table.Th ta="right">Qty</Table.Th>
              <Table.Th ta="right">Unit price</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.items.map((i) => (
              <Table.Tr key={i.id ?? i.description}>
                <Table.Td>{i.description}</Table.Td>
                <Table.Td ta="right">{i.quantity}</Table.Td>
                <Table.Td ta="right">{money(i.unitPrice)}</Table.Td>
                <Table.Td ta="right">{money(i.lineTotal ?? i.quantity * i.unitPrice)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <TotalRow label={t('ui.subtotal')} value={money(order.subtotal)} />
            {order.discount ? (
              <TotalRow label={t('ui.discount')} value={`− ${money(order.discount)}`} />
            ) : null}
            {order.tax ? (
              <TotalRow label={`Tax (${order.taxRateBp / 100}%)`} value={money(order.tax)} />
            ) : null}
            <TotalRow label={t('ui.total')} value={money(order.total)} strong />
            <TotalRow label={t('ui.paid')} value={money(order.paid)} />
            <TotalRow label={t('ui.toPay')} value={money(order.outstanding)} strong />
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </TitledCard>
  );
}

function TotalRow({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={3} ta="right" fw={strong ? 700 : undefined}>
        {label}
      </Table.Td>
      <Table.Td ta="right" fw={strong ? 700 : undefined}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
}

/** An order with its items, totals and payments. */
export function OrderDetail({ id }: { id: number }) {
  const { role } = useSession();
  const staff = isStaff(role);
  const people = useMembers();
  return (
    <RecordPage area="orders" id={id} load={orders.get}>
      {(order) => (
        <>
          <PageHeader
            title={`Order ${order.number}`}
            subtitle={<StatusBadge value={order.status} />}
            actions={
              staff ? (
                <>
                  {may(role, 'payments', 'create') && order.outstanding > 0 ? (
                    <Button variant="light" component={Link} to={`/payments/new?orderId=${order.id}`}>
                      Record payment
                    </Button>
                  ) : null}
                  <RecordActions area="orders" record={order} noun={t('ui.order')} remove={orders.remove} />
                </>
              ) : null
            }
          />
          <DetailGrid
            details={[
              {
                label: t('ui.customer'),
                value: staff ? (
                  <Link to={`/customers/${order.customerId}`}>{order.customerName}</Link>
                ) : (
                  order.customerName
                ),
              },
              { label: t('ui.orderDate'), value: formatDate(order.orderDate) },
              { label: t('ui.status'), value: humanize(order.status) },
              ...(staff
                ? [
                    {
                      label: t('ui.deal'),
                      value: recordLink('deals', order.dealId, `Deal #${order.dealId}`),
                    },
                    { label: t('ui.assignedTo'), value: people.nameOf(order.assignedTo) },
                  ]
                : []),
              { label: t('ui.notes'), value: order.notes },
            ]}
          />
          <RelatedColumns>
            <OrderLines order={order} />
            <RelatedList
              area="payments"
              query={{ orderId: id }}
              cells={(p) => [
                p.number,
                formatDate(p.paidAt),
                humanize(p.status),
                formatMoney(p.amount, p.currency),
              ]}
            />
          </RelatedColumns>
        </>
      )}
    </RecordPage>
  );
}

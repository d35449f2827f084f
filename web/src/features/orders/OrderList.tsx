import { Button } from '@mantine/core';
import { orders } from '../../api/endpoints.ts';
import type { Order } from '../../api/types.ts';
import { type Column, RecordList } from '../../components/RecordList.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ORDER_STATUSES } from '../../lib/enums.ts';
import { formatDate, options } from '../../lib/format.ts';
import { formatMoney } from '../../lib/money.ts';
import { Link } from '../../lib/router.tsx';
import { isStaff, may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';

export function OrderList() {
  const { role } = useSession();
  const staff = isStaff(role);
  const columns: Column<Order>[] = [
    { key: 'number', label: 'Order', render: (o) => o.number },
    ...(staff ? [{ key: 'customer', label: 'Customer', render: (o: Order) => o.customerName ?? '—' }] : []),
    { key: 'date', label: 'Date', render: (o) => formatDate(o.orderDate), wide: true },
    { key: 'status', label: 'Status', render: (o) => <StatusBadge value={o.status} /> },
    { key: 'total', label: 'Total', render: (o) => formatMoney(o.total, o.currency), align: 'right' },
    {
      key: 'outstanding',
      label: 'To pay',
      render: (o) => formatMoney(o.outstanding, o.currency),
      align: 'right',
      wide: true,
    },
  ];
  return (
    <RecordList
      title={staff ? 'Orders' : 'My orders'}
      name="orders"
      fetchPage={orders.list}
      columns={columns}
      filters={[
        { name: 'status', label: 'Status', options: options(ORDER_STATUSES) },
        ...(staff
          ? [{ name: 'assignedTo', label: 'Assigned', options: [{ value: 'me', label: 'Assigned to me' }] }]
          : []),
      ]}
      linkFilters={staff ? ['customerId', 'dealId'] : []}
      sorts={[
        { value: '-orderDate', label: 'Latest order date' },
        { value: 'orderDate', label: 'Earliest order date' },
        { value: '-total', label: 'Largest total' },
        { value: 'createdAt', label: 'Oldest first' },
      ]}
      hrefOf={(o) => `/orders/${o.id}`}
      labelOf={(o) => `Order ${o.number}`}
      searchPlaceholder="Search by number"
      exportable={staff}
      actions={
        may(role, 'orders', 'create') ? (
          <Button component={Link} to="/orders/new">
            New order
          </Button>
        ) : null
      }
    />
  );
}

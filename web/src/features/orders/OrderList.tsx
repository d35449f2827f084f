import { orders } from '../../api/endpoints.ts';
import type { Order } from '../../api/types.ts';
import { choiceEdit } from '../../components/cellEdits.ts';
import { assigneeFilter, type Column, choiceFilter, RecordList } from '../../components/RecordList.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ORDER_STATUSES } from '../../lib/enums.ts';
import { formatDate } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/money.ts';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { NewRecordButton } from '../records/NewRecordButton.tsx';

/** Orders: every one for staff, their own for a customer. */
export function OrderList() {
  const { role } = useSession();
  const staff = isStaff(role);
  const columns: Column<Order>[] = [
    { key: 'number', label: t('ui.order'), render: (o) => o.number },
    ...(staff
      ? [{ key: 'customer', label: t('ui.customer'), render: (o: Order) => o.customerName ?? '—' }]
      : []),
    {
      key: 'date',
      label: t('ui.date'),
      render: (o) => formatDate(o.orderDate),
      wide: true,
      sort: 'orderDate',
    },
    {
      key: 'status',
      label: t('ui.status'),
      render: (o) => <StatusBadge value={o.status} />,
      edit: choiceEdit('status', ORDER_STATUSES, (o) => o.status),
    },
    {
      key: 'total',
      label: t('ui.total'),
      render: (o) => formatMoney(o.total, o.currency),
      align: 'right',
      sort: 'total',
    },
    {
      key: 'outstanding',
      label: t('ui.toPay'),
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
      {...(staff && { writes: orders })}
      columns={columns}
      filters={[choiceFilter('status', ORDER_STATUSES), ...(staff ? [assigneeFilter()] : [])]}
      linkFilters={staff ? ['customerId', 'dealId'] : []}
      sorts={{
        '-orderDate': t('ui.latestOrderDate'),
        orderDate: t('ui.earliestOrderDate'),
        '-total': t('ui.largestTotal'),
        createdAt: t('ui.oldestFirst'),
      }}
      labelOf={(o) => `Order ${o.number}`}
      searchPlaceholder={t('ui.searchByNumber')}
      exportable={staff}
      actions={<NewRecordButton area="orders" label={t('ui.newOrder')} />}
    />
  );
}

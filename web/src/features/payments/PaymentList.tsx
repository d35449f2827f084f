import { payments } from '../../api/endpoints.ts';
import type { Payment } from '../../api/types.ts';
import { choiceEdit } from '../../components/cellEdits.ts';
import { type Column, choiceFilter, RecordList } from '../../components/RecordList.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { PAYMENT_DIRECTIONS, PAYMENT_METHODS, PAYMENT_STATUSES } from '../../lib/enums.ts';
import { formatDate, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/money.ts';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { NewRecordButton } from '../records/NewRecordButton.tsx';

/** Payments: every one for staff, their own for a customer. */
export function PaymentList() {
  const { role } = useSession();
  const staff = isStaff(role);
  const columns: Column<Payment>[] = [
    { key: 'number', label: t('ui.payment'), render: (p) => p.number },
    ...(staff
      ? [
          {
            key: 'customer',
            label: t('ui.customer'),
            render: (p: Payment) => p.customerName ?? '—',
            wide: true,
          },
        ]
      : []),
    { key: 'order', label: t('ui.order'), render: (p) => p.orderNumber ?? '—', wide: true },
    { key: 'paidAt', label: t('ui.paid'), render: (p) => formatDate(p.paidAt), sort: 'paidAt' },
    { key: 'method', label: t('ui.method'), render: (p) => humanize(p.method), wide: true },
    {
      key: 'status',
      label: t('ui.status'),
      render: (p) => <StatusBadge value={p.status} />,
      edit: choiceEdit('status', PAYMENT_STATUSES, (p) => p.status),
    },
    {
      key: 'amount',
      label: t('ui.amount'),
      render: (p) => `${p.direction === 'outgoing' ? '− ' : ''}${formatMoney(p.amount, p.currency)}`,
      align: 'right',
      sort: 'amount',
    },
  ];
  return (
    <RecordList
      title={staff ? 'Payments' : 'My payments'}
      name="payments"
      fetchPage={payments.list}
      {...(staff && { writes: payments })}
      columns={columns}
      filters={[
        choiceFilter('status', PAYMENT_STATUSES),
        choiceFilter('method', PAYMENT_METHODS),
        ...(staff ? [choiceFilter('direction', PAYMENT_DIRECTIONS)] : []),
      ]}
      linkFilters={staff ? ['customerId', 'orderId'] : []}
      sorts={{
        '-paidAt': t('ui.latestPaid'),
        paidAt: t('ui.earliestPaid'),
        '-amount': t('ui.largestAmount'),
        createdAt: t('ui.oldestFirst'),
      }}
      labelOf={(p) => `Payment ${p.number}`}
      searchPlaceholder={t('ui.searchByNumberOrReference')}
      exportable={staff}
      actions={<NewRecordButton area="payments" label={t('ui.recordPayment')} />}
    />
  );
}

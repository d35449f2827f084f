import { payments } from '../../api/endpoints.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/money.ts';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { RecordPage, recordLink } from '../records/RecordPage.tsx';

/** One payment and the order it pays. */
export function PaymentDetail({ id }: { id: number }) {
  const { role } = useSession();
  const staff = isStaff(role);
  const people = useMembers();
  return (
    <RecordPage area="payments" id={id} load={payments.get}>
      {(payment) => (
        <>
          <PageHeader
            title={`Payment ${payment.number}`}
            subtitle={
              <>
                <StatusBadge value={payment.status} /> {formatMoney(payment.amount, payment.currency)}
              </>
            }
            actions={
              staff ? (
                <RecordActions
                  area="payments"
                  record={payment}
                  noun={t('ui.payment')}
                  remove={payments.remove}
                />
              ) : null
            }
          />
          <DetailGrid
            details={[
              { label: t('ui.amount'), value: formatMoney(payment.amount, payment.currency) },
              { label: t('ui.paidOn'), value: formatDate(payment.paidAt) },
              { label: t('ui.method'), value: humanize(payment.method) },
              { label: t('ui.direction'), value: humanize(payment.direction) },
              { label: t('ui.order'), value: recordLink('orders', payment.orderId, payment.orderNumber) },
              ...(staff
                ? [
                    {
                      label: t('ui.customer'),
                      value: recordLink('customers', payment.customerId, payment.customerName),
                    },
                    { label: t('ui.assignedTo'), value: people.nameOf(payment.assignedTo) },
                  ]
                : []),
              { label: t('ui.reference'), value: payment.reference },
              { label: t('ui.notes'), value: payment.notes },
            ]}
          />
        </>
      )}
    </RecordPage>
  );
}

import { payments } from '../../api/endpoints.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, humanize } from '../../lib/format.ts';
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
                <RecordActions area="payments" record={payment} noun="Payment" remove={payments.remove} />
              ) : null
            }
          />
          <DetailGrid
            details={[
              { label: 'Amount', value: formatMoney(payment.amount, payment.currency) },
              { label: 'Paid on', value: formatDate(payment.paidAt) },
              { label: 'Method', value: humanize(payment.method) },
              { label: 'Direction', value: humanize(payment.direction) },
              { label: 'Order', value: recordLink('orders', payment.orderId, payment.orderNumber) },
              ...(staff
                ? [
                    {
                      label: 'Customer',
                      value: recordLink('customers', payment.customerId, payment.customerName),
                    },
                    { label: 'Assigned to', value: people.nameOf(payment.assignedTo) },
                  ]
                : []),
              { label: 'Reference', value: payment.reference },
              { label: 'Notes', value: payment.notes },
            ]}
          />
        </>
      )}
    </RecordPage>
  );
}

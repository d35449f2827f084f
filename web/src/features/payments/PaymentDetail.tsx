import { Stack } from '@mantine/core';
import { payments } from '../../api/endpoints.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, humanize } from '../../lib/format.ts';
import { formatMoney } from '../../lib/money.ts';
import { Link } from '../../lib/router.tsx';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { useRecord } from '../records/useRecord.ts';

export function PaymentDetail({ id }: { id: number }) {
  const { role } = useSession();
  const staff = isStaff(role);
  const people = useMembers();
  const { data: payment, error } = useRecord('payments', id, payments.get);
  if (error) return <ErrorAlert error={error} />;
  if (!payment) return null;

  return (
    <Stack>
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
              base="/payments"
              record={payment}
              noun="Payment"
              remove={payments.remove}
            />
          ) : null
        }
      />
      <DetailGrid
        details={[
          { label: 'Amount', value: formatMoney(payment.amount, payment.currency) },
          { label: 'Paid on', value: formatDate(payment.paidAt) },
          { label: 'Method', value: humanize(payment.method) },
          { label: 'Direction', value: humanize(payment.direction) },
          {
            label: 'Order',
            value: payment.orderId ? (
              <Link to={`/orders/${payment.orderId}`}>{payment.orderNumber}</Link>
            ) : null,
          },
          ...(staff
            ? [
                {
                  label: 'Customer',
                  value: payment.customerId ? (
                    <Link to={`/customers/${payment.customerId}`}>{payment.customerName}</Link>
                  ) : null,
                },
                { label: 'Assigned to', value: people.nameOf(payment.assignedTo) },
              ]
            : []),
          { label: 'Reference', value: payment.reference },
          { label: 'Notes', value: payment.notes },
        ]}
      />
    </Stack>
  );
}

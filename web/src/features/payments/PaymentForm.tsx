import { Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { paymentInput, paymentPatch } from '../../../../src/contracts/record-inputs.ts';
import { orders, payments } from '../../api/endpoints.ts';
import type { Payment } from '../../api/types.ts';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { PAYMENT_DIRECTIONS, PAYMENT_METHODS, PAYMENT_STATUSES } from '../../lib/enums.ts';
import { t } from '../../lib/i18n.ts';
import { useLocation } from '../../lib/router.tsx';
import { useOrganization } from '../../session/useOrganization.ts';
import { orderLabel } from '../orders/summary.ts';
import { AreaPicker, AssigneeSelect, ChoiceSelect } from '../records/fields.tsx';
import { assigneeId, FieldGrid, RecordForm, useRecordForm } from '../records/RecordForm.tsx';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function valuesOf(p: Payment | undefined, orderId: number | null) {
  return {
    orderId: p?.orderId ?? orderId,
    customerId: p?.customerId ?? (null as number | null),
    amount: p?.amount ?? (null as number | null),
    // A new payment takes the order's currency, or the organization's on the server when saved.
    currency: p?.currency ?? (null as string | null),
    method: (p?.method ?? 'bank_transfer') as string | null,
    direction: (p?.direction ?? 'incoming') as string | null,
    status: (p?.status ?? 'completed') as string | null,
    paidAt: p?.paidAt ?? (p ? '' : today()),
    reference: p?.reference ?? '',
    notes: p?.notes ?? '',
    assignedTo: p?.assignedTo ? String(p.assignedTo) : (null as string | null),
  };
}

/** Records a payment, by default what is left to pay on the order it came from. */
export function PaymentForm({ payment }: { payment?: Payment }) {
  const { currency } = useOrganization();
  const { search } = useLocation();
  const fromOrder = Number(search.get('orderId')) || null;
  const form = useRecordForm({
    area: 'payments',
    id: payment?.id,
    initial: valuesOf(payment, fromOrder),
    toInput: (v) => ({ ...v, assignedTo: assigneeId(v.assignedTo) }),
    api: payments,
    schema: { create: paymentInput, update: paymentPatch },
    noun: t('ui.payment'),
    created: (saved) => `Payment ${saved.number} recorded`,
    alsoRefresh: ['orders'],
  });
  // Opening from an order suggests paying what is left of it.
  const order = useQuery({
    queryKey: ['orders', 'one', fromOrder],
    queryFn: () => orders.get(fromOrder!),
    enabled: !payment && fromOrder !== null,
  });
  const suggested = order.data;
  const { set } = form;
  useEffect(() => {
    if (!suggested) return;
    set('amount', suggested.outstanding);
    set('currency', suggested.currency);
  }, [suggested, set]);

  return (
    <RecordForm
      form={form}
      title={payment ? `Edit ${payment.number}` : 'Record a payment'}
      createLabel={t('ui.recordPayment')}
    >
      <FieldGrid>
        <MoneyInput
          label={t('ui.amount')}
          required
          currency={form.values.currency ?? currency}
          {...form.field('amount')}
        />
        <TextInput label={t('ui.paidOn')} type="date" {...form.text('paidAt')} />
        <AreaPicker
          area="orders"
          current={payment?.orderNumber ?? (order.data ? orderLabel(order.data) : null)}
          {...form.field('orderId')}
        />
        <AreaPicker
          area="customers"
          description={t('ui.takenFromTheOrderWhenOneIsChosen')}
          current={payment?.customerName}
          {...form.field('customerId')}
        />
        <ChoiceSelect label={t('ui.method')} choices={PAYMENT_METHODS} {...form.field('method')} />
        <ChoiceSelect label={t('ui.direction')} choices={PAYMENT_DIRECTIONS} {...form.field('direction')} />
        <ChoiceSelect label={t('ui.status')} choices={PAYMENT_STATUSES} {...form.field('status')} />
        <TextInput label={t('ui.reference')} {...form.text('reference')} />
        <AssigneeSelect {...form.field('assignedTo')} />
      </FieldGrid>
      <Textarea label={t('ui.notes')} autosize minRows={2} {...form.text('notes')} />
    </RecordForm>
  );
}

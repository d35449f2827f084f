import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { customers, orders, payments } from '../../api/endpoints.ts';
import type { Payment } from '../../api/types.ts';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { changes, compact, useApiForm } from '../../components/useApiForm.ts';
import { PAYMENT_DIRECTIONS, PAYMENT_METHODS, PAYMENT_STATUSES } from '../../lib/enums.ts';
import { options } from '../../lib/format.ts';
import { navigate, useLocation } from '../../lib/router.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { useOrganization } from '../../session/useOrganization.ts';
import { useRefresh } from '../records/useRecord.ts';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function valuesOf(p: Payment | undefined, currency: string, orderId: number | null) {
  return {
    orderId: p?.orderId ?? orderId,
    customerId: p?.customerId ?? (null as number | null),
    amount: p?.amount ?? (null as number | null),
    currency: p?.currency ?? currency,
    method: (p?.method ?? 'bank_transfer') as string | null,
    direction: (p?.direction ?? 'incoming') as string | null,
    status: (p?.status ?? 'completed') as string | null,
    paidAt: p?.paidAt ?? (p ? '' : today()),
    reference: p?.reference ?? '',
    notes: p?.notes ?? '',
    assignedTo: p?.assignedTo ? String(p.assignedTo) : (null as string | null),
  };
}

type Values = ReturnType<typeof valuesOf>;

function toInput(v: Values): Record<string, unknown> {
  return { ...v, assignedTo: v.assignedTo ? Number(v.assignedTo) : null };
}

export function PaymentForm({ payment }: { payment?: Payment }) {
  const { currency } = useOrganization();
  const { search } = useLocation();
  const fromOrder = Number(search.get('orderId')) || null;
  const initial = valuesOf(payment, currency, fromOrder);
  const form = useApiForm(initial);
  const people = useMembers();
  const notify = useNotify();
  const refresh = useRefresh();
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

  const submit = form.onSubmit(async (values) => {
    const saved = payment
      ? await payments.update(payment.id, changes(toInput(values), toInput(initial)))
      : await payments.create(
          compact({ ...toInput(values), assignedTo: values.assignedTo ? Number(values.assignedTo) : 'me' }),
        );
    await refresh('payments', 'orders');
    notify(payment ? 'Payment saved' : `Payment ${saved.number} recorded`);
    navigate(`/payments/${saved.id}`);
  });

  return (
    <>
      <PageHeader title={payment ? `Edit ${payment.number}` : 'Record a payment'} />
      <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} noValidate>
        <Stack>
          {form.formError ? (
            <Alert color="red" role="alert">
              {form.formError}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <MoneyInput
              label="Amount"
              required
              currency={form.values.currency}
              value={form.values.amount}
              onChange={(v) => form.set('amount', v)}
              error={form.errors.amount}
            />
            <TextInput label="Paid on" type="date" {...form.text('paidAt')} />
            <RecordPicker
              label="Order"
              area="orders"
              fetchPage={orders.list}
              labelOf={(o) => `${o.number} · ${o.customerName ?? ''}`}
              currentLabel={
                payment?.orderNumber ??
                (order.data ? `${order.data.number} · ${order.data.customerName ?? ''}` : null)
              }
              value={form.values.orderId}
              onChange={(v) => form.set('orderId', v)}
              error={form.errors.orderId}
            />
            <RecordPicker
              label="Customer"
              description="Taken from the order when one is chosen"
              area="customers"
              fetchPage={customers.list}
              labelOf={(c) => c.name}
              currentLabel={payment?.customerName}
              value={form.values.customerId}
              onChange={(v) => form.set('customerId', v)}
              error={form.errors.customerId}
            />
            <Select
              label="Method"
              data={options(PAYMENT_METHODS)}
              allowDeselect={false}
              {...form.field('method')}
            />
            <Select
              label="Direction"
              data={options(PAYMENT_DIRECTIONS)}
              allowDeselect={false}
              {...form.field('direction')}
            />
            <Select
              label="Status"
              data={options(PAYMENT_STATUSES)}
              allowDeselect={false}
              {...form.field('status')}
            />
            <TextInput label="Reference" {...form.text('reference')} />
            <Select label="Assigned to" data={people.assignable} clearable {...form.field('assignedTo')} />
          </SimpleGrid>
          <Textarea label="Notes" autosize minRows={2} {...form.text('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => window.history.back()}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              {payment ? 'Save' : 'Record payment'}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}

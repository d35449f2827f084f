import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { customers, orders } from '../../api/endpoints.ts';
import type { Order } from '../../api/types.ts';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { changes, compact, useApiForm } from '../../components/useApiForm.ts';
import { ORDER_STATUSES } from '../../lib/enums.ts';
import { options } from '../../lib/format.ts';
import { navigate, useLocation } from '../../lib/router.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { useOrganization } from '../../session/useOrganization.ts';
import { useRefresh } from '../records/useRecord.ts';
import { blankItem, type ItemDraft, OrderItemsEditor } from './OrderItemsEditor.tsx';

function valuesOf(o: Order | undefined, currency: string, customerId: number | null) {
  return {
    customerId: o?.customerId ?? customerId,
    items: (o?.items?.map((i) => ({
      ...blankItem(),
      description: i.description,
      quantity: i.quantity,
      unitPrice: i.unitPrice,
    })) ?? [blankItem()]) as ItemDraft[],
    currency: o?.currency ?? currency,
    status: (o?.status ?? 'draft') as string | null,
    orderDate: o?.orderDate ?? '',
    discount: o?.discount ?? (null as number | null),
    taxPercent: (o ? o.taxRateBp / 100 : '') as number | string,
    notes: o?.notes ?? '',
    assignedTo: o?.assignedTo ? String(o.assignedTo) : (null as string | null),
  };
}

type Values = ReturnType<typeof valuesOf>;

function toInput(v: Values): Record<string, unknown> {
  const { taxPercent, items, ...rest } = v;
  return {
    ...rest,
    items: items.map((i) => ({
      description: i.description.trim(),
      quantity: Number(i.quantity),
      unitPrice: i.unitPrice ?? 0,
    })),
    // Tax is kept in basis points so 8.25% is exact.
    taxRateBp: taxPercent === '' ? null : Math.round(Number(taxPercent) * 100),
    assignedTo: v.assignedTo ? Number(v.assignedTo) : null,
  };
}

export function OrderForm({ order }: { order?: Order }) {
  const { currency } = useOrganization();
  const { search } = useLocation();
  const initial = valuesOf(order, currency, Number(search.get('customerId')) || null);
  const form = useApiForm(initial);
  const people = useMembers();
  const notify = useNotify();
  const refresh = useRefresh();

  const submit = form.onSubmit(async (values) => {
    const saved = order
      ? await orders.update(order.id, changes(toInput(values), toInput(initial)))
      : await orders.create(
          compact({ ...toInput(values), assignedTo: values.assignedTo ? Number(values.assignedTo) : 'me' }),
        );
    await refresh('orders');
    notify(order ? 'Order saved' : `Order ${saved.number} created`);
    navigate(`/orders/${saved.id}`);
  });

  return (
    <>
      <PageHeader title={order ? `Edit ${order.number}` : 'New order'} />
      <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} noValidate>
        <Stack>
          {form.formError ? (
            <Alert color="red" role="alert">
              {form.formError}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <RecordPicker
              label="Customer"
              area="customers"
              required
              fetchPage={customers.list}
              labelOf={(c) => c.name}
              currentLabel={order?.customerName}
              value={form.values.customerId}
              onChange={(v) => form.set('customerId', v)}
              error={form.errors.customerId}
            />
            <TextInput label="Order date" type="date" {...form.text('orderDate')} />
            <Select
              label="Status"
              data={options(ORDER_STATUSES)}
              allowDeselect={false}
              {...form.field('status')}
            />
            <Select label="Assigned to" data={people.assignable} clearable {...form.field('assignedTo')} />
          </SimpleGrid>
          <OrderItemsEditor
            items={form.values.items}
            currency={form.values.currency}
            onChange={(items) => form.set('items', items)}
            errors={form.errors}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <MoneyInput
              label="Discount"
              currency={form.values.currency}
              value={form.values.discount}
              onChange={(v) => form.set('discount', v)}
              error={form.errors.discount}
            />
            <NumberInput
              label="Tax %"
              min={0}
              max={100}
              decimalScale={2}
              {...form.field('taxPercent')}
              error={form.errors.taxRateBp}
            />
          </SimpleGrid>
          <Textarea label="Notes" autosize minRows={2} {...form.text('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => window.history.back()}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              {order ? 'Save' : 'Create order'}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}

import { NumberInput, Textarea, TextInput } from '@mantine/core';
import { orderInput, orderPatch } from '../../../../src/contracts/record-inputs.ts';
import { orders } from '../../api/endpoints.ts';
import type { OrderDetail } from '../../api/types.ts';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { ORDER_STATUSES } from '../../lib/enums.ts';
import { t } from '../../lib/i18n.ts';
import { useLocation } from '../../lib/router.tsx';
import { useOrganization } from '../../session/useOrganization.ts';
import { AreaPicker, AssigneeSelect, ChoiceSelect } from '../records/fields.tsx';
import { assigneeId, FieldGrid, RecordForm, useRecordForm } from '../records/RecordForm.tsx';
import { blankItem, type ItemDraft, OrderItemsEditor } from './OrderItemsEditor.tsx';

function valuesOf(o: OrderDetail | undefined, customerId: number | null) {
  return {
    customerId: o?.customerId ?? customerId,
    items: (o?.items?.map((i) => ({
      ...blankItem(),
      description: i.description,
      quantity: i.quantity,
      unitPrice: i.unitPrice,
    })) ?? [blankItem()]) as ItemDraft[],
    // A new record takes the organization's currency on the server, as it is when saved.
    currency: o?.currency ?? (null as string | null),
    status: (o?.status ?? 'draft') as string | null,
    orderDate: o?.orderDate ?? '',
    discount: o?.discount ?? (null as number | null),
    taxPercent: (o ? o.taxRateBp / 100 : '') as number | string,
    notes: o?.notes ?? '',
    assignedTo: o?.assignedTo ? String(o.assignedTo) : (null as string | null),
  };
}

type Values = ReturnType<typeof valuesOf>;

function toInput(v: Values) {
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
    assignedTo: assigneeId(v.assignedTo),
  };
}

/** Creates an order with its items or edits one. */
export function OrderForm({ order }: { order?: OrderDetail }) {
  const { currency } = useOrganization();
  const { search } = useLocation();
  const form = useRecordForm({
    area: 'orders',
    id: order?.id,
    initial: valuesOf(order, Number(search.get('customerId')) || null),
    toInput,
    api: orders,
    schema: { create: orderInput, update: orderPatch },
    noun: t('ui.order'),
    created: (saved) => `Order ${saved.number} created`,
  });

  return (
    <RecordForm
      form={form}
      title={order ? `Edit ${order.number}` : 'New order'}
      createLabel={t('ui.createOrder')}
    >
      <FieldGrid>
        <AreaPicker area="customers" required current={order?.customerName} {...form.field('customerId')} />
        <TextInput label={t('ui.orderDate')} type="date" {...form.text('orderDate')} />
        <ChoiceSelect label={t('ui.status')} choices={ORDER_STATUSES} {...form.field('status')} />
        <AssigneeSelect {...form.field('assignedTo')} />
      </FieldGrid>
      <OrderItemsEditor
        items={form.values.items}
        currency={form.values.currency ?? currency}
        onChange={(items) => form.set('items', items)}
        error={form.error}
      />
      <FieldGrid>
        <MoneyInput
          label={t('ui.discount')}
          currency={form.values.currency ?? currency}
          {...form.field('discount')}
        />
        <NumberInput
          label={t('ui.tax')}
          clampBehavior="none"
          decimalScale={2}
          {...form.field('taxPercent')}
          error={form.error('taxRateBp')}
        />
      </FieldGrid>
      <Textarea label={t('ui.notes')} autosize minRows={2} {...form.text('notes')} />
    </RecordForm>
  );
}

import { z } from 'zod';
import { PAYMENT_DIRECTIONS, PAYMENT_METHODS, PAYMENT_STATUSES } from '../domain/vocabulary.ts';
import { defineListTool } from './list-tool.ts';
import * as resolve from './resolve.ts';
import { id, optionalText, ref, text, written } from './results.ts';
import { money } from './shape.ts';
import { defineTool, type ToolContext } from './tool.ts';
import { amount, currency, date, period, recordRef } from './values.ts';

interface PaymentSummary {
  id: number;
  number: string;
  orderId: number | null;
  orderNumber: string | null;
  customerId: number | null;
  customerName: string | null;
  amount: number;
  currency: string;
  method: string;
  direction: string;
  status: string;
  paidAt: string;
}

const method = z.enum(PAYMENT_METHODS);

const recordInput = z
  .object({
    amount,
    order: recordRef('order').optional(),
    customer: recordRef('customer').optional(),
    currency: currency.optional(),
    method: method.optional(),
    direction: z.enum(PAYMENT_DIRECTIONS).optional(),
    paidAt: date.optional(),
    reference: z.string().trim().max(200).optional(),
  })
  .strict();

/** A payment against an order is in the order's currency and for the order's customer. */
async function paymentBody(ctx: ToolContext, input: z.output<typeof recordInput>) {
  const order = input.order === undefined ? undefined : await resolve.order(ctx, input.order);
  const customer = input.customer === undefined ? undefined : await resolve.customer(ctx, input.customer);
  const price = resolve.priced(ctx, input.amount, order?.currency ?? input.currency)!;
  return {
    order,
    customer,
    price,
    body: {
      amount: order ? resolve.amount(input.amount, order.currency) : price.minor,
      currency: order?.currency ?? price.currency,
      ...(order && { orderId: order.id }),
      ...(customer && { customerId: customer.id }),
      ...(input.method !== undefined && { method: input.method }),
      ...(input.direction !== undefined && { direction: input.direction }),
      ...(input.paidAt !== undefined && { paidAt: input.paidAt }),
      ...(input.reference !== undefined && { reference: input.reference }),
    },
  };
}

export const paymentTools = [
  defineListTool({
    name: 'list_payments',
    description: 'List payments and refunds, newest first.',
    requires: { area: 'payments', action: 'read' },
    filters: {
      order: recordRef('order').optional(),
      customer: recordRef('customer').optional(),
      status: z.enum(PAYMENT_STATUSES).optional(),
      method: method.optional(),
      paidIn: period.optional(),
    },
    item: z.looseObject({
      id,
      number: text,
      orderId: ref,
      order: optionalText,
      customerId: ref,
      customer: optionalText,
      amount: written,
      method: text,
      direction: text,
      status: text,
      paidAt: text,
    }),
    names: 'number',
    summary: (p: PaymentSummary) => ({
      id: p.id,
      number: p.number,
      orderId: p.orderId,
      order: p.orderNumber,
      customerId: p.customerId,
      customer: p.customerName,
      amount: money(p.amount, p.currency),
      method: p.method,
      direction: p.direction,
      status: p.status,
      paidAt: p.paidAt,
    }),
    passed: ['status', 'method'],
    async list(ctx, input, filters) {
      const paid = resolve.dates(ctx, input.paidIn);
      return ctx.crm.payments.list(ctx.actor, {
        orderId: input.order === undefined ? undefined : (await resolve.order(ctx, input.order)).id,
        paidFrom: paid?.from,
        paidTo: paid?.to,
        ...filters,
      });
    },
  }),

  defineTool({
    name: 'record_payment',
    kind: 'write',
    description:
      'Record a payment received or a refund (direction outgoing), usually against an order: in its ' +
      'currency, at most what it still owes.',
    requires: { area: 'payments', action: 'create' },
    input: recordInput,
    async describe(ctx, input) {
      const { order, customer, body } = await paymentBody(ctx, input);
      const what = body.direction === 'outgoing' ? 'a refund' : 'a payment';
      const target = order ? ` for order ${order.number}` : customer ? ` from ${customer.name}` : '';
      const how = body.method ? ` by ${body.method.replace('_', ' ')}` : '';
      return `Record ${what} of ${money(body.amount, body.currency)}${target}${how}`;
    },
    async execute(ctx, input) {
      return ctx.crm.payments.create(ctx.actor, (await paymentBody(ctx, input)).body);
    },
  }),
];

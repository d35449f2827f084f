import { z } from 'zod';
import { formatMoney } from '../domain/money.ts';
import { ORDER_STATUSES } from '../domain/vocabulary.ts';
import { defineListTool } from './list-tool.ts';
import { defineGetTool } from './record-tools.ts';
import * as resolve from './resolve.ts';
import { id, optionalText, ref, text, written } from './results.ts';
import { money } from './shape.ts';
import { defineTool, type ToolContext } from './tool.ts';
import { amount, currency, period, recordRef } from './values.ts';

interface OrderSummary {
  id: number;
  number: string;
  status: string;
  currency: string;
  total: number;
  customerId: number | null;
  customerName: string | null;
  orderDate: string;
  paid?: number;
  outstanding?: number;
}

const createInput = z
  .object({
    customer: recordRef('customer'),
    items: z
      .array(
        z
          .object({
            description: z.string().trim().min(1).max(500),
            quantity: z.number().int().min(1).max(1_000_000).default(1),
            unitPrice: amount,
          })
          .strict(),
      )
      .min(1)
      .max(200),
    discount: amount.optional(),
    taxRate: z.number().min(0).max(100).optional().describe('Tax in percent, e.g. 8.25'),
    currency: currency.optional(),
  })
  .strict();

/** Percent as people say it (8.25) to the basis points orders store (825). */
function basisPoints(percent: number): number {
  return Math.round(percent * 100);
}

async function orderBody(ctx: ToolContext, input: z.output<typeof createInput>) {
  const customer = await resolve.customer(ctx, input.customer);
  const currency = (input.currency ?? ctx.actor.settings.currency).toUpperCase();
  return {
    customer,
    currency,
    body: {
      customerId: customer.id,
      currency,
      items: input.items.map((i) => ({
        description: i.description,
        quantity: i.quantity,
        unitPrice: resolve.amount(i.unitPrice, currency),
      })),
      ...(input.discount !== undefined && { discount: resolve.amount(input.discount, currency) }),
      ...(input.taxRate !== undefined && { taxRateBp: basisPoints(input.taxRate) }),
    },
  };
}

export const orderTools = [
  defineListTool({
    name: 'list_orders',
    description: 'List orders, newest first, with their totals and what is still unpaid.',
    requires: { area: 'orders', action: 'read' },
    filters: {
      status: z.enum(ORDER_STATUSES).optional(),
      customer: recordRef('customer').optional(),
      createdIn: period.optional(),
      minTotal: amount.optional(),
    },
    item: z.looseObject({
      id,
      number: text,
      status: text,
      customerId: ref,
      customer: optionalText,
      orderDate: text,
      total: written,
      paid: written.optional(),
      outstanding: written.optional(),
    }),
    names: 'number',
    summary: (o: OrderSummary) => ({
      id: o.id,
      number: o.number,
      status: o.status,
      customerId: o.customerId,
      customer: o.customerName,
      orderDate: o.orderDate,
      total: money(o.total, o.currency),
      ...(o.paid !== undefined && { paid: money(o.paid, o.currency) }),
      ...(o.outstanding !== undefined && { outstanding: money(o.outstanding, o.currency) }),
    }),
    passed: ['status'],
    list: (ctx, input, filters) =>
      ctx.crm.orders.list(ctx.actor, {
        minTotal:
          input.minTotal === undefined
            ? undefined
            : resolve.amount(input.minTotal, ctx.actor.settings.currency),
        ...filters,
      }),
  }),

  defineGetTool({
    name: 'get_order',
    description: 'One order with its items, totals, and paid and outstanding amounts.',
    requires: { area: 'orders', action: 'read' },
    record: 'order',
    find: resolve.order,
  }),

  defineTool({
    name: 'create_order',
    kind: 'write',
    description: 'Create an order for a customer from line items; its totals are computed.',
    requires: { area: 'orders', action: 'create' },
    input: createInput,
    async describe(ctx, input) {
      const { customer, currency, body } = await orderBody(ctx, input);
      const subtotal = body.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0);
      const lines = input.items.length === 1 ? '1 item' : `${input.items.length} items`;
      return `Create an order for ${customer.name}: ${lines}, ${formatMoney(subtotal, currency)} before discount and tax`;
    },
    async execute(ctx, input) {
      return ctx.crm.orders.create(ctx.actor, (await orderBody(ctx, input)).body);
    },
  }),
];

import { formatMoney } from '../domain/money.ts';
import * as resolve from './resolve.ts';
import { listed, money } from './shape.ts';
import { defineTool, type ToolContext, type ToolInputOf } from './types.ts';

interface OrderSummary {
  id: number;
  number: string;
  status: string;
  currency: string;
  total: number;
  customerId: number | null;
  orderDate: string;
  paid?: number;
  outstanding?: number;
}

const compact = (o: OrderSummary) => ({
  id: o.id,
  number: o.number,
  status: o.status,
  customerId: o.customerId,
  orderDate: o.orderDate,
  total: money(o.total, o.currency),
  ...(o.paid !== undefined && { paid: money(o.paid, o.currency) }),
  ...(o.outstanding !== undefined && { outstanding: money(o.outstanding, o.currency) }),
});

/** Percent as people say it (8.25) to the basis points orders store (825). */
function basisPoints(percent: number): number {
  return Math.round(percent * 100);
}

async function orderBody(ctx: ToolContext, input: ToolInputOf<'create_order'>) {
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
  defineTool({
    name: 'list_orders',
    kind: 'read',
    description:
      'List orders, newest first, with their totals and what is still unpaid. Filter by status, customer, ' +
      'when created, or a minimum total.',
    requires: { area: 'orders', action: 'read' },
    async execute(ctx, input) {
      const created = resolve.dates(ctx, input.createdIn);
      const page = await ctx.crm.orders.list(ctx.actor, {
        status: input.status,
        customerId:
          input.customer === undefined ? undefined : (await resolve.customer(ctx, input.customer)).id,
        createdFrom: created?.from,
        createdTo: created?.to,
        minTotal:
          input.minTotal === undefined
            ? undefined
            : resolve.amount(input.minTotal, ctx.actor.settings.currency),
        limit: input.limit ?? 20,
      });
      return listed(page, compact);
    },
  }),

  defineTool({
    name: 'get_order',
    kind: 'read',
    description:
      'One order with its items, totals, paid and outstanding amounts, by id, "#12" or ORD- number.',
    requires: { area: 'orders', action: 'read' },
    execute: (ctx, input) => resolve.order(ctx, input.order),
  }),

  defineTool({
    name: 'create_order',
    kind: 'write',
    description:
      'Create an order for a customer with one or more line items (description, quantity, unit price), an ' +
      'optional discount and tax rate in percent. Totals are computed.',
    requires: { area: 'orders', action: 'create' },
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

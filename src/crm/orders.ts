import { type Expression, type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { Database, OrderItemRow, OrderRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { formatMoney } from '../domain/money.ts';
import { canonicalNumber, type NumberedKind } from '../domain/numbering.ts';
import { localDate } from '../domain/periods.ts';
import { isoNow } from '../domain/time.ts';
import { ORDER_STATUSES } from '../domain/vocabulary.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import {
  createdRange,
  currency,
  dayAfter,
  id,
  isoDate,
  minorAmount,
  optionalText,
  text,
  userRef,
} from './fields.ts';
import { listQuery, numberPrefix, paginate, prefixMatch, sortable } from './list.ts';
import {
  assigneeForNew,
  readScope,
  requireGrant,
  requireRowGrant,
  requireStaff,
  requireVisible,
  resolveUserRef,
} from './scope.ts';
import { nextNumber } from './sequences.ts';

/**
 * Lines, discount and tax can change only before the order is shipped: once goods have left, the order is
 * what was sent and invoiced, and a correction is a new order or a refund.
 */
export const EDITABLE_ORDER_STATUSES = ['draft', 'confirmed'] as const;

/** The largest amount any order may reach, as minorAmount allows for a single amount. */
const MAX_TOTAL = 10_000_000_000_000n;

const item = z
  .object({
    description: text(500),
    quantity: z.number().int('must be a whole number').min(1).max(1_000_000),
    unitPrice: minorAmount,
  })
  .strict();

/** Tax as a rate in basis points (825 = 8.25%), charged on the subtotal after the discount. */
const taxRateBp = z.number().int('must be whole basis points (8.25% is 825)').min(0).max(10_000);
const status = z.enum(ORDER_STATUSES);

export const orderInput = z
  .object({
    customerId: id,
    dealId: id.nullish(),
    items: z.array(item).min(1, 'an order needs at least one item').max(200),
    taxRateBp: taxRateBp.default(0),
    discount: minorAmount.default(0),
    currency: currency.optional(),
    status: status.default('draft'),
    orderDate: isoDate.optional(),
    assignedTo: userRef.nullish(),
    notes: optionalText(10_000),
  })
  .strict();

export const orderPatch = orderInput
  .omit({ taxRateBp: true, discount: true, status: true })
  .extend({ taxRateBp, discount: minorAmount, status })
  .partial()
  .strict();

const amountFilter = z.coerce.number().int().min(0).max(1e13).optional();
const SORT = sortable(['created_at', 'order_date', 'total']);
export const orderListQuery = listQuery(SORT, {
  status: status.optional(),
  customerId: id.optional(),
  dealId: id.optional(),
  assignedTo: userRef.optional(),
  orderFrom: isoDate.optional(),
  orderTo: isoDate.optional(),
  minTotal: amountFilter,
  maxTotal: amountFilter,
  ...createdRange,
});

export interface OrderLine {
  description: string;
  quantity: number;
  unitPrice: number;
}

export interface OrderTotals {
  lineTotals: number[];
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

/**
 * Exact order arithmetic in minor units: line = quantity x unit price; subtotal = sum of lines; tax =
 * (subtotal - discount) x rate, rounded half up once for the whole order. BigInt keeps intermediate products
 * (a million units of a large price, times a rate) exact before the result is checked against the limit.
 */
export function orderTotals(
  lines: readonly OrderLine[],
  discount: number,
  rateBp: number,
  currencyCode: string,
): OrderTotals {
  const money = (v: bigint) => formatMoney(Number(v), currencyCode);
  const lineTotals = lines.map((l) => BigInt(l.quantity) * BigInt(l.unitPrice));
  const subtotal = lineTotals.reduce((sum, v) => sum + v, 0n);
  if (subtotal > MAX_TOTAL) throw invalid(`The order's items add up to more than ${money(MAX_TOTAL)}`);
  if (BigInt(discount) > subtotal) {
    throw invalid(
      `The discount (${money(BigInt(discount))}) is larger than the subtotal (${money(subtotal)})`,
    );
  }
  const taxable = subtotal - BigInt(discount);
  const tax = (taxable * BigInt(rateBp) + 5_000n) / 10_000n;
  const total = taxable + tax;
  if (total > MAX_TOTAL) throw invalid(`The order's total would exceed ${money(MAX_TOTAL)}`);
  return {
    lineTotals: lineTotals.map(Number),
    subtotal: Number(subtotal),
    discount,
    tax: Number(tax),
    total: Number(total),
  };
}

export function toOrder(r: OrderRow) {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    dealId: r.deal_id,
    status: r.status,
    currency: r.currency,
    subtotal: r.subtotal,
    discount: r.discount,
    taxRateBp: r.tax_rate_bp,
    tax: r.tax,
    total: r.total,
    orderDate: r.order_date,
    notes: r.notes,
    assignedTo: r.assigned_to,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Order = ReturnType<typeof toOrder>;

export function toOrderItem(r: OrderItemRow) {
  return {
    id: r.id,
    position: r.position,
    description: r.description,
    quantity: r.quantity,
    unitPrice: r.unit_price,
    lineTotal: r.line_total,
  };
}

type OrderViewRow = OrderRow & { customer_name: string | null; paid: number; outstanding: number };

function toOrderView(r: OrderViewRow) {
  return { ...toOrder(r), customerName: r.customer_name, paid: r.paid, outstanding: r.outstanding };
}

/**
 * What has been paid on an order: completed incoming payments less completed refunds (outgoing payments).
 * Pending, failed and refunded payments do not count.
 */
export function paidOn(orderId: Expression<number> | number) {
  return sql<number>`cast(coalesce((
    select sum(case when p.direction = 'incoming' then p.amount else -p.amount end)
    from payments p
    where p.order_id = ${orderId} and p.status = 'completed'
  ), 0) as bigint)`;
}

/** Orders with their customer's name and balance; columns are qualified because customers share their names. */
function withBalance(orders: SelectQueryBuilder<Database, 'orders', object>) {
  const paid = paidOn(sql.ref('orders.id'));
  return orders
    .leftJoin('customers', 'customers.id', 'orders.customer_id')
    .selectAll('orders')
    .select([
      'customers.name as customer_name',
      paid.as('paid'),
      sql<number>`orders.total - ${paid}`.as('outstanding'),
    ]);
}

/** The orders `actor` may read; the scope goes in before the join because it is written for orders alone. */
function readableOrders(q: Db, actor: Actor) {
  return withBalance(q.selectFrom('orders').where(readScope(actor, 'orders', 'orders')));
}

/** "ORD-2026-12" in any case, as stored ("ORD-2026-0012"); anything else is a clear 400. */
export function normaliseNumber(kind: NumberedKind, text: string, example: string): string {
  const number = canonicalNumber(kind, text);
  if (!number) throw invalid(`"${text}" is not a ${kind} number such as ${example}`);
  return number;
}

/** Locks an order row for the rest of the transaction, so balance checks and payments cannot interleave. */
export async function lockOrder(trx: Db, orderId: number): Promise<void> {
  // SQLite runs one write transaction at a time on its single connection, so it needs no row lock.
  if (!isPostgres(trx)) return;
  await trx.selectFrom('orders').select('id').where('id', '=', orderId).forUpdate().execute();
}

export async function paidAmount(trx: Db, orderId: number, exceptPaymentId?: number): Promise<number> {
  const row = await trx
    .selectFrom('payments')
    .select(
      sql<number>`cast(coalesce(sum(case when direction = 'incoming' then amount else -amount end), 0) as bigint)`.as(
        'paid',
      ),
    )
    .where('order_id', '=', orderId)
    .where('status', '=', 'completed')
    .$if(exceptPaymentId !== undefined, (qb) => qb.where('id', '!=', exceptPaymentId!))
    .executeTakeFirstOrThrow();
  return Number(row.paid);
}

function linesOf(items: OrderItemRow[]): OrderLine[] {
  return items.map((i) => ({ description: i.description, quantity: i.quantity, unitPrice: i.unit_price }));
}

export function ordersService(deps: CrmDeps) {
  const { db, clock } = deps;

  async function load(actor: Actor, orderId: number): Promise<OrderRow> {
    const row = await db
      .selectFrom('orders')
      .selectAll()
      .where('orders.id', '=', orderId)
      .where(readScope(actor, 'orders', 'orders'))
      .executeTakeFirst();
    if (!row) throw notFound('order', orderId);
    return row;
  }

  async function itemsOf(q: Db, orderId: number): Promise<OrderItemRow[]> {
    return q
      .selectFrom('order_items')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('position')
      .execute();
  }

  /** The order as `GET /orders/:id` shows it. Callers have checked access already. */
  async function detail(q: Db, orderId: number) {
    const row = await withBalance(q.selectFrom('orders'))
      .where('orders.id', '=', orderId)
      .executeTakeFirstOrThrow();
    return { ...toOrderView(row), items: (await itemsOf(q, orderId)).map(toOrderItem) };
  }

  /** The deal an order comes from must be readable, and be about the order's customer if it names one. */
  async function checkDeal(actor: Actor, dealId: number | null | undefined, customerId: number | null) {
    if (dealId == null) return null;
    const deal = await db
      .selectFrom('deals')
      .select(['deals.id', 'deals.customer_id', 'deals.currency'])
      .where('deals.id', '=', dealId)
      .where(readScope(actor, 'deals', 'deals'))
      .executeTakeFirst();
    if (!deal) throw notFound('deal', dealId);
    if (deal.customer_id !== null && customerId !== null && deal.customer_id !== customerId) {
      throw invalid(`deal ${dealId} belongs to customer ${deal.customer_id}, not customer ${customerId}`);
    }
    return deal;
  }

  async function insertItems(
    trx: Db,
    actor: Actor,
    orderId: number,
    lines: OrderLine[],
    totals: OrderTotals,
  ) {
    await trx
      .insertInto('order_items')
      .values(
        lines.map((l, i) => ({
          organization_id: actor.organizationId,
          order_id: orderId,
          position: i + 1,
          description: l.description,
          quantity: l.quantity,
          unit_price: l.unitPrice,
          line_total: totals.lineTotals[i]!,
        })),
      )
      .execute();
  }

  async function snapshot(q: Db, row: OrderRow) {
    return { ...toOrder(row), items: (await itemsOf(q, row.id)).map(toOrderItem) };
  }

  const service = {
    async list(actor: Actor, raw: unknown) {
      const p = orderListQuery.parse(raw);
      let q = readableOrders(db, actor);
      if (p.status) q = q.where('orders.status', '=', p.status);
      if (p.customerId !== undefined) q = q.where('orders.customer_id', '=', p.customerId);
      if (p.dealId !== undefined) q = q.where('orders.deal_id', '=', p.dealId);
      if (p.assignedTo !== undefined)
        q = q.where('orders.assigned_to', '=', resolveUserRef(actor, p.assignedTo)!);
      if (p.orderFrom) q = q.where('orders.order_date', '>=', p.orderFrom);
      if (p.orderTo) q = q.where('orders.order_date', '<=', p.orderTo);
      if (p.minTotal !== undefined) q = q.where('orders.total', '>=', p.minTotal);
      if (p.maxTotal !== undefined) q = q.where('orders.total', '<=', p.maxTotal);
      if (p.createdFrom) q = q.where('orders.created_at', '>=', p.createdFrom);
      if (p.createdTo) q = q.where('orders.created_at', '<', dayAfter(p.createdTo));
      if (p.q) {
        const term = p.q;
        q = q.where((eb) =>
          eb.or([numberPrefix(db, 'orders.number', term), prefixMatch(db, 'customers.name_key', term)]),
        );
      }
      const page = await paginate(q, p, SORT, 'orders');
      return { items: page.items.map(toOrderView), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, orderId: number) {
      return detail(db, (await load(actor, orderId)).id);
    },

    /** An order by its number ("ORD-2026-0012", any case, zeros optional), within what the actor may read. */
    async getByNumber(actor: Actor, number: string) {
      const wanted = normaliseNumber('order', number, 'ORD-2026-0012');
      const row = await db
        .selectFrom('orders')
        .select('orders.id')
        .where('orders.number', '=', wanted)
        .where(readScope(actor, 'orders', 'orders'))
        .executeTakeFirst();
      if (!row) throw notFound('order', wanted);
      return detail(db, row.id);
    },

    async create(actor: Actor, raw: unknown) {
      requireGrant(actor, 'orders', 'create');
      const input = orderInput.parse(raw);
      const assignee = await assigneeForNew(db, actor, input.assignedTo);
      await requireVisible(db, actor, 'customers', 'customers', input.customerId, 'customer');
      const deal = await checkDeal(actor, input.dealId, input.customerId);
      const orderCurrency = input.currency ?? deal?.currency ?? actor.settings.currency;
      const totals = orderTotals(input.items, input.discount, input.taxRateBp, orderCurrency);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const number = await nextNumber(trx, actor.organizationId, 'order', now);
        const row = await trx
          .insertInto('orders')
          .values({
            organization_id: actor.organizationId,
            number,
            customer_id: input.customerId,
            deal_id: input.dealId ?? null,
            status: input.status,
            currency: orderCurrency,
            subtotal: totals.subtotal,
            discount: totals.discount,
            tax_rate_bp: input.taxRateBp,
            tax: totals.tax,
            total: totals.total,
            order_date: input.orderDate ?? localDate(clock(), actor.settings.timezone),
            notes: input.notes ?? null,
            assigned_to: assignee,
            created_by: actor.userId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await insertItems(trx, actor, row.id, input.items, totals);
        await recordAudit(trx, actor, now, {
          action: 'create',
          entity: 'order',
          entityId: row.id,
          after: await snapshot(trx, row),
        });
        return detail(trx, row.id);
      });
    },

    /**
     * Changes an order. Items, discount, tax rate and currency change only while the order is draft or
     * confirmed (409 after), and the totals are recomputed from them. Whatever changes, the total may not fall
     * below what has been paid, and an order with payments keeps its customer and currency.
     */
    async update(actor: Actor, orderId: number, raw: unknown) {
      const input = orderPatch.parse(raw);
      const before = await load(actor, orderId);
      requireRowGrant(actor, 'orders', 'update', before);
      const repricing =
        input.items !== undefined ||
        input.discount !== undefined ||
        input.taxRateBp !== undefined ||
        (input.currency !== undefined && input.currency !== before.currency);
      if (repricing && !(EDITABLE_ORDER_STATUSES as readonly string[]).includes(before.status)) {
        throw conflict(
          `Order ${before.number} is ${before.status}; its items, discount, tax and currency can change only ` +
            `while it is ${EDITABLE_ORDER_STATUSES.join(' or ')}`,
        );
      }
      const customerId = input.customerId ?? before.customer_id;
      if (input.customerId !== undefined && input.customerId !== before.customer_id)
        await requireVisible(db, actor, 'customers', 'customers', input.customerId, 'customer');
      if (input.dealId !== undefined || input.customerId !== undefined)
        await checkDeal(actor, input.dealId === undefined ? before.deal_id : input.dealId, customerId);
      const changes: Record<string, unknown> = {
        ...(input.customerId !== undefined && { customer_id: input.customerId }),
        ...(input.dealId !== undefined && { deal_id: input.dealId }),
        ...(input.status !== undefined && { status: input.status }),
        ...(input.orderDate !== undefined && { order_date: input.orderDate }),
        ...(input.notes !== undefined && { notes: input.notes }),
      };
      if (input.assignedTo !== undefined) {
        const assignee = resolveUserRef(actor, input.assignedTo) ?? null;
        if (assignee != null) await requireStaff(db, actor, assignee);
        changes.assigned_to = assignee;
      }
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        await lockOrder(trx, before.id);
        const beforeItems = await itemsOf(trx, before.id);
        const lines = input.items ?? linesOf(beforeItems);
        const orderCurrency = input.currency ?? before.currency;
        const totals = orderTotals(
          lines,
          input.discount ?? before.discount,
          input.taxRateBp ?? before.tax_rate_bp,
          orderCurrency,
        );
        await checkAgainstPayments(trx, before, { customerId, currency: orderCurrency, total: totals.total });
        if (repricing) {
          Object.assign(changes, {
            currency: orderCurrency,
            subtotal: totals.subtotal,
            discount: totals.discount,
            tax_rate_bp: input.taxRateBp ?? before.tax_rate_bp,
            tax: totals.tax,
            total: totals.total,
          });
        }
        const row = await trx
          .updateTable('orders')
          .set({ ...changes, updated_at: now })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (input.items !== undefined) {
          await trx.deleteFrom('order_items').where('order_id', '=', before.id).execute();
          await insertItems(trx, actor, before.id, lines, totals);
        }
        await recordAudit(trx, actor, now, {
          action: 'update',
          entity: 'order',
          entityId: row.id,
          before: { ...toOrder(before), items: beforeItems.map(toOrderItem) },
          after: await snapshot(trx, row),
        });
        return detail(trx, row.id);
      });
    },

    /** Owners only. An order with payments is kept (409) so the money stays traceable; delete those first. */
    async remove(actor: Actor, orderId: number) {
      const before = await load(actor, orderId);
      requireRowGrant(actor, 'orders', 'delete', before);
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        await lockOrder(trx, before.id);
        const payments = await trx
          .selectFrom('payments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('order_id', '=', before.id)
          .executeTakeFirstOrThrow();
        if (Number(payments.n) > 0) {
          throw conflict(
            `Order ${before.number} has ${payments.n} payment(s); delete them first so no money goes untraced`,
          );
        }
        const items = await itemsOf(trx, before.id);
        await trx.deleteFrom('orders').where('id', '=', before.id).execute();
        await recordAudit(trx, actor, now, {
          action: 'delete',
          entity: 'order',
          entityId: before.id,
          before: { ...toOrder(before), items: items.map(toOrderItem) },
        });
      });
    },
  };
  return service;
}

/** Keeps an order consistent with the payments already made against it. */
async function checkAgainstPayments(
  trx: Db,
  before: OrderRow,
  next: { customerId: number | null; currency: string; total: number },
): Promise<void> {
  const paid = await paidAmount(trx, before.id);
  if (next.total < paid) {
    throw invalid(
      `Order ${before.number} has ${formatMoney(paid, before.currency)} paid; its total cannot drop to ` +
        `${formatMoney(next.total, next.currency)}. Refund the difference first`,
    );
  }
  const changesParty = next.customerId !== before.customer_id || next.currency !== before.currency;
  if (!changesParty) return;
  const payments = await trx
    .selectFrom('payments')
    .select('id')
    .where('order_id', '=', before.id)
    .limit(1)
    .execute();
  if (payments.length > 0) {
    throw invalid(
      `Order ${before.number} has payments; its customer and currency stay as they are (${before.currency})`,
    );
  }
}

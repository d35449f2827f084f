import type { Updateable } from 'kysely';
import type { z } from 'zod';
import { orderInput, orderPatch, orderStatus as status } from '../contracts/record-inputs.ts';
import type { Db } from '../db/index.ts';
import type { OrderRow, OrdersTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { formatMoney } from '../domain/money.ts';
import { localDate } from '../domain/periods.ts';
import { isoNow } from '../domain/time.ts';
import type { CrmDeps } from './deps.ts';
import { createdRange, id, isoDate, userRef } from './fields.ts';
import { amountFilter, applyFilters, rangeFilters, recordFilters } from './filters.ts';
import { listQuery, pageOf, paginate, sortable } from './list.ts';
import {
  insertItems,
  itemsOf,
  linesOf,
  ORDER,
  orderDetail,
  paidAmount,
  readableOrders,
  toOrderView,
} from './order-records.ts';
import { orderTotals } from './order-totals.ts';
import {
  assigneeChange,
  idByNumber,
  insertRecord,
  loadRecord,
  patchColumns,
  removeRecord,
  updateRecord,
} from './records.ts';
import { assigneeForNew, readScope, requireGrant, requireVisible } from './scope.ts';
import { searchMatch } from './search-match.ts';
import { nextNumber, normaliseNumber } from './sequences.ts';

export type { Order, OrderDetail, OrderItem } from '../contracts/orders.ts';
export {
  lockOrder,
  type OrderColumns,
  paidAmount,
  paidOn,
  toOrder,
  toOrderItem,
} from './order-records.ts';
export { type OrderLine, type OrderTotals, orderTotals } from './order-totals.ts';
export { normaliseNumber } from './sequences.ts';
/** The input schemas are shared with the web app's forms. */
export { orderInput, orderPatch };

/**
 * Lines, discount and tax can change only before the order is shipped: once goods have left, the order is
 * what was sent and invoiced, and a correction is a new order or a refund.
 */
export const EDITABLE_ORDER_STATUSES = ['draft', 'confirmed'] as const;

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

type OrderPatch = z.output<typeof orderPatch>;

const FILTERS = recordFilters(
  'orders',
  { status: 'status', customerId: 'customer_id', dealId: 'deal_id' },
  {
    ...rangeFilters('orders.order_date', 'orderFrom', 'orderTo'),
    ...rangeFilters('orders.total', 'minTotal', 'maxTotal'),
  },
);

export function ordersService(deps: CrmDeps) {
  const { db, clock } = deps;

  /** The deal an order comes from must be readable, and be about the order's customer if it names one. */
  async function checkDeal(
    q: Db,
    actor: Actor,
    dealId: number | null | undefined,
    customerId: number | null,
  ) {
    if (dealId == null) return null;
    const deal = await q
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

  /**
   * The columns an update changes, checked against the locked order and its payments; replaced items are
   * written here. Items, discount, tax rate and currency change only while the order is draft or confirmed
   * (409 after), and the totals are recomputed from them. The total may not fall below what has been paid,
   * and an order with payments keeps its customer and currency.
   */
  async function changesOf(trx: Db, actor: Actor, before: OrderRow, input: OrderPatch) {
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
      await requireVisible(trx, actor, 'customers', 'customers', input.customerId, 'customer');
    if (input.dealId !== undefined || input.customerId !== undefined)
      await checkDeal(trx, actor, input.dealId === undefined ? before.deal_id : input.dealId, customerId);
    const changes: Updateable<OrdersTable> = {
      ...patchColumns(input, {
        customerId: 'customer_id',
        dealId: 'deal_id',
        status: 'status',
        orderDate: 'order_date',
        notes: 'notes',
      }),
      ...(await assigneeChange(trx, actor, input.assignedTo)),
    };
    const lines = input.items ?? linesOf(await itemsOf(trx, before.id));
    const orderCurrency = input.currency ?? before.currency;
    const taxRateBp = input.taxRateBp ?? before.tax_rate_bp;
    const totals = orderTotals(lines, input.discount ?? before.discount, taxRateBp, orderCurrency);
    await checkAgainstPayments(trx, before, { customerId, currency: orderCurrency, total: totals.total });
    if (input.items !== undefined) {
      await trx.deleteFrom('order_items').where('order_id', '=', before.id).execute();
      await insertItems(trx, actor, before.id, lines, totals);
    }
    if (!repricing) return changes;
    const { subtotal, discount, tax, total } = totals;
    return { ...changes, currency: orderCurrency, subtotal, discount, tax_rate_bp: taxRateBp, tax, total };
  }

  const service = {
    async list(actor: Actor, raw: unknown) {
      const p = orderListQuery.parse(raw);
      let q = applyFilters(readableOrders(db, actor), p, FILTERS, actor);
      if (p.q) {
        const term = p.q;
        // An order is found by its own number or by its customer's name.
        const matches = [await searchMatch(db, 'orders', term), await searchMatch(db, 'customers', term)];
        q = q.where((eb) => eb.or(matches));
      }
      return pageOf(await paginate(q, p, SORT, 'orders'), toOrderView);
    },

    async get(actor: Actor, orderId: number) {
      return orderDetail(db, (await loadRecord(db, actor, ORDER, orderId)).id);
    },

    /** An order by its number ("ORD-2026-0012", any case, zeros optional), within what the actor may read. */
    async getByNumber(actor: Actor, number: string) {
      const wanted = normaliseNumber('order', number, 'ORD-2026-0012');
      return orderDetail(db, await idByNumber(db, actor, ORDER, wanted));
    },

    async create(actor: Actor, raw: unknown) {
      requireGrant(actor, 'orders', 'create');
      const input = orderInput.parse(raw);
      const assignee = await assigneeForNew(db, actor, input.assignedTo);
      await requireVisible(db, actor, 'customers', 'customers', input.customerId, 'customer');
      const deal = await checkDeal(db, actor, input.dealId, input.customerId);
      const orderCurrency = input.currency ?? deal?.currency ?? actor.settings.currency;
      const totals = orderTotals(input.items, input.discount, input.taxRateBp, orderCurrency);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const number = await nextNumber(trx, actor.organizationId, 'order', now);
        const row = await insertRecord(
          trx,
          actor,
          now,
          ORDER,
          {
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
          },
          (order) => insertItems(trx, actor, order.id, input.items, totals),
        );
        return orderDetail(trx, row.id);
      });
    },

    /** Changes an order; see `changesOf` for what may change when. */
    async update(actor: Actor, orderId: number, raw: unknown) {
      const input = orderPatch.parse(raw);
      return updateRecord(deps, actor, ORDER, orderId, {
        changes: (trx, before) => changesOf(trx, actor, before, input),
        result: (trx, row) => orderDetail(trx, row.id),
      });
    },

    /** Owners only. An order with payments is kept (409) so the money stays traceable; delete those first. */
    async remove(actor: Actor, orderId: number) {
      await removeRecord(deps, actor, ORDER, orderId, async (trx, before) => {
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

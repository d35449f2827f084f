import type { SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import type { Database, OrderRow, PaymentRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { formatMoney } from '../domain/money.ts';
import { localDate } from '../domain/periods.ts';
import { isoNow } from '../domain/time.ts';
import { PAYMENT_DIRECTIONS, PAYMENT_METHODS, PAYMENT_STATUSES } from '../domain/vocabulary.ts';
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
  userRef,
} from './fields.ts';
import { listQuery, numberPrefix, paginate, sortable } from './list.ts';
import { lockOrder, normaliseNumber, paidAmount } from './orders.ts';
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

const amount = minorAmount.min(1, 'must be more than zero');
const method = z.enum(PAYMENT_METHODS);
/** incoming: money from the customer; outgoing: money back to them (a refund). */
const direction = z.enum(PAYMENT_DIRECTIONS);
const status = z.enum(PAYMENT_STATUSES);

export const paymentInput = z
  .object({
    orderId: id.nullish(),
    customerId: id.nullish(),
    amount,
    currency: currency.optional(),
    method: method.default('other'),
    direction: direction.default('incoming'),
    status: status.default('completed'),
    paidAt: isoDate.optional(),
    reference: optionalText(200),
    notes: optionalText(10_000),
    assignedTo: userRef.nullish(),
  })
  .strict();

export const paymentPatch = paymentInput
  .omit({ method: true, direction: true, status: true })
  .extend({ method, direction, status, paidAt: isoDate })
  .partial()
  .strict();

const amountFilter = z.coerce.number().int().min(0).max(1e13).optional();
const SORT = sortable(['created_at', 'paid_at', 'amount']);
export const paymentListQuery = listQuery(SORT, {
  status: status.optional(),
  method: method.optional(),
  direction: direction.optional(),
  orderId: id.optional(),
  customerId: id.optional(),
  assignedTo: userRef.optional(),
  currency: currency.optional(),
  paidFrom: isoDate.optional(),
  paidTo: isoDate.optional(),
  minAmount: amountFilter,
  maxAmount: amountFilter,
  ...createdRange,
});

export function toPayment(r: PaymentRow) {
  return {
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    customerId: r.customer_id,
    amount: r.amount,
    currency: r.currency,
    method: r.method,
    direction: r.direction,
    status: r.status,
    paidAt: r.paid_at,
    reference: r.reference,
    notes: r.notes,
    assignedTo: r.assigned_to,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Payment = ReturnType<typeof toPayment>;

type PaymentViewRow = PaymentRow & { order_number: string | null; customer_name: string | null };

function toPaymentView(r: PaymentViewRow) {
  return { ...toPayment(r), orderNumber: r.order_number, customerName: r.customer_name };
}

function withNames(payments: SelectQueryBuilder<Database, 'payments', object>) {
  return payments
    .leftJoin('orders', 'orders.id', 'payments.order_id')
    .leftJoin('customers', 'customers.id', 'payments.customer_id')
    .selectAll('payments')
    .select(['orders.number as order_number', 'customers.name as customer_name']);
}

function readablePayments(q: Db, actor: Actor) {
  return withNames(q.selectFrom('payments').where(readScope(actor, 'payments', 'payments')));
}

/** What a payment contributes to its order's paid amount. */
function contribution(p: { amount: number; direction: string; status: string }): number {
  if (p.status !== 'completed') return 0;
  return p.direction === 'incoming' ? p.amount : -p.amount;
}

/**
 * Refuses a change that would leave an order paid beyond its total (an overpayment) or below zero (refunds
 * beyond what was paid). `paidByOthers` is what the order's other payments add up to, read under the order's
 * lock; `next` is the payment as it will be, or null when it leaves the order.
 */
function checkBalance(
  order: OrderRow,
  paidByOthers: number,
  next: { amount: number; direction: string; status: string } | null,
): void {
  const money = (v: number) => formatMoney(v, order.currency);
  const paid = paidByOthers + (next ? contribution(next) : 0);
  if (paid > order.total) {
    const outstanding = order.total - paidByOthers;
    throw invalid(
      `A payment of ${money(next!.amount)} exceeds the outstanding balance of order ${order.number}: ` +
        `${money(Math.max(outstanding, 0))} of ${money(order.total)} is unpaid`,
      { orderId: order.id, total: order.total, paid: paidByOthers, outstanding, currency: order.currency },
    );
  }
  if (paid < 0) {
    const what = next?.direction === 'outgoing' ? `A refund of ${money(next.amount)}` : 'This change';
    throw invalid(
      `${what} would leave order ${order.number} with more refunded than paid: ` +
        `${money(Math.max(paidByOthers, 0))} has been paid`,
      { orderId: order.id, total: order.total, paid: paidByOthers, currency: order.currency },
    );
  }
}

interface Links {
  order: OrderRow | null;
  customerId: number | null;
  currency: string;
}

export function paymentsService(deps: CrmDeps) {
  const { db, clock } = deps;

  async function load(actor: Actor, paymentId: number): Promise<PaymentRow> {
    const row = await db
      .selectFrom('payments')
      .selectAll()
      .where('payments.id', '=', paymentId)
      .where(readScope(actor, 'payments', 'payments'))
      .executeTakeFirst();
    if (!row) throw notFound('payment', paymentId);
    return row;
  }

  async function detail(q: Db, paymentId: number) {
    return toPaymentView(
      await withNames(q.selectFrom('payments'))
        .where('payments.id', '=', paymentId)
        .executeTakeFirstOrThrow(),
    );
  }

  /**
   * The order and customer a payment belongs to. With an order, the customer is the order's (a different one
   * given is refused) and the currency must be the order's; without one, a readable customer is required.
   */
  async function resolveLinks(
    actor: Actor,
    orderId: number | null,
    customerId: number | null | undefined,
    givenCurrency: string | undefined,
  ): Promise<Links> {
    if (orderId === null) {
      if (customerId == null) throw invalid('A payment needs an order (orderId) or a customer (customerId)');
      await requireVisible(db, actor, 'customers', 'customers', customerId, 'customer');
      return { order: null, customerId, currency: givenCurrency ?? actor.settings.currency };
    }
    const order = await db
      .selectFrom('orders')
      .selectAll()
      .where('orders.id', '=', orderId)
      .where(readScope(actor, 'orders', 'orders'))
      .executeTakeFirst();
    if (!order) throw notFound('order', orderId);
    if (customerId != null && order.customer_id !== null && customerId !== order.customer_id) {
      throw invalid(
        `Order ${order.number} belongs to customer ${order.customer_id}; a payment for it cannot name customer ${customerId}`,
      );
    }
    if (customerId != null && order.customer_id === null)
      await requireVisible(db, actor, 'customers', 'customers', customerId, 'customer');
    const paymentCurrency = givenCurrency ?? order.currency;
    if (paymentCurrency !== order.currency) {
      throw invalid(
        `The payment is in ${paymentCurrency} but order ${order.number} is in ${order.currency}; ` +
          `record it in ${order.currency}`,
      );
    }
    return { order, customerId: order.customer_id ?? customerId ?? null, currency: paymentCurrency };
  }

  /** A payment's own order and customer as they are; they were checked when the payment was linked. */
  async function currentLinks(payment: PaymentRow): Promise<Links> {
    const order =
      payment.order_id === null
        ? null
        : await db
            .selectFrom('orders')
            .selectAll()
            .where('id', '=', payment.order_id)
            .executeTakeFirstOrThrow();
    return { order, customerId: payment.customer_id, currency: payment.currency };
  }

  function refuseIncomingOnCancelled(order: OrderRow | null, paymentDirection: string) {
    if (order?.status === 'cancelled' && paymentDirection === 'incoming') {
      throw invalid(`Order ${order.number} is cancelled; it takes no payments, only refunds`);
    }
  }

  /** Re-reads the order under its lock and checks its balance with the payment as it will be. */
  async function checkOrder(
    trx: Db,
    orderId: number,
    paymentId: number | undefined,
    next: { amount: number; direction: string; status: string } | null,
  ) {
    await lockOrder(trx, orderId);
    const order = await trx
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    checkBalance(order, await paidAmount(trx, orderId, paymentId), next);
  }

  const service = {
    async list(actor: Actor, raw: unknown) {
      const p = paymentListQuery.parse(raw);
      let q = readablePayments(db, actor);
      if (p.status) q = q.where('payments.status', '=', p.status);
      if (p.method) q = q.where('payments.method', '=', p.method);
      if (p.direction) q = q.where('payments.direction', '=', p.direction);
      if (p.orderId !== undefined) q = q.where('payments.order_id', '=', p.orderId);
      if (p.customerId !== undefined) q = q.where('payments.customer_id', '=', p.customerId);
      if (p.assignedTo !== undefined)
        q = q.where('payments.assigned_to', '=', resolveUserRef(actor, p.assignedTo)!);
      if (p.currency) q = q.where('payments.currency', '=', p.currency);
      if (p.paidFrom) q = q.where('payments.paid_at', '>=', p.paidFrom);
      if (p.paidTo) q = q.where('payments.paid_at', '<=', p.paidTo);
      if (p.minAmount !== undefined) q = q.where('payments.amount', '>=', p.minAmount);
      if (p.maxAmount !== undefined) q = q.where('payments.amount', '<=', p.maxAmount);
      if (p.createdFrom) q = q.where('payments.created_at', '>=', p.createdFrom);
      if (p.createdTo) q = q.where('payments.created_at', '<', dayAfter(p.createdTo));
      if (p.q) {
        const term = p.q;
        q = q.where((eb) =>
          eb.or([numberPrefix(db, 'payments.number', term), numberPrefix(db, 'orders.number', term)]),
        );
      }
      const page = await paginate(q, p, SORT, 'payments');
      return { items: page.items.map(toPaymentView), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, paymentId: number) {
      return detail(db, (await load(actor, paymentId)).id);
    },

    /** A payment by its number ("PAY-2026-0003"), within what the actor may read. */
    async getByNumber(actor: Actor, number: string) {
      const wanted = normaliseNumber('payment', number, 'PAY-2026-0003');
      const row = await db
        .selectFrom('payments')
        .select('payments.id')
        .where('payments.number', '=', wanted)
        .where(readScope(actor, 'payments', 'payments'))
        .executeTakeFirst();
      if (!row) throw notFound('payment', wanted);
      return detail(db, row.id);
    },

    /**
     * Records a payment. A completed incoming payment larger than its order's outstanding balance is refused
     * with a 400 naming the balance, as is a completed refund larger than what was paid.
     */
    async create(actor: Actor, raw: unknown) {
      requireGrant(actor, 'payments', 'create');
      const input = paymentInput.parse(raw);
      const assignee = await assigneeForNew(db, actor, input.assignedTo);
      const links = await resolveLinks(actor, input.orderId ?? null, input.customerId, input.currency);
      refuseIncomingOnCancelled(links.order, input.direction);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        // The order is locked before the number is drawn, in the same order as every other payment write.
        if (links.order) await checkOrder(trx, links.order.id, undefined, input);
        const number = await nextNumber(trx, actor.organizationId, 'payment', now);
        const row = await trx
          .insertInto('payments')
          .values({
            organization_id: actor.organizationId,
            number,
            order_id: links.order?.id ?? null,
            customer_id: links.customerId,
            amount: input.amount,
            currency: links.currency,
            method: input.method,
            direction: input.direction,
            status: input.status,
            paid_at: input.paidAt ?? localDate(clock(), actor.settings.timezone),
            reference: input.reference ?? null,
            notes: input.notes ?? null,
            assigned_to: assignee,
            created_by: actor.userId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, now, {
          action: 'create',
          entity: 'payment',
          entityId: row.id,
          after: toPayment(row),
        });
        return detail(trx, row.id);
      });
    },

    /** Changes a payment; the balances of the order it leaves and the order it joins are checked again. */
    async update(actor: Actor, paymentId: number, raw: unknown) {
      const input = paymentPatch.parse(raw);
      const before = await load(actor, paymentId);
      requireRowGrant(actor, 'payments', 'update', before);
      const relinking =
        input.orderId !== undefined || input.customerId !== undefined || input.currency !== undefined;
      const orderId = input.orderId === undefined ? before.order_id : input.orderId;
      const movesToAnotherOrder = orderId !== null && orderId !== before.order_id;
      const links = relinking
        ? await resolveLinks(
            actor,
            orderId,
            input.customerId !== undefined
              ? input.customerId
              : movesToAnotherOrder
                ? undefined
                : before.customer_id,
            input.currency ?? (orderId === null ? before.currency : undefined),
          )
        : await currentLinks(before);
      const next = {
        amount: input.amount ?? before.amount,
        direction: input.direction ?? before.direction,
        status: input.status ?? before.status,
      };
      if (input.direction !== undefined || input.orderId !== undefined)
        refuseIncomingOnCancelled(links.order, next.direction);
      const changes: Record<string, unknown> = {
        order_id: links.order?.id ?? null,
        customer_id: links.customerId,
        currency: links.currency,
        amount: next.amount,
        direction: next.direction,
        status: next.status,
        ...(input.method !== undefined && { method: input.method }),
        ...(input.paidAt !== undefined && { paid_at: input.paidAt }),
        ...(input.reference !== undefined && { reference: input.reference }),
        ...(input.notes !== undefined && { notes: input.notes }),
      };
      if (input.assignedTo !== undefined) {
        const assignee = resolveUserRef(actor, input.assignedTo) ?? null;
        if (assignee != null) await requireStaff(db, actor, assignee);
        changes.assigned_to = assignee;
      }
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        // Lower ids first, so two payments moving between the same orders lock them in the same order.
        const orders = [...new Set([before.order_id, links.order?.id ?? null])]
          .filter((o): o is number => o !== null)
          .sort((x, y) => x - y);
        for (const o of orders) await checkOrder(trx, o, before.id, o === links.order?.id ? next : null);
        const row = await trx
          .updateTable('payments')
          .set({ ...changes, updated_at: now })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, now, {
          action: 'update',
          entity: 'payment',
          entityId: row.id,
          before: toPayment(before),
          after: toPayment(row),
        });
        return detail(trx, row.id);
      });
    },

    /** Owners only; removing a payment that refunds depend on is refused like any change that would. */
    async remove(actor: Actor, paymentId: number) {
      const before = await load(actor, paymentId);
      requireRowGrant(actor, 'payments', 'delete', before);
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        if (before.order_id !== null) await checkOrder(trx, before.order_id, before.id, null);
        await trx.deleteFrom('payments').where('id', '=', before.id).execute();
        await recordAudit(trx, actor, now, {
          action: 'delete',
          entity: 'payment',
          entityId: before.id,
          before: toPayment(before),
        });
      });
    },
  };
  return service;
}

import type { SelectQueryBuilder, Updateable } from 'kysely';
import type { z } from 'zod';
import type { Payment } from '../contracts/payments.ts';
import {
  paymentDirection as direction,
  paymentMethod as method,
  paymentInput,
  paymentPatch,
  paymentStatus as status,
} from '../contracts/record-inputs.ts';
import type { Db } from '../db/index.ts';
import type { Database, PaymentRow, PaymentsTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { localDate } from '../domain/periods.ts';
import { isoNow } from '../domain/time.ts';
import type { CrmDeps } from './deps.ts';
import { createdRange, currency, id, isoDate, userRef } from './fields.ts';
import { amountFilter, applyFilters, rangeFilters, recordFilters } from './filters.ts';
import { listQuery, pageOf, paginate, sortable } from './list.ts';
import { checkOrder, refuseIncomingOnCancelled } from './payment-balance.ts';
import { currentLinks, resolveLinks } from './payment-links.ts';
import {
  assigneeChange,
  found,
  idByNumber,
  insertRecord,
  loadRecord,
  patchColumns,
  type RecordKind,
  removeRecord,
  updateRecord,
} from './records.ts';
import { assigneeForNew, readScope, requireGrant } from './scope.ts';
import { searchMatch } from './search-match.ts';
import { nextNumber, normaliseNumber } from './sequences.ts';

export type { Payment } from '../contracts/payments.ts';
/** The input schemas are shared with the web app's forms. */
export { paymentInput, paymentPatch };

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

/** A payment's own columns, as the audit log keeps it: the order's number and customer's name are joined. */
export type PaymentColumns = Omit<Payment, 'orderNumber' | 'customerName'>;

export function toPayment(r: PaymentRow): PaymentColumns {
  return {
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    customerId: r.customer_id,
    amount: r.amount,
    currency: r.currency,
    method: r.method as Payment['method'],
    direction: r.direction as Payment['direction'],
    status: r.status as Payment['status'],
    paidAt: r.paid_at,
    reference: r.reference,
    notes: r.notes,
    assignedTo: r.assigned_to,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

type PaymentViewRow = PaymentRow & { order_number: string | null; customer_name: string | null };

function toPaymentView(r: PaymentViewRow): Payment {
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

/** Payments for the shared write paths. */
export const PAYMENT: RecordKind<'payments', PaymentColumns> = {
  table: 'payments',
  area: 'payments',
  entity: 'payment',
  audit: toPayment,
};

type PaymentPatch = z.output<typeof paymentPatch>;

const FILTERS = recordFilters(
  'payments',
  {
    status: 'status',
    method: 'method',
    direction: 'direction',
    orderId: 'order_id',
    customerId: 'customer_id',
    currency: 'currency',
  },
  {
    ...rangeFilters('payments.paid_at', 'paidFrom', 'paidTo'),
    ...rangeFilters('payments.amount', 'minAmount', 'maxAmount'),
  },
);

/**
 * The columns a change to a payment writes, worked out under its lock. The balances of the order it leaves
 * and the order it joins are checked again, each order locked, lower ids first so two payments moving
 * between the same orders lock them in the same order.
 */
async function changesOf(trx: Db, actor: Actor, before: PaymentRow, input: PaymentPatch) {
  const relinking =
    input.orderId !== undefined || input.customerId !== undefined || input.currency !== undefined;
  const orderId = input.orderId === undefined ? before.order_id : input.orderId;
  const movesToAnotherOrder = orderId !== null && orderId !== before.order_id;
  const keptCustomer = movesToAnotherOrder ? undefined : before.customer_id;
  const links = relinking
    ? await resolveLinks(
        trx,
        actor,
        orderId,
        input.customerId !== undefined ? input.customerId : keptCustomer,
        input.currency ?? (orderId === null ? before.currency : undefined),
      )
    : await currentLinks(trx, before);
  const next = {
    amount: input.amount ?? before.amount,
    direction: input.direction ?? before.direction,
    status: input.status ?? before.status,
  };
  if (input.direction !== undefined || input.orderId !== undefined)
    refuseIncomingOnCancelled(links.order, next.direction);
  const changes: Updateable<PaymentsTable> = {
    order_id: links.order?.id ?? null,
    customer_id: links.customerId,
    currency: links.currency,
    ...next,
    ...patchColumns(input, { method: 'method', paidAt: 'paid_at', reference: 'reference', notes: 'notes' }),
    ...(await assigneeChange(trx, actor, input.assignedTo)),
  };
  const orders = [...new Set([before.order_id, links.order?.id ?? null])]
    .filter((o): o is number => o !== null)
    .sort((x, y) => x - y);
  for (const o of orders) await checkOrder(trx, o, before.id, o === links.order?.id ? next : null);
  return changes;
}

export function paymentsService(deps: CrmDeps) {
  const { db, clock } = deps;

  async function detail(q: Db, paymentId: number): Promise<Payment> {
    const row = found(
      await withNames(q.selectFrom('payments')).where('payments.id', '=', paymentId).executeTakeFirst(),
      'payment',
      paymentId,
    );
    return toPaymentView(row);
  }

  const service = {
    async list(actor: Actor, raw: unknown) {
      const p = paymentListQuery.parse(raw);
      let q = applyFilters(readablePayments(db, actor), p, FILTERS, actor);
      if (p.q) {
        const term = p.q;
        // A payment is found by its own number and reference or by its order's number.
        const matches = [await searchMatch(db, 'payments', term), await searchMatch(db, 'orders', term)];
        q = q.where((eb) => eb.or(matches));
      }
      return pageOf(await paginate(q, p, SORT, 'payments'), toPaymentView);
    },

    async get(actor: Actor, paymentId: number) {
      return detail(db, (await loadRecord(db, actor, PAYMENT, paymentId)).id);
    },

    /** A payment by its number ("PAY-2026-0003"), within what the actor may read. */
    async getByNumber(actor: Actor, number: string) {
      const wanted = normaliseNumber('payment', number, 'PAY-2026-0003');
      return detail(db, await idByNumber(db, actor, PAYMENT, wanted));
    },

    /**
     * Records a payment. A completed incoming payment larger than its order's outstanding balance is refused
     * with a 400 naming the balance, as is a completed refund larger than what was paid.
     */
    async create(actor: Actor, raw: unknown) {
      requireGrant(actor, 'payments', 'create');
      const input = paymentInput.parse(raw);
      const assignee = await assigneeForNew(db, actor, input.assignedTo);
      const links = await resolveLinks(db, actor, input.orderId ?? null, input.customerId, input.currency);
      refuseIncomingOnCancelled(links.order, input.direction);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        // The order is locked before the number is drawn, in the same order as every other payment write.
        if (links.order) await checkOrder(trx, links.order.id, undefined, input);
        const number = await nextNumber(trx, actor.organizationId, 'payment', now);
        const row = await insertRecord(trx, actor, now, PAYMENT, {
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
        });
        return detail(trx, row.id);
      });
    },

    /** Changes a payment; the balances of the order it leaves and the order it joins are checked again. */
    async update(actor: Actor, paymentId: number, raw: unknown) {
      const input = paymentPatch.parse(raw);
      return updateRecord(deps, actor, PAYMENT, paymentId, {
        changes: (trx, before) => changesOf(trx, actor, before, input),
        result: (trx, row) => detail(trx, row.id),
      });
    },

    /** Owners only; removing a payment that refunds depend on is refused like any change that would. */
    async remove(actor: Actor, paymentId: number) {
      await removeRecord(deps, actor, PAYMENT, paymentId, async (trx, before) => {
        if (before.order_id !== null) await checkOrder(trx, before.order_id, before.id, null);
      });
    },
  };
  return service;
}

import { type Expression, type SelectQueryBuilder, sql } from 'kysely';
import type { Order, OrderDetail, OrderItem } from '../contracts/orders.ts';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { Database, OrderItemRow, OrderRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import type { OrderLine, OrderTotals } from './order-totals.ts';
import { found, type RecordKind } from './records.ts';
import { readScope } from './scope.ts';

/** An order's own columns, as the audit log keeps it: the customer's name and the balance are worked out. */
export type OrderColumns = Omit<Order, 'customerName' | 'paid' | 'outstanding'>;

export function toOrder(r: OrderRow): OrderColumns {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    dealId: r.deal_id,
    status: r.status as Order['status'],
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

export function toOrderItem(r: OrderItemRow): OrderItem {
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

export function toOrderView(r: OrderViewRow): Order {
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
export function withBalance(orders: SelectQueryBuilder<Database, 'orders', object>) {
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
export function readableOrders(q: Db, actor: Actor) {
  return withBalance(q.selectFrom('orders').where(readScope(actor, 'orders', 'orders')));
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

export function linesOf(items: OrderItemRow[]): OrderLine[] {
  return items.map((i) => ({ description: i.description, quantity: i.quantity, unitPrice: i.unit_price }));
}

/** An order's items in their order. */
export async function itemsOf(q: Db, orderId: number): Promise<OrderItemRow[]> {
  return q
    .selectFrom('order_items')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('position')
    .execute();
}

/** Writes an order's items with their line totals. */
export async function insertItems(
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

/** Orders for the shared write paths; the audit log keeps an order with its items. */
export const ORDER: RecordKind<'orders', OrderColumns & { items: OrderItem[] }> = {
  table: 'orders',
  area: 'orders',
  entity: 'order',
  audit: async (row, trx) => ({ ...toOrder(row), items: (await itemsOf(trx, row.id)).map(toOrderItem) }),
};

/** The order as `GET /orders/:id` shows it. Callers have checked access already. */
export async function orderDetail(q: Db, orderId: number): Promise<OrderDetail> {
  const row = found(
    await withBalance(q.selectFrom('orders')).where('orders.id', '=', orderId).executeTakeFirst(),
    'order',
    orderId,
  );
  return { ...toOrderView(row), items: (await itemsOf(q, orderId)).map(toOrderItem) };
}

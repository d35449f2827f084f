import type { Db } from '../db/index.ts';
import type { OrderRow, PaymentRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { readScope, requireVisible } from './scope.ts';

/** The order, customer and currency a payment belongs to. */
export interface Links {
  order: OrderRow | null;
  customerId: number | null;
  currency: string;
}

/**
 * The order and customer a payment belongs to. With an order, the customer is the order's (a different one
 * given is refused) and the currency must be the order's; without one, a readable customer is required.
 */
export async function resolveLinks(
  q: Db,
  actor: Actor,
  orderId: number | null,
  customerId: number | null | undefined,
  givenCurrency: string | undefined,
): Promise<Links> {
  if (orderId === null) {
    if (customerId == null) throw invalid('A payment needs an order (orderId) or a customer (customerId)');
    await requireVisible(q, actor, 'customers', 'customers', customerId, 'customer');
    return { order: null, customerId, currency: givenCurrency ?? actor.settings.currency };
  }
  const order = await q
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
    await requireVisible(q, actor, 'customers', 'customers', customerId, 'customer');
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
export async function currentLinks(q: Db, payment: PaymentRow): Promise<Links> {
  const order =
    payment.order_id === null
      ? null
      : await q.selectFrom('orders').selectAll().where('id', '=', payment.order_id).executeTakeFirst();
  if (order === undefined) throw notFound('order', payment.order_id!);
  return { order, customerId: payment.customer_id, currency: payment.currency };
}

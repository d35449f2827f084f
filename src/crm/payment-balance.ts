import type { Db } from '../db/index.ts';
import type { OrderRow } from '../db/schema.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { formatMoney } from '../domain/money.ts';
import { lockOrder, paidAmount } from './order-records.ts';

/** What a payment does to its order's balance, as far as checks are concerned. */
export interface PaymentEffect {
  amount: number;
  direction: string;
  status: string;
}

/** What a payment contributes to its order's paid amount. */
function contribution(p: PaymentEffect): number {
  if (p.status !== 'completed') return 0;
  return p.direction === 'incoming' ? p.amount : -p.amount;
}

/**
 * Refuses a change that would leave an order paid beyond its total (an overpayment) or below zero (refunds
 * beyond what was paid). `paidByOthers` is what the order's other payments add up to, read under the order's
 * lock; `next` is the payment as it will be, or null when it leaves the order.
 */
function checkBalance(order: OrderRow, paidByOthers: number, next: PaymentEffect | null): void {
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

/** A cancelled order takes refunds only. */
export function refuseIncomingOnCancelled(order: OrderRow | null, paymentDirection: string) {
  if (order?.status === 'cancelled' && paymentDirection === 'incoming') {
    throw invalid(`Order ${order.number} is cancelled; it takes no payments, only refunds`);
  }
}

export /** Re-reads the order under its lock and checks its balance with the payment as it will be. */
async function checkOrder(
  trx: Db,
  orderId: number,
  paymentId: number | undefined,
  next: PaymentEffect | null,
) {
  await lockOrder(trx, orderId);
  const order = await trx.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  if (!order) throw notFound('order', orderId);
  checkBalance(order, await paidAmount(trx, orderId, paymentId), next);
}

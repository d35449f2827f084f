import type { Order } from '../../api/types.ts';
import { humanize } from '../../lib/format.ts';
import { formatMoney } from '../../lib/money.ts';

/** Orders read as number and customer, the way people refer to them. */
export function orderLabel(o: Order): string {
  return `${o.number} · ${o.customerName ?? ''}`;
}

/** An order in a related list: number, status and total. */
export function orderCells(o: Order): string[] {
  return [o.number, humanize(o.status), formatMoney(o.total, o.currency)];
}

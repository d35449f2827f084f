import { invalid } from '../domain/errors.ts';
import { formatMoney } from '../domain/money.ts';

/** The largest amount any order may reach, as minorAmount allows for a single amount. */
const MAX_TOTAL = 10_000_000_000_000n;

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

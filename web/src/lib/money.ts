/** Money travels as integer minor units plus an ISO currency; these turn it into text and back. */

import { LOCALES } from './format.ts';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(LOCALES, { style: 'currency', currency });
    } catch {
      f = new Intl.NumberFormat(LOCALES, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formatters.set(currency, f);
  }
  return f;
}

/** How many digits follow the decimal point for a currency (2 for USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  return formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(minor: number | null | undefined, currency = 'USD'): string {
  if (minor === null || minor === undefined) return '—';
  return formatterFor(currency).format(minor / 10 ** minorDigits(currency));
}

/** Short form for chart axes: $12.5k. */
export function formatMoneyShort(minor: number, currency = 'USD'): string {
  const major = minor / 10 ** minorDigits(currency);
  try {
    return new Intl.NumberFormat(LOCALES, {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(major);
  } catch {
    return String(Math.round(major));
  }
}

export function toMajor(minor: number, currency = 'USD'): number {
  return minor / 10 ** minorDigits(currency);
}

/** Rounds to whole minor units so 19.99 never becomes 1998.9999. */
export function toMinor(major: number, currency = 'USD'): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

export function sumFor(amounts: { currency: string; amount: number }[], currency: string): number {
  return amounts.filter((a) => a.currency === currency).reduce((total, a) => total + a.amount, 0);
}

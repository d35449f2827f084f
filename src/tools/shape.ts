import { formatMoney } from '../domain/money.ts';

/**
 * Tool results are read by language models and turned into replies, so they carry the few fields a person
 * asks about, with money already written out; full records stay behind the get_* tools.
 */

export function money(minor: number | null, currency: string | null): string | null {
  return minor === null || currency === null ? null : formatMoney(minor, currency);
}

export function listed<T, R>(page: { items: T[]; nextCursor: string | null }, compact: (item: T) => R) {
  return { count: page.items.length, more: page.nextCursor !== null, items: page.items.map(compact) };
}

/** "status to inactive, city to Paris" for a confirmation summary. */
export function changeList(changes: Record<string, unknown>): string {
  const parts = Object.entries(changes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} to ${typeof v === 'string' ? `"${v}"` : JSON.stringify(v)}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing to change';
}

import { formatDateTime } from '../lib/format.ts';
import { minorDigits } from '../lib/money.ts';

/** Fields holding money in minor units; written in major units ("2500.00"), as people type amounts. */
const MONEY = new Set([
  'value',
  'estimatedValue',
  'amount',
  'unitPrice',
  'lineTotal',
  'subtotal',
  'discount',
  'tax',
  'total',
  'paid',
  'outstanding',
]);
/** Fields holding a user id; written as the person's name, which the import reads back. */
const PEOPLE = new Set(['assignedTo', 'createdBy', 'portalUserId', 'raisedBy', 'changedBy', 'authorId']);

/** "estimatedValue" -> "Estimated value": the column headers of an export, which the import matches. */
export function columnLabel(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One record as a person reads it in a spreadsheet: money in major units, people by name, local times. */
export function exportRow(record: object, nameOf: (userId: number) => string): Record<string, unknown> {
  const currency = (record as { currency?: unknown }).currency;
  const digits = typeof currency === 'string' ? minorDigits(currency) : 2;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    let cell = value;
    if (value === null || value === undefined) cell = '';
    else if (MONEY.has(field) && typeof value === 'number') cell = (value / 10 ** digits).toFixed(digits);
    else if (PEOPLE.has(field) && typeof value === 'number') cell = nameOf(value);
    else if (field.endsWith('At') && typeof value === 'string') cell = formatDateTime(value);
    out[columnLabel(field)] = cell;
  }
  return out;
}

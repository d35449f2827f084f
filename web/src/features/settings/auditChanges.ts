import type { AuditEntry } from '../../api/types.ts';
import { formatDate, formatDateTime, humanize } from '../../lib/format.ts';
import { formatMoney } from '../../lib/money.ts';

/** One changed field of an audit entry, as a person reads it. */
export interface Change {
  field: string;
  label: string;
  before: string;
  after: string;
}

const MONEY = new Set([
  'value',
  'estimatedValue',
  'amount',
  'total',
  'subtotal',
  'outstanding',
  'paid',
  'unitPrice',
  'lineTotal',
]);
const PEOPLE = new Set(['assignedTo', 'createdBy', 'userId', 'portalUserId', 'actorUserId']);
/** Fields holding a word from a closed set ("in_progress"), shown as words. */
const WORDS = new Set([
  'status',
  'priority',
  'source',
  'kind',
  'type',
  'category',
  'method',
  'direction',
  'role',
  'outcome',
]);
/** Bookkeeping that changes with every write and says nothing to a reader. */
const HIDDEN = new Set(['updatedAt', 'id']);

/** "estimatedValue" reads "Estimated value", "assignedTo" "Assigned to". */
export function fieldLabel(field: string): string {
  return humanize(field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
}

type NameOf = (userId: number | null | undefined) => string;

function describe(field: string, value: unknown, currency: string, nameOf: NameOf): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') {
    if (MONEY.has(field)) return formatMoney(value, currency);
    if (PEOPLE.has(field)) return nameOf(value);
    return value.toLocaleString();
  }
  if (typeof value === 'string') {
    if (/At$/.test(field) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    return WORDS.has(field) ? humanize(value) : value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value.map((item) => describe(field, item, currency, nameOf)).join(', ');
  }
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => `${fieldLabel(k)}: ${describe(k, v, currency, nameOf)}`);
    return parts.length ? parts.join('; ') : '—';
  }
  return String(value);
}

/** Only the fields that changed, each as "before" and "after" in the words the record's page would use. */
export function changesOf(entry: AuditEntry, nameOf: NameOf): Change[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const currency = String(after.currency ?? before.currency ?? 'USD');
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((f) => !HIDDEN.has(f) && JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((field) => ({
      field,
      label: fieldLabel(field),
      before: entry.before ? describe(field, before[field], currency, nameOf) : '—',
      after: entry.after ? describe(field, after[field], currency, nameOf) : '—',
    }));
}

/** Which page a tool's result belongs to, so rows and cards in the chat link to the record. */

const LIST_AREAS: Record<string, string> = {
  list_customers: 'customers',
  list_leads: 'leads',
  list_deals: 'deals',
  list_issues: 'issues',
  list_orders: 'orders',
  list_payments: 'payments',
  list_activities: 'activities',
};

const RECORD_AREAS: Record<string, string> = {
  get_customer: 'customers',
  create_customer: 'customers',
  update_customer: 'customers',
  get_lead: 'leads',
  create_lead: 'leads',
  update_lead: 'leads',
  get_deal: 'deals',
  create_deal: 'deals',
  update_deal: 'deals',
  move_deal_stage: 'deals',
  get_issue: 'issues',
  create_issue: 'issues',
  update_issue: 'issues',
  get_order: 'orders',
  create_order: 'orders',
  record_payment: 'payments',
  log_activity: 'activities',
};

export type Row = Record<string, unknown>;

export type Shown =
  | { kind: 'table'; area: string | undefined; rows: Row[]; more: boolean }
  | { kind: 'record'; area: string; record: Row }
  | { kind: 'none' };

const isRow = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** List tools answer `{ items, more }`; record tools answer the record itself. */
export function shownResult(tool: string, result: unknown): Shown {
  if (isRow(result) && Array.isArray(result.items) && result.items.every(isRow)) {
    return { kind: 'table', area: LIST_AREAS[tool], rows: result.items, more: result.more === true };
  }
  const area = RECORD_AREAS[tool];
  if (area && isRow(result) && typeof result.id === 'number') return { kind: 'record', area, record: result };
  return { kind: 'none' };
}

/** The words a person knows a record by: its title, name or document number. */
export function recordLabel(record: Row): string {
  for (const key of ['title', 'name', 'subject', 'number']) {
    if (typeof record[key] === 'string' && record[key]) return record[key];
  }
  return `#${String(record.id)}`;
}

/** Fields a reader has no use for in a table: ids (the first column links) and the owner's user id. */
const HIDDEN = /^(id|assignedTo|direction)$|Id$/;

/** Headings for fields whose name says little to a person. */
const LABELS: Record<string, string> = {
  customerName: 'Customer',
  leadName: 'Lead',
  dealTitle: 'Deal',
  dueAt: 'Due',
  paidAt: 'Paid on',
  orderDate: 'Date',
  createdAt: 'Created',
  expectedClose: 'Closes',
  estimatedValue: 'Value',
  outstanding: 'Still due',
};

/** The columns a table of these rows shows, most telling first, at most `max`. */
export function columnsOf(rows: Row[], max: number): string[] {
  const keys = Object.keys(rows[0] ?? {}).filter((k) => !HIDDEN.test(k));
  // A column empty in every row says nothing.
  return keys
    .filter((k) => rows.some((r) => r[k] !== null && r[k] !== undefined && r[k] !== ''))
    .slice(0, max);
}

/** "customerName" -> "Customer", "estimatedValue" -> "Value", "stage" -> "Stage". */
export function columnLabel(key: string): string {
  const words = LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A cell as a person reads it: times in the organization's time zone and the reader's language, calendar
 * days as the day, yes/no words instead of true/false, codes such as "in_progress" as words.
 */
export function cellText(key: string, value: unknown, timeZone: string | undefined, locale?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return key === 'done' ? (value ? 'Done' : 'Open') : value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return '…';
  const text = String(value);
  if (CALENDAR_DAY.test(text)) {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${text}T12:00:00Z`),
    );
  }
  if (INSTANT.test(text) && !Number.isNaN(Date.parse(text))) {
    const format = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(timeZone ? { timeZone } : {}),
    });
    return format.format(new Date(text));
  }
  if (
    /^[a-z]+(_[a-z]+)+$|^[a-z]+$/.test(text) &&
    ['status', 'stage', 'priority', 'type', 'method', 'category', 'kind', 'source'].includes(key)
  ) {
    const spaced = text.replace(/_/g, ' ');
    return spaced.charAt(0).toUpperCase() + spaced.slice(1);
  }
  return text;
}

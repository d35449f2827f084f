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

import type { Generated } from 'kysely';

/** Tables of the CRM's records, their parts and history, the audit log and document counters. */

export interface CustomersTable {
  id: Generated<number>;
  organization_id: number;
  kind: string;
  name: string;
  /** Lower-cased name, for prefix search on an ordinary index. */
  name_key: string;
  company_name: string | null;
  email: string | null;
  phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  status: string;
  source: string | null;
  /** JSON array of strings */
  tags: string;
  notes: string | null;
  assigned_to: number | null;
  portal_user_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** The record's words as search matches them (src/domain/search-text.ts), indexed by full-text search. */
  search_terms: Generated<string>;
}

export interface LeadsTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  name_key: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  /** A channel of LEAD_SOURCES */
  source: string;
  /** What was written when it matched no known channel (source is then "other"). */
  source_label: string | null;
  status: string;
  score: number;
  estimated_value: number | null;
  currency: string;
  notes: string | null;
  assigned_to: number | null;
  converted_customer_id: number | null;
  converted_deal_id: number | null;
  converted_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** The record's words as search matches them (src/domain/search-text.ts), indexed by full-text search. */
  search_terms: Generated<string>;
}

export interface PipelinesTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  /** 1 for the organization's default pipeline, else 0 (SQLite has no boolean type). */
  is_default: number;
  created_at: string;
  updated_at: string;
}

export interface PipelineStagesTable {
  id: Generated<number>;
  organization_id: number;
  pipeline_id: number;
  name: string;
  position: number;
  probability: number;
  /** open | won | lost */
  outcome: string;
}

export interface DealsTable {
  id: Generated<number>;
  organization_id: number;
  title: string;
  title_key: string;
  value: number;
  currency: string;
  pipeline_id: number;
  stage_id: number;
  probability: number;
  expected_close_date: string | null;
  customer_id: number | null;
  lead_id: number | null;
  assigned_to: number | null;
  priority: string;
  /** open | won | lost, derived from the stage's outcome */
  status: string;
  close_reason: string | null;
  closed_at: string | null;
  notes: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** The record's words as search matches them (src/domain/search-text.ts), indexed by full-text search. */
  search_terms: Generated<string>;
}

/** Open deals summed per organization, assignee (0: none), stage and currency; kept by triggers on deals. */
export interface DealPipelineTotalsTable {
  organization_id: number;
  assigned_to: number;
  stage_id: number;
  currency: string;
  open_count: number;
  open_value: number;
}

export interface DealStageHistoryTable {
  id: Generated<number>;
  organization_id: number;
  deal_id: number;
  from_stage_id: number | null;
  to_stage_id: number;
  changed_by: number | null;
  changed_at: string;
}

export interface IssuesTable {
  id: Generated<number>;
  organization_id: number;
  number: string;
  title: string;
  title_key: string;
  description: string | null;
  priority: string;
  /** 1 low .. 4 urgent, so lists sort by urgency. */
  priority_rank: number;
  category: string;
  status: string;
  customer_id: number | null;
  raised_by: number | null;
  assigned_to: number | null;
  resolution: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** The record's words as search matches them (src/domain/search-text.ts), indexed by full-text search. */
  search_terms: Generated<string>;
}

export interface IssueCommentsTable {
  id: Generated<number>;
  organization_id: number;
  issue_id: number;
  author_id: number | null;
  body: string;
  /** 1 for a note between staff that the customer never sees, else 0. */
  internal: number;
  created_at: string;
}

export interface OrdersTable {
  id: Generated<number>;
  organization_id: number;
  number: string;
  customer_id: number | null;
  deal_id: number | null;
  status: string;
  currency: string;
  subtotal: number;
  discount: number;
  /** Tax rate in basis points (1% = 100) applied after the discount. */
  tax_rate_bp: number;
  tax: number;
  total: number;
  order_date: string;
  notes: string | null;
  assigned_to: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** The record's words as search matches them (src/domain/search-text.ts), indexed by full-text search. */
  search_terms: Generated<string>;
}

export interface OrderItemsTable {
  id: Generated<number>;
  organization_id: number;
  order_id: number;
  position: number;
  description: string;
  quantity: number;
  unit_price: number;
  line_total: number;
}

export interface PaymentsTable {
  id: Generated<number>;
  organization_id: number;
  number: string;
  order_id: number | null;
  customer_id: number | null;
  amount: number;
  currency: string;
  method: string;
  /** incoming (from a customer) | outgoing (a refund or a payout) */
  direction: string;
  status: string;
  paid_at: string;
  reference: string | null;
  notes: string | null;
  assigned_to: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** The record's words as search matches them (src/domain/search-text.ts), indexed by full-text search. */
  search_terms: Generated<string>;
}

export interface ActivitiesTable {
  id: Generated<number>;
  organization_id: number;
  type: string;
  subject: string;
  subject_key: string;
  body: string | null;
  customer_id: number | null;
  lead_id: number | null;
  deal_id: number | null;
  assigned_to: number | null;
  due_at: string | null;
  /** due_at, or a far-future stand-in when there is none, so lists can sort and page on it. */
  due_key: string;
  done_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** The record's words as search matches them (src/domain/search-text.ts), indexed by full-text search. */
  search_terms: Generated<string>;
}

export interface AuditLogTable {
  id: Generated<number>;
  organization_id: number;
  actor_user_id: number | null;
  via: string;
  model: string | null;
  action: string;
  entity: string;
  entity_id: number | null;
  /** JSON or null */
  before: string | null;
  /** JSON or null */
  after: string | null;
  created_at: string;
}

export interface NumberSequencesTable {
  organization_id: number;
  kind: string;
  year: number;
  last_value: number;
}

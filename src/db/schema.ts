import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types shared by SQLite and PostgreSQL. Timestamps are ISO-8601 UTC strings of fixed width
 * (lexical order is time order on both databases), calendar dates are YYYY-MM-DD, money is integer
 * minor units, and JSON is stored as text so both dialects read it the same way.
 */

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  failed_login_count: Generated<number>;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrganizationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** JSON: OrganizationSettings */
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  id: Generated<number>;
  user_id: number;
  organization_id: number;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_used_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  organization_id: number;
  name: string;
  token_hash: string;
  /** First characters of the token, shown in lists so people can tell tokens apart. */
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  organization_id: number;
  email: string;
  role: string;
  token_hash: string;
  invited_by: number;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

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

export interface ConversationsTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number;
  channel: string;
  /** JSON { type, id, label? } or null */
  last_record: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConversationMessagesTable {
  id: Generated<number>;
  conversation_id: number;
  role: 'user' | 'assistant';
  content: string;
  created_at: string;
}

export interface AssistantConfirmationsTable {
  id: string;
  conversation_id: number;
  organization_id: number;
  user_id: number;
  model: string;
  /** JSON [{ tool, input, summary }] */
  actions: string;
  status: 'pending' | 'approved' | 'denied' | 'expired';
  created_at: string;
  expires_at: string;
  decided_at: string | null;
}

/** The Telegram inbox: one row per update, written before the update is acknowledged. */
export interface TelegramUpdatesTable {
  bot_id: number;
  update_id: number;
  /** The chat the update belongs to (0 when it has none); updates of one chat are handled in order. */
  chat_id: number;
  /** JSON: the update as Telegram sent it */
  payload: string;
  status: 'received' | 'processing' | 'done' | 'failed';
  attempts: Generated<number>;
  received_at: string;
  /** A received update is not taken before this (backoff after a failure). */
  next_attempt_at: string;
  claimed_at: string | null;
  /** A processing update whose lease has run out was abandoned (the process died) and is taken again. */
  lease_until: string | null;
  finished_at: string | null;
  last_error: string | null;
}

export interface TelegramChatsTable {
  bot_id: number;
  chat_id: number;
  /** private | group | supergroup | channel */
  kind: string;
  /** The Parley user the chat is signed in as, or null. */
  user_id: number | null;
  /** The Telegram user who signed the chat in; in a group only they act through it. */
  telegram_user_id: number | null;
  organization_id: number | null;
  linked_at: string | null;
  /** A sign-in in progress: email | password */
  login_step: string | null;
  login_email: string | null;
  login_expires_at: string | null;
  /** The assistant confirmation waiting for the Confirm / Cancel buttons. */
  confirmation_id: string | null;
  /** JSON { key, pages: string[] }: the rest of a long answer, sent with "More". */
  more_pages: string | null;
  /** Set when Telegram refuses to deliver (the user blocked the bot); the chat gets nothing until it writes again. */
  blocked_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TelegramLinkCodesTable {
  code_hash: string;
  user_id: number;
  organization_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface TelegramBotStateTable {
  bot_id: number;
  username: string | null;
  /** webhook | polling */
  mode: string;
  last_ok_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  /** The last audit_log id the notifier has looked at. */
  notify_cursor: number | null;
  updated_at: string;
}

export interface Database {
  users: UsersTable;
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  customers: CustomersTable;
  leads: LeadsTable;
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  deals: DealsTable;
  deal_stage_history: DealStageHistoryTable;
  deal_pipeline_totals: DealPipelineTotalsTable;
  issues: IssuesTable;
  issue_comments: IssueCommentsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  payments: PaymentsTable;
  activities: ActivitiesTable;
  audit_log: AuditLogTable;
  number_sequences: NumberSequencesTable;
  conversations: ConversationsTable;
  conversation_messages: ConversationMessagesTable;
  assistant_confirmations: AssistantConfirmationsTable;
  telegram_updates: TelegramUpdatesTable;
  telegram_chats: TelegramChatsTable;
  telegram_link_codes: TelegramLinkCodesTable;
  telegram_bot_state: TelegramBotStateTable;
}

export type UserRow = Selectable<UsersTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type LeadRow = Selectable<LeadsTable>;
export type PipelineRow = Selectable<PipelinesTable>;
export type PipelineStageRow = Selectable<PipelineStagesTable>;
export type DealRow = Selectable<DealsTable>;
export type IssueRow = Selectable<IssuesTable>;
export type IssueCommentRow = Selectable<IssueCommentsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderItemRow = Selectable<OrderItemsTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type ActivityRow = Selectable<ActivitiesTable>;
export type AuditRow = Selectable<AuditLogTable>;

export type NewCustomer = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;

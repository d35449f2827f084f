import type { Insertable, Selectable, Updateable } from 'kysely';
import type {
  ApiTokensTable,
  InvitationsTable,
  MembershipsTable,
  OrganizationsTable,
  PasswordResetsTable,
  SessionsTable,
  SignInThrottlesTable,
  UsersTable,
} from './schema-accounts.ts';
import type {
  AssistantConfirmationsTable,
  ConversationMessagesTable,
  ConversationsTable,
  TelegramBotStateTable,
  TelegramChatsTable,
  TelegramLinkCodesTable,
  TelegramUpdatesTable,
} from './schema-adapters.ts';
import type { AssistantUsageTable, EmailOutboxTable, NotificationOutboxTable } from './schema-bookkeeping.ts';
import type {
  ActivitiesTable,
  AuditLogTable,
  CustomersTable,
  DealPipelineTotalsTable,
  DealStageHistoryTable,
  DealsTable,
  IssueCommentsTable,
  IssuesTable,
  LeadsTable,
  NumberSequencesTable,
  OrderItemsTable,
  OrdersTable,
  PaymentsTable,
  PipelineStagesTable,
  PipelinesTable,
} from './schema-records.ts';

/**
 * Table types shared by SQLite and PostgreSQL. Timestamps are ISO-8601 UTC strings of fixed width
 * (lexical order is time order on both databases), calendar dates are YYYY-MM-DD, money is integer
 * minor units, and JSON is stored as text so both dialects read it the same way.
 */

export type * from './schema-accounts.ts';
export type * from './schema-adapters.ts';
export type * from './schema-records.ts';

export interface Database {
  users: UsersTable;
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  sign_in_throttles: SignInThrottlesTable;
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
  notification_outbox: NotificationOutboxTable;
  assistant_usage: AssistantUsageTable;
  email_outbox: EmailOutboxTable;
  password_resets: PasswordResetsTable;
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

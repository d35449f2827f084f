/**
 * What /api/v1 answers with: the server's own contracts (src/contracts), so the web app cannot drift from the
 * API. Money is in minor units, times are ISO text.
 */

export type {
  Account,
  ApiToken,
  Invitation,
  Membership,
  NewApiToken,
  PasswordResetSent,
  SentInvitation,
  Session,
  SessionCheck,
  SignInOptions,
  User,
} from '../../../src/contracts/accounts.ts';
export type { Activity } from '../../../src/contracts/activities.ts';
export type { Amount, AnalyticsSummary, AnalyticsTimeseries } from '../../../src/contracts/analytics.ts';
export type {
  ActionStatus,
  AssistantAction,
  AssistantTurn,
  ConversationHistory,
  MessageFile,
} from '../../../src/contracts/assistant.ts';
export type { AuditEntry } from '../../../src/contracts/audit.ts';
export type { ErrorBody, ListTotal, Page } from '../../../src/contracts/common.ts';
export type { Customer } from '../../../src/contracts/customers.ts';
export type { Deal, DealDetail, DealStageChange } from '../../../src/contracts/deals.ts';
export type { ImportPreview, ImportResult } from '../../../src/contracts/imports.ts';
export type { Issue, IssueComment, IssueDetail } from '../../../src/contracts/issues.ts';
export type { Lead, LeadConversion } from '../../../src/contracts/leads.ts';
export type { Colleague, Member } from '../../../src/contracts/members.ts';
export type { Order, OrderDetail, OrderItem } from '../../../src/contracts/orders.ts';
export type { Organization } from '../../../src/contracts/organization.ts';
export type { Payment } from '../../../src/contracts/payments.ts';
export type { Pipeline, PipelineStage } from '../../../src/contracts/pipelines.ts';
export type { Preferences } from '../../../src/contracts/preferences.ts';
export type { SearchResult as SearchHit, SearchResults } from '../../../src/contracts/search.ts';
export type { TelegramLinkCode, TelegramStatus } from '../../../src/contracts/telegram.ts';
export type { Role } from '../../../src/domain/actor.ts';
export type { PeriodName } from '../../../src/domain/periods.ts';
export type { Priority } from '../../../src/domain/vocabulary.ts';

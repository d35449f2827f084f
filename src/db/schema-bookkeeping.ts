import type { Generated } from 'kysely';

/** Tables the service layer keeps for its own bookkeeping: the notification outbox and assistant usage. */

/** What every outbox row carries for leased, retried, at-least-once delivery (crm/outbox.ts). */
interface OutboxDelivery {
  id: Generated<number>;
  /** pending | delivered | failed */
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  /** Not taken before this (backoff after a failure). */
  next_attempt_at: string;
  /** A claimed row whose lease has run out was abandoned (the process died) and is taken again. */
  lease_until: string | null;
  /** Identifies the claim, so only its holder reschedules the notice after a failure. */
  claim: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/**
 * One notice for one person, written in the transaction of the change it tells about, so it exists exactly
 * when the change does. A notifier claims it under a lease and marks it delivered once Telegram has taken it.
 */
export interface NotificationOutboxTable extends OutboxDelivery {
  organization_id: number;
  /** The audit entry of the change, for whoever traces a notice back. */
  audit_id: number | null;
  /** Who is told. */
  user_id: number;
  /** assigned: a record was assigned to them by someone else; raised: a customer raised an issue. */
  kind: 'assigned' | 'raised';
  /** lead | deal | issue */
  entity: string;
  /** JSON { id, title?, name?, number? }: enough of the record to name it. */
  record: string;
  /** Who made the change. */
  actor_user_id: number | null;
}

/** A counter of assistant requests for one subject (a user or an organization) in one time window. */
export interface AssistantUsageTable {
  /** user:<id> or organization:<id> */
  subject: string;
  /** The window's start and length, e.g. hour:2026-12-05T23 or day:2026-12-05. */
  period: string;
  count: number;
  /** When the window ends; rows past it are deleted as the subject makes new requests. */
  expires_at: string;
}

/** One email, written in the transaction that calls for it and delivered at least once over SMTP. */
export interface EmailOutboxTable extends OutboxDelivery {
  to_address: string;
  /** invitation | password_reset: which message the mail adapter writes from `data`. */
  kind: string;
  /** JSON of what the message says, including its link; cleared once sent or given up. */
  data: string | null;
}

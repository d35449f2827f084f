import { randomUUID } from 'node:crypto';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { Actor } from '../domain/actor.ts';
import type { CrmDeps } from './deps.ts';

/**
 * The notification outbox. A change that someone should hear about (a lead, deal or issue assigned to them by
 * someone else; an issue a customer raised, for the owners) writes its notices in its own transaction, next
 * to its audit entry, so a notice exists exactly when its change does: none is lost because a process died or
 * a write committed late, and none is sent for a change that rolled back. A notifier then delivers each at
 * least once: it claims due notices under a lease, marks one delivered only after it went out, and otherwise
 * tries again with growing pauses. A notifier that dies leaves its lease to run out and another takes over.
 */

/** The kinds of records people are told about. */
const WATCHED = new Set(['lead', 'deal', 'issue']);

/** Tries before a notice is given up as failed; the last comes about an hour after the first. */
export const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 30 * 60_000;
/** Delivered notices are kept this long for whoever looks into what was sent, then deleted. */
const KEPT_MS = 7 * 24 * 3_600_000;
const PRUNE_BATCH = 500;
const ERROR_LENGTH = 500;

/** 10 s, 20 s, 40 s ... up to half an hour between tries of one notice. */
export function noticeBackoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 10_000 * 2 ** Math.max(0, attempts - 1));
}

/** What a notice says about its record: enough to name it. */
export interface NoticeRecord {
  id?: number;
  title?: string;
  name?: string;
  number?: string;
}

/** A record as the audit log keeps it, as far as notices look at it. */
interface Audited extends NoticeRecord {
  assignedTo?: number | null;
}

/** A claimed notice, as the notifier delivers it. */
export interface ClaimedNotice {
  id: number;
  organizationId: number;
  userId: number;
  kind: 'assigned' | 'raised';
  entity: string;
  record: NoticeRecord;
  actorUserId: number | null;
  /** Tries so far, counting this one. */
  attempts: number;
  claim: string;
}

function named({ id, title, name, number }: Audited): NoticeRecord {
  return { id, title, name, number };
}

/**
 * Writes the notices a change calls for, inside the change's transaction. Called with every audit entry;
 * most call for none.
 */
export async function enqueueNotices(
  trx: Db,
  actor: Actor,
  at: string,
  change: { auditId: number | null; action: string; entity: string; before?: unknown; after?: unknown },
): Promise<void> {
  if (!WATCHED.has(change.entity) || !change.after) return;
  const after = change.after as Audited;
  const before = (change.before ?? null) as Audited | null;
  const recipients: { userId: number; kind: 'assigned' | 'raised' }[] = [];
  const assignee = after.assignedTo ?? null;
  if (assignee !== null && assignee !== (before?.assignedTo ?? null) && assignee !== actor.userId) {
    recipients.push({ userId: assignee, kind: 'assigned' });
  }
  if (change.entity === 'issue' && change.action === 'create' && actor.role === 'customer') {
    const owners = await trx
      .selectFrom('memberships')
      .select('user_id')
      .where('organization_id', '=', actor.organizationId)
      .where('role', '=', 'owner')
      .execute();
    for (const o of owners) recipients.push({ userId: o.user_id, kind: 'raised' });
  }
  if (recipients.length === 0) return;
  const record = JSON.stringify(named(after));
  await trx
    .insertInto('notification_outbox')
    .values(
      recipients.map((r) => ({
        organization_id: actor.organizationId,
        audit_id: change.auditId,
        user_id: r.userId,
        kind: r.kind,
        entity: change.entity,
        record,
        actor_user_id: actor.userId,
        status: 'pending' as const,
        next_attempt_at: at,
        created_at: at,
      })),
    )
    .execute();
}

/**
 * System-level access for the process that delivers notices (the Telegram notifier). No actor: it works
 * across organizations; who hears of what was decided when the notice was written.
 */
export function notificationsService({ db, clock }: CrmDeps) {
  const now = () => clock().toISOString();
  const later = (ms: number) => new Date(clock().getTime() + ms).toISOString();

  return {
    /**
     * Claims up to `limit` due notices for `leaseMs`, oldest first. Several processes may claim at once:
     * PostgreSQL skips rows another claim has locked, and SQLite runs one write at a time, so no notice is
     * held by two live claims.
     */
    async claim(limit: number, leaseMs: number): Promise<ClaimedNotice[]> {
      const at = now();
      const claim = randomUUID();
      const due = db
        .selectFrom('notification_outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .$if(isPostgres(db), (qb) => qb.forUpdate().skipLocked());
      const rows = await db
        .updateTable('notification_outbox')
        .set((eb) => ({ lease_until: later(leaseMs), claim, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows
        .sort((a, b) => a.id - b.id)
        .map((r) => ({
          id: r.id,
          organizationId: r.organization_id,
          userId: r.user_id,
          kind: r.kind,
          entity: r.entity,
          record: JSON.parse(r.record) as NoticeRecord,
          actorUserId: r.actor_user_id,
          attempts: r.attempts,
          claim,
        }));
    },

    /** The notice went out: it is never sent again. */
    async delivered(notice: ClaimedNotice): Promise<void> {
      await db
        .updateTable('notification_outbox')
        .set({ status: 'delivered', delivered_at: now(), lease_until: null, last_error: null })
        .where('id', '=', notice.id)
        .where('status', '=', 'pending')
        .execute();
    },

    /** The notice did not go out: it is tried again after a pause, or given up after the last try. */
    async failed(notice: ClaimedNotice, error: string): Promise<void> {
      const givenUp = notice.attempts >= MAX_ATTEMPTS;
      await db
        .updateTable('notification_outbox')
        .set({
          status: givenUp ? 'failed' : 'pending',
          next_attempt_at: later(noticeBackoffMs(notice.attempts)),
          lease_until: null,
          last_error: error.slice(0, ERROR_LENGTH),
        })
        .where('id', '=', notice.id)
        .where('claim', '=', notice.claim)
        .where('status', '=', 'pending')
        .execute();
    },

    /** Deletes delivered notices past their keeping time, a batch at a time; returns how many went. */
    async pruneDelivered(): Promise<number> {
      const old = db
        .selectFrom('notification_outbox')
        .select('id')
        .where('status', '=', 'delivered')
        .where('delivered_at', '<', new Date(clock().getTime() - KEPT_MS).toISOString())
        .limit(PRUNE_BATCH);
      const result = await db.deleteFrom('notification_outbox').where('id', 'in', old).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** A user's display name, or null for an unknown user. */
    async userName(userId: number): Promise<string | null> {
      const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
      return row?.name ?? null;
    },

    /** An organization's name, or '' for an unknown one. */
    async organizationName(id: number): Promise<string> {
      const row = await db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
      return row?.name ?? '';
    },
  };
}

export type Notifications = ReturnType<typeof notificationsService>;

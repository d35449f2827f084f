import type { Db } from '../db/index.ts';
import type { Actor } from '../domain/actor.ts';
import type { CrmDeps } from './deps.ts';
import { enqueueEmail } from './emails.ts';
import { outbox } from './outbox.ts';

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
  await emailNotices(trx, actor, at, change.entity, named(after), recipients);
}

/** The web app's page of a record a notice is about. */
const PAGES: Record<string, string> = { lead: 'leads', deal: 'deals', issue: 'issues' };

/**
 * The same notices as emails, for the recipients who asked for them (their preference, 0018). Written to the
 * email outbox in the change's transaction; the preference can be turned on only on a server that sends email.
 */
async function emailNotices(
  trx: Db,
  actor: Actor,
  at: string,
  entity: string,
  record: NoticeRecord,
  recipients: { userId: number; kind: 'assigned' | 'raised' }[],
): Promise<void> {
  const wanting = await trx
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where(
      'id',
      'in',
      recipients.map((r) => r.userId),
    )
    .where('email_notifications', '=', 1)
    .execute();
  if (wanting.length === 0) return;
  const by = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirst();
  const org = await trx
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', actor.organizationId)
    .executeTakeFirst();
  const path = record.id !== undefined && PAGES[entity] ? `/${PAGES[entity]}/${record.id}` : null;
  for (const user of wanting) {
    const notice = recipients.find((r) => r.userId === user.id)!.kind;
    await enqueueEmail(trx, at, {
      to: user.email,
      kind: 'notification',
      data: {
        name: user.name,
        notice,
        entity,
        record,
        by: by?.name ?? null,
        organization: org?.name ?? '',
        path,
      },
    });
  }
}

/**
 * System-level access for the process that delivers notices (the Telegram notifier). No actor: it works
 * across organizations; who hears of what was decided when the notice was written.
 */
export function notificationsService({ db, clock }: CrmDeps) {
  const queue = outbox(db, clock, 'notification_outbox');

  return {
    /** Claims up to `limit` due notices for `leaseMs`, oldest first (see outbox.ts). */
    async claim(limit: number, leaseMs: number): Promise<ClaimedNotice[]> {
      const { claim, rows } = await queue.claim(limit, leaseMs);
      return rows.map((r) => ({
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
    delivered: (notice: ClaimedNotice) => queue.delivered(notice),

    /** The notice did not go out: it is tried again after a pause, or given up after the last try. */
    failed: (notice: ClaimedNotice, error: string) => queue.failed(notice, error),

    /** Deletes delivered notices past their keeping time, a batch at a time; returns how many went. */
    pruneDelivered: () => queue.pruneDelivered(),

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

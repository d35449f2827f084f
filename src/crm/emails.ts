import type { Db } from '../db/index.ts';
import type { Role } from '../domain/actor.ts';
import type { CrmDeps } from './deps.ts';
import { type Claimed, outbox } from './outbox.ts';

/**
 * The email outbox. A service that calls for an email (an invitation, a password reset) writes it here in the
 * transaction of its change, so it exists exactly when the change does; the mail adapter (src/mail/) claims
 * and sends it over SMTP at least once, with the outbox's retries. Links carry one-time secrets, so a row's
 * `data` is cleared once it is sent or given up: the database keeps no usable link for longer than delivery.
 */

/** What each kind of email says; the mail adapter writes the words. */
export type EmailContent =
  | {
      kind: 'invitation';
      data: { link: string; organization: string; invitedBy: string; role: Role; expiresAt: string };
    }
  | {
      kind: 'password_reset';
      data: { link: string; name: string; expiresAt: string; sentBy: string | null };
    }
  | {
      /** A notice (notifications.ts) for someone who wants theirs by email; `path` is the record's page. */
      kind: 'notification';
      data: {
        name: string;
        notice: 'assigned' | 'raised';
        entity: string;
        record: { id?: number; title?: string; name?: string; number?: string };
        by: string | null;
        organization: string;
        path: string | null;
      };
    };

export type Email = EmailContent & { to: string };

/** A claimed email, as the mail adapter sends it. */
export type ClaimedEmail = Email & Claimed;

/** Writes an email to the outbox, inside the caller's transaction. */
export async function enqueueEmail(trx: Db, at: string, email: Email): Promise<void> {
  await trx
    .insertInto('email_outbox')
    .values({
      to_address: email.to,
      kind: email.kind,
      data: JSON.stringify(email.data),
      status: 'pending',
      next_attempt_at: at,
      created_at: at,
    })
    .execute();
}

/** System access for the process that sends email: no actor, it works across organizations. */
export function emailsService({ db, clock }: CrmDeps) {
  const queue = outbox(db, clock, 'email_outbox', { data: null });
  return {
    /** Claims up to `limit` due emails for `leaseMs`, oldest first. */
    async claim(limit: number, leaseMs: number): Promise<ClaimedEmail[]> {
      const { claim, rows } = await queue.claim(limit, leaseMs);
      return rows.map(
        (r) =>
          ({
            id: r.id,
            to: r.to_address,
            kind: r.kind,
            data: JSON.parse(r.data ?? '{}'),
            attempts: r.attempts,
            claim,
          }) as ClaimedEmail,
      );
    },
    delivered: (email: ClaimedEmail) => queue.delivered(email),
    failed: (email: ClaimedEmail, error: string) => queue.failed(email, error),
    pruneDelivered: () => queue.pruneDelivered(),
  };
}

export type Emails = ReturnType<typeof emailsService>;

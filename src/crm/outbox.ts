import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../domain/time.ts';

/**
 * The delivery side of an outbox table (notices for Telegram, emails): rows are written with the change that
 * calls for them and delivered at least once. A deliverer claims due rows under a lease, marks one delivered
 * only after it went out, and otherwise tries it again after growing pauses, giving up after the last try.
 * A deliverer that dies leaves its lease to run out and another takes the row again.
 */

/** Tries before a row is given up as failed; the last comes about an hour after the first. */
export const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 30 * 60_000;
/** Delivered rows are kept this long for whoever looks into what was sent, then deleted. */
const KEPT_MS = 7 * 24 * 3_600_000;
const PRUNE_BATCH = 500;
const ERROR_LENGTH = 500;

/** 10 s, 20 s, 40 s ... up to half an hour between tries of one row. */
export function retryBackoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 10_000 * 2 ** Math.max(0, attempts - 1));
}

/** The tables that are outboxes: each has these delivery columns. */
export type OutboxTable = 'notification_outbox' | 'email_outbox';

/** What a claim hands out of a row, beside the row itself. */
export interface Claimed {
  id: number;
  /** Tries so far, counting this one. */
  attempts: number;
  claim: string;
}

/**
 * Claim, delivered, failed and prune over one outbox table. `finished` is what else a delivered or given-up
 * row is set to (the email outbox drops its links).
 */
export function outbox<T extends OutboxTable>(
  db: Db,
  clock: Clock,
  table: T,
  finished: Record<string, null> = {},
) {
  // Both tables share the delivery columns; Kysely is told one name so the statements type-check once.
  const name = table as 'email_outbox';
  const now = () => clock().toISOString();
  const later = (ms: number) => new Date(clock().getTime() + ms).toISOString();

  return {
    /**
     * Claims up to `limit` due rows for `leaseMs`, oldest first. Several processes may claim at once:
     * PostgreSQL skips rows another claim has locked, and SQLite runs one write at a time, so no row is held
     * by two live claims.
     */
    async claim(limit: number, leaseMs: number) {
      const at = now();
      const claim = randomUUID();
      const due = db
        .selectFrom(name)
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .$if(isPostgres(db), (qb) => qb.forUpdate().skipLocked());
      const rows = await db
        .updateTable(name)
        .set((eb) => ({ lease_until: later(leaseMs), claim, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return {
        claim,
        rows: rows.sort((a, b) => a.id - b.id) as unknown as Selectable<Database[T]>[],
      };
    },

    /** The row went out: it is never sent again. */
    async delivered(row: Claimed): Promise<void> {
      await db
        .updateTable(name)
        .set({ status: 'delivered', delivered_at: now(), lease_until: null, last_error: null, ...finished })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .execute();
    },

    /** The row did not go out: it is tried again after a pause, or given up after the last try. */
    async failed(row: Claimed, error: string): Promise<void> {
      const givenUp = row.attempts >= MAX_ATTEMPTS;
      await db
        .updateTable(name)
        .set({
          status: givenUp ? 'failed' : 'pending',
          next_attempt_at: later(retryBackoffMs(row.attempts)),
          lease_until: null,
          last_error: error.slice(0, ERROR_LENGTH),
          ...(givenUp ? finished : {}),
        })
        .where('id', '=', row.id)
        .where('claim', '=', row.claim)
        .where('status', '=', 'pending')
        .execute();
    },

    /** Deletes delivered rows past their keeping time, a batch at a time; returns how many went. */
    async pruneDelivered(): Promise<number> {
      const old = db
        .selectFrom(name)
        .select('id')
        .where('status', '=', 'delivered')
        .where('delivered_at', '<', new Date(clock().getTime() - KEPT_MS).toISOString())
        .limit(PRUNE_BATCH);
      const result = await db.deleteFrom(name).where('id', 'in', old).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

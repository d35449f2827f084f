import { sql } from 'kysely';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { CrmDeps } from './deps.ts';

/**
 * Limits on requests to a paid language model, per person and per organization, per clock hour and per UTC
 * day. The counters live in the database, so every process serving the same organization shares them, and a
 * request is counted by one upsert per counter inside one transaction: on PostgreSQL the counter rows stay
 * locked until it ends, so concurrent requests are counted one after another and none slips past a limit.
 * A refused request rolls its increments back and so does not use up the allowance.
 */

/** Requests allowed in each window; 0 leaves that one unlimited. */
export interface AssistantLimits {
  userPerHour: number;
  userPerDay: number;
  organizationPerHour: number;
  organizationPerDay: number;
}

type Window = 'hour' | 'day';

interface Counter {
  subject: string;
  window: Window;
  limit: number;
  /** Whose allowance it is, as the refusal says it. */
  who: 'You have' | 'Your organization has';
}

const WINDOW_MS: Record<Window, number> = { hour: 3_600_000, day: 86_400_000 };

/** The window `at` falls in: its key ("hour:2026-12-05T23", "day:2026-12-05") and when it ends. */
export function windowOf(window: Window, at: Date): { period: string; endsAt: Date } {
  const start = Math.floor(at.getTime() / WINDOW_MS[window]) * WINDOW_MS[window];
  const iso = new Date(start).toISOString();
  return {
    period: `${window}:${window === 'hour' ? iso.slice(0, 13) : iso.slice(0, 10)}`,
    endsAt: new Date(start + WINDOW_MS[window]),
  };
}

/** "You have reached the limit of 60 requests per hour; try again at 14:00 UTC." */
function refusal(counter: Counter, endsAt: Date): DomainError {
  const at = endsAt.toISOString().slice(11, 16);
  const requests = counter.limit === 1 ? 'request' : 'requests';
  return new DomainError(
    'rate_limited',
    `${counter.who} reached the limit of ${counter.limit} assistant ${requests} per ${counter.window}; ` +
      `try again at ${at} UTC.`,
    { limit: counter.limit, window: counter.window, retryAt: endsAt.toISOString() },
  );
}

export function assistantLimitsService({ db, clock }: CrmDeps) {
  return {
    /**
     * Counts one model request for the actor and their organization, or refuses it (rate_limited) when any
     * limit is reached. Counters are taken in a fixed order, so concurrent requests never deadlock.
     */
    async take(actor: Actor, limits: AssistantLimits): Promise<void> {
      const counters: Counter[] = (
        [
          { subject: `user:${actor.userId}`, window: 'hour', limit: limits.userPerHour, who: 'You have' },
          { subject: `user:${actor.userId}`, window: 'day', limit: limits.userPerDay, who: 'You have' },
          {
            subject: `organization:${actor.organizationId}`,
            window: 'hour',
            limit: limits.organizationPerHour,
            who: 'Your organization has',
          },
          {
            subject: `organization:${actor.organizationId}`,
            window: 'day',
            limit: limits.organizationPerDay,
            who: 'Your organization has',
          },
        ] satisfies Counter[]
      ).filter((c) => c.limit > 0);
      if (counters.length === 0) return;
      const now = clock();
      await db.transaction().execute(async (trx) => {
        // Counters of windows that have ended are of no more use.
        await trx
          .deleteFrom('assistant_usage')
          .where('subject', 'in', [...new Set(counters.map((c) => c.subject))])
          .where('expires_at', '<=', now.toISOString())
          .execute();
        for (const counter of counters) {
          const { period, endsAt } = windowOf(counter.window, now);
          const row = await trx
            .insertInto('assistant_usage')
            .values({ subject: counter.subject, period, count: 1, expires_at: endsAt.toISOString() })
            .onConflict((oc) =>
              oc.columns(['subject', 'period']).doUpdateSet({ count: sql`assistant_usage.count + 1` }),
            )
            .returning('count')
            .executeTakeFirstOrThrow();
          if (Number(row.count) > counter.limit) throw refusal(counter, endsAt);
        }
      });
    },
  };
}

export type AssistantUsage = ReturnType<typeof assistantLimitsService>;

import type { Update } from 'grammy/types';
import { sql } from 'kysely';
import { isPostgres } from '../../db/dialect.ts';
import type { Db } from '../../db/index.ts';
import type { Clock } from '../../domain/time.ts';
import { groupCommit } from '../group-commit.ts';

/**
 * The durable inbox: the queue of updates in telegram_updates. Webhook and long polling both write every
 * update here before Telegram is told it arrived; the worker (../worker.ts) then takes each chat's oldest
 * unfinished update, one at a time per chat, any number of chats at once. The (bot, update_id) key makes a
 * redelivered update a no-op, and a finished update is never taken again. A claim is a short lease that the
 * worker holding it keeps renewing while the handler runs, so a slow answer keeps its claim, while the
 * updates of a process that died are taken again within seconds: nothing acknowledged is lost, and no chat
 * waits long for a crashed process.
 */

/** Where an update stands: waiting, claimed, or finished either way. */
export type InboxStatus = 'received' | 'processing' | 'done' | 'failed';

/** A claimed update, as the worker holds it. */
export interface InboxItem {
  updateId: number;
  chatId: number;
  update: Update;
  /** Tries so far, counting this one. */
  attempts: number;
  claimedAt: string;
}

/** An update as it reached us, with the JSON text it is stored as. */
interface Arrival {
  update: Update;
  json: string;
}

export interface InboxOptions {
  /** How long a claim holds, unless renewed, before the update counts as abandoned. */
  leaseMs?: number;
  /** Tries before an update is given up as failed. */
  maxAttempts?: number;
}

/**
 * Short, so a crashed process's chats resume quickly; live workers renew every third of it, which leaves
 * room for a slow database round trip or two. Clocks of processes sharing a database must agree within
 * a few seconds (NTP), since each compares leases against its own.
 */
export const DEFAULT_LEASE_MS = 20_000;
export const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_BACKOFF_MS = 60_000;
const ERROR_LENGTH = 500;
/** Between updates in a PostgreSQL batch: `chr(30)` there. */
const RECORD_SEPARATOR = '\u001e';
/** A claim looks first at the open updates whose ids are this close to the oldest open one. */
const OLDEST_OPEN = 256;
/** Written out rather than bound as parameters, so that both databases see the partial indexes cover the query. */
export const isOpen = sql<boolean>`status in ('received', 'processing')`;
export const isFailed = sql<boolean>`status = 'failed'`;
const isFinished = sql<boolean>`status in ('done', 'failed')`;
/** Heads a claim tries to lock per update it wants: others may be taking some of them at the same moment. */
const HEADS_PER_SLOT = 4;

const HOUR_MS = 3_600_000;
/**
 * How long finished updates are kept. A done one only serves to recognise a redelivery, and Telegram stops
 * redelivering an update after 24 hours; a failed one is kept a month for whoever looks into why.
 */
export const KEPT_MS = { done: 48 * HOUR_MS, failed: 30 * 24 * HOUR_MS } as const;
/** Updates deleted per statement, so that pruning a large inbox never holds it up for long. */
const PRUNE_BATCH = 1000;

/** 1 s, 2 s, 4 s ... up to a minute between tries of one update. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** The chat an update belongs to: the unit of ordering. Updates without one share chat 0. */
export function chatIdOf(update: Update): number {
  const withChat =
    update.message ??
    update.edited_message ??
    update.channel_post ??
    update.edited_channel_post ??
    update.business_message ??
    update.callback_query?.message ??
    update.my_chat_member ??
    update.chat_member ??
    update.chat_join_request;
  if (withChat) return withChat.chat.id;
  const from =
    update.callback_query?.from ?? update.inline_query?.from ?? update.poll_answer?.user ?? undefined;
  return from?.id ?? 0;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, ERROR_LENGTH);
}

/** One bot's part of telegram_updates, and what its statements need to know. */
interface Queue {
  db: Db;
  clock: Clock;
  botId: number;
  postgres: boolean;
}

/**
 * One statement: find the heads among the open updates whose ids are within `window` of the oldest open
 * one (among all open updates when null), then lock and mark up to `limit` of them. Each chat's head is its
 * oldest open update, and within a prefix of the open updates in update_id order, a chat's oldest one
 * there is its oldest anywhere. The prefix is an id range on the queue index, which bounds what is read
 * whatever plan PostgreSQL picks, even when its statistics lag behind a sudden backlog. Heads are then
 * locked and marked by joining on the whole key, with no condition on the bot alone, so that a plan made
 * without statistics on a young inbox cannot read all of a bot's finished updates. On PostgreSQL several
 * workers claim at once: a head another worker is taking is skipped, and its chat's later updates, not being
 * heads, wait. The CTEs are materialized because a subquery with LIMIT under UPDATE may run more than once
 * and so mark more updates than asked for.
 */
async function claimAmong(
  { db, clock, botId, postgres }: Queue,
  leaseMs: number,
  window: number | null,
  limit: number,
): Promise<InboxItem[]> {
  const now = clock();
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  // Not finished, not waiting out a backoff, and not held under a live lease. Worded without naming the
  // open statuses, so that PostgreSQL does not take it as a cue to search the queue index.
  const takeable = sql`status not in ('done', 'failed') and next_attempt_at <= ${nowIso}
    and (lease_until is null or lease_until <= ${nowIso})`;
  const oldestOpen = sql`(select min(update_id) from telegram_updates where bot_id = ${botId} and ${isOpen})`;
  const prefix = window === null ? sql`` : sql`and update_id < ${oldestOpen} + ${window}`;
  const { rows } = await sql<{ update_id: number; chat_id: number; payload: string; attempts: number }>`
    with open as materialized (
      select bot_id, update_id, chat_id, status, next_attempt_at, lease_until from telegram_updates
      where bot_id = ${botId} and ${isOpen} ${prefix}),
    heads as materialized (
      select bot_id, update_id from (
        select open.*, row_number() over (partition by chat_id order by update_id) as place from open
      ) as ranked
      where place = 1 and ${takeable}
      order by update_id
      limit ${limit * HEADS_PER_SLOT}),
    picked as materialized (
      select queued.bot_id, queued.update_id from heads
      join telegram_updates as queued on queued.bot_id = heads.bot_id and queued.update_id = heads.update_id
      order by queued.update_id
      limit ${limit}
      ${postgres ? sql`for update of queued skip locked` : sql``})
    update telegram_updates
    set status = 'processing', attempts = attempts + 1, claimed_at = ${nowIso}, lease_until = ${leaseUntil}
    from picked
    where telegram_updates.bot_id = picked.bot_id and telegram_updates.update_id = picked.update_id
      and ${takeable}
    returning telegram_updates.update_id, chat_id, payload, attempts`.execute(db);
  return rows
    .map((r) => ({
      updateId: Number(r.update_id),
      chatId: Number(r.chat_id),
      update: JSON.parse(r.payload) as Update,
      attempts: r.attempts,
      claimedAt: nowIso,
    }))
    .sort((a, b) => a.updateId - b.updateId);
}

/**
 * The updates among `items` still held by the claims that took them, one statement per claim: updates
 * claimed together share their claim time.
 */
function stillHeld({ db, botId }: Queue, items: InboxItem[]) {
  const byClaim = new Map<string, number[]>();
  for (const item of items)
    byClaim.set(item.claimedAt, [...(byClaim.get(item.claimedAt) ?? []), item.updateId]);
  return [...byClaim].map(([claimedAt, ids]) =>
    db
      .updateTable('telegram_updates')
      .where('bot_id', '=', botId)
      .where('update_id', 'in', ids)
      .where('status', '=', 'processing')
      .where('claimed_at', '=', claimedAt),
  );
}

/**
 * The batch travels as two arrays and the updates' own text joined by a record separator (U+001E), so the
 * statement has the same text and parameters whatever the batch size (prepared once per connection), and
 * the updates are neither serialised again nor escaped into an array literal. JSON text never holds a raw
 * control character, so the separator cannot occur inside an update; splitting on it is cheaper for
 * PostgreSQL than reading the batch as one JSON array.
 */
const insertPostgres = async ({ db, botId }: Queue, arrivals: Arrival[], now: string) =>
  (
    await sql<{ update_id: number }>`
      insert into telegram_updates
        (bot_id, update_id, chat_id, payload, status, received_at, next_attempt_at)
      select ${botId}, u.update_id, u.chat_id, u.payload, 'received', ${now}, ${now}
      from rows from (
        unnest(${arrivals.map((a) => a.update.update_id)}::bigint[]),
        unnest(${arrivals.map((a) => chatIdOf(a.update))}::bigint[]),
        unnest(string_to_array(${arrivals.map((a) => a.json).join(RECORD_SEPARATOR)}::text, chr(30)))
      ) as u(update_id, chat_id, payload)
      on conflict (bot_id, update_id) do nothing
      returning update_id`.execute(db)
  ).rows;

const insertSqlite = ({ db, botId }: Queue, arrivals: Arrival[], now: string) =>
  db
    .insertInto('telegram_updates')
    .values(
      arrivals.map(({ update, json }) => ({
        bot_id: botId,
        update_id: update.update_id,
        chat_id: chatIdOf(update),
        payload: json,
        status: 'received' as const,
        received_at: now,
        next_attempt_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['bot_id', 'update_id']).doNothing())
    .returning('update_id')
    .execute();

/**
 * Deletes the finished updates kept long enough (KEPT_MS), oldest first, `batch` at a time; returns how
 * many went. Open updates are never touched.
 */
async function pruneFinished({ db, clock, botId, postgres }: Queue, batch: number): Promise<number> {
  let removed = 0;
  for (const status of ['done', 'failed'] as const) {
    const before = new Date(clock().getTime() - KEPT_MS[status]).toISOString();
    const oldest = db
      .selectFrom('telegram_updates')
      .select('update_id')
      .where('bot_id', '=', botId)
      .where(isFinished)
      .where('status', '=', status)
      .where('finished_at', '<', before)
      .orderBy('finished_at')
      .limit(batch);
    for (;;) {
      // On PostgreSQL the ids are gathered first and then deleted by key: as a semi-join, an inbox whose
      // statistics lag could be walked whole for each batch.
      const { numDeletedRows } = await db
        .deleteFrom('telegram_updates')
        .where('bot_id', '=', botId)
        .where(
          postgres ? sql<boolean>`update_id = any(array(${oldest}))` : sql<boolean>`update_id in (${oldest})`,
        )
        .executeTakeFirst();
      removed += Number(numDeletedRows);
      if (Number(numDeletedRows) < batch) break;
    }
  }
  return removed;
}

/** The inbox of one bot: storing arrivals, claiming heads under a lease, and settling them. */
export function createInbox(db: Db, clock: Clock, botId: number, opts: InboxOptions = {}) {
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const q: Queue = { db, clock, botId, postgres: isPostgres(db) };

  /** Only a worker that still holds its claim may settle an update; a later claimer has taken over. */
  const heldBy = (item: InboxItem) => stillHeld(q, [item])[0]!;

  /** Writes a batch of arrivals in one INSERT, answering for each whether it was new. */
  const store = groupCommit(async (arrivals: Arrival[]): Promise<boolean[]> => {
    // One row per update_id: a second delivery of an update in the same batch is a repeat.
    const unique = [...new Map(arrivals.map((a) => [a.update.update_id, a])).values()];
    const now = clock().toISOString();
    const stored = q.postgres ? await insertPostgres(q, unique, now) : await insertSqlite(q, unique, now);
    const fresh = new Set(stored.map((r) => Number(r.update_id)));
    return arrivals.map((a) => fresh.delete(a.update.update_id));
  });

  return {
    botId,
    maxAttempts,
    leaseMs,

    /**
     * Stores an update; false when it was already there (Telegram delivered it again). `json` is the text it
     * arrived as, when there is one (the webhook's body), stored as it is rather than serialised again.
     */
    enqueue: (update: Update, json = JSON.stringify(update)): Promise<boolean> => store({ update, json }),

    /**
     * Takes up to `limit` updates, at most one per chat and only a chat's oldest unfinished one, so a chat's
     * updates run in update_id order even when they arrived out of order or one is waiting to be retried.
     * Heads are looked for among the oldest open updates first, which keeps a claim's cost flat under a
     * backlog of any size; only when none of those can be taken (their chats are all busy or backing off)
     * are all open updates searched.
     */
    async claim(limit: number): Promise<InboxItem[]> {
      if (limit <= 0) return [];
      const claimed = await claimAmong(q, leaseMs, OLDEST_OPEN, limit);
      return claimed.length > 0 ? claimed : claimAmong(q, leaseMs, null, limit);
    },

    /** Extends the leases of claims still held; a claim another worker took over stays with it. */
    async renew(items: InboxItem[]): Promise<void> {
      const leaseUntil = new Date(clock().getTime() + leaseMs).toISOString();
      for (const held of stillHeld(q, items)) await held.set({ lease_until: leaseUntil }).execute();
    },

    /**
     * The update was handled: done, unless another worker has taken it over. Its replies have been accepted
     * by Telegram at this point, and until this commits a crash makes the update run again and answer twice,
     * so it is written at once in a statement of its own rather than gathered with other updates finishing
     * (which made each wait for the batch before it). The row stays to recognise Telegram's redeliveries;
     * what was said (a password, say) need not.
     */
    async complete(item: InboxItem): Promise<void> {
      await heldBy(item)
        .set({ status: 'done', finished_at: clock().toISOString(), lease_until: null, payload: '{}' })
        .execute();
    },

    /** Gives the update another try after a pause, or gives it up once it has had its tries. */
    async retryLater(item: InboxItem, error: unknown): Promise<'retry' | 'failed'> {
      if (item.attempts >= maxAttempts) {
        await this.fail(item, error);
        return 'failed';
      }
      const next = new Date(clock().getTime() + backoffMs(item.attempts)).toISOString();
      await heldBy(item)
        .set({ status: 'received', next_attempt_at: next, lease_until: null, last_error: describe(error) })
        .execute();
      return 'retry';
    },

    /** Gives the update up at once: retrying cannot help. */
    async fail(item: InboxItem, error: unknown): Promise<void> {
      await heldBy(item)
        .set({
          status: 'failed',
          finished_at: clock().toISOString(),
          lease_until: null,
          last_error: describe(error),
        })
        .execute();
    },

    /**
     * Deletes the finished updates kept long enough (KEPT_MS), oldest first, `batch` at a time; returns how
     * many went. Open updates are never touched.
     */
    prune: (batch = PRUNE_BATCH): Promise<number> => pruneFinished(q, batch),

    /** Where one update stands (tests and diagnostics). */
    async status(updateId: number) {
      return db
        .selectFrom('telegram_updates')
        .select(['status', 'attempts', 'last_error', 'next_attempt_at'])
        .where('bot_id', '=', botId)
        .where('update_id', '=', updateId)
        .executeTakeFirst();
    },
  };
}

/** One bot's inbox. */
export type Inbox = ReturnType<typeof createInbox>;

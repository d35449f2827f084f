import type { Update } from 'grammy/types';
import { sql } from 'kysely';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { Clock } from '../domain/time.ts';
import { groupCommit } from './group-commit.ts';

/**
 * The durable inbox. Webhook and long polling both write every update here before Telegram is told it
 * arrived; a worker then takes each chat's oldest unfinished update, one at a time per chat, any number of
 * chats at once. The (bot, update_id) key makes a redelivered update a no-op, and a finished update is never
 * taken again. A claim is a short lease that the worker holding it keeps renewing while the handler runs, so
 * a slow answer keeps its claim, while the updates of a process that died are taken again within seconds:
 * nothing acknowledged is lost, and no chat waits long for a crashed process.
 */

export type InboxStatus = 'received' | 'processing' | 'done' | 'failed';

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
/**
 * Chats a worker answers at once. A turn mostly waits (on the database, on a model for seconds), so a
 * worker with few slots sits idle: at 8, one process answered 400 to 490 offline turns a second on
 * PostgreSQL; at 32, 700. A chat is still answered one update at a time.
 */
export const DEFAULT_CONCURRENCY = 32;
/** Free slots a worker waits for before it claims more (fewer when it has fewer slots than twice this). */
export const REFILL_SLOTS = 4;
const MAX_BACKOFF_MS = 60_000;
const ERROR_LENGTH = 500;
/** Between updates in a PostgreSQL batch: `chr(30)` there. */
const RECORD_SEPARATOR = '\u001e';
/** A claim looks first at the open updates whose ids are this close to the oldest open one. */
const OLDEST_OPEN = 256;
/**
 * Written out rather than bound as parameters, so that both databases see that the partial indexes
 * (migration 0010) cover the query.
 */
const isOpen = sql<boolean>`status in ('received', 'processing')`;
const isFailed = sql<boolean>`status = 'failed'`;
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
/** How often a worker prunes its bot's inbox. */
const PRUNE_EVERY_MS = HOUR_MS;

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

export function createInbox(db: Db, clock: Clock, botId: number, opts: InboxOptions = {}) {
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const postgres = isPostgres(db);

  /** Only a worker that still holds its claim may settle an update; a later claimer has taken over. */
  const heldBy = (item: InboxItem) => stillHeld([item])[0]!;

  /**
   * One statement: find the heads among the open updates whose ids are within `window` of the oldest open
   * one (among all open updates when null), then lock and mark up to `limit` of them. Each chat's head is its
   * oldest open update, and within a prefix of the open updates in update_id order, a chat's oldest one
   * there is its oldest anywhere. The prefix is an id range on the queue index, which bounds what is read
   * whatever plan PostgreSQL picks: its statistics lag behind a sudden backlog, and with them it once took
   * 13 s (heads matched against the status index) and then 30 ms (the whole backlog sorted to keep 256) to
   * claim from 71,000 waiting updates. Heads are then locked and marked by joining on the whole key, with no
   * condition on the bot alone: a plan made for any bot, with no statistics on a young inbox yet, once took
   * `bot_id = $1` for a handful of rows and read all 7,000 finished ones on every claim (1.4 ms against 0.1).
   * On PostgreSQL several workers claim at once: a head another worker is taking is skipped, and its chat's
   * later updates, not being heads, wait. The CTEs are materialized because a subquery with LIMIT under
   * UPDATE may run more than once and so mark more updates than asked for.
   */
  async function claimAmong(window: number | null, limit: number): Promise<InboxItem[]> {
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
  function stillHeld(items: InboxItem[]) {
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
   * Marks handled updates done, those finishing together in one statement: under load, many turns end
   * while one such UPDATE is on its way, and one per turn was one in seven of a turn's statements on PostgreSQL.
   * The row stays to recognise Telegram's redeliveries; what was said (a password, say) need not.
   */
  const finish = groupCommit(async (items: InboxItem[]): Promise<undefined[]> => {
    const finishedAt = clock().toISOString();
    for (const held of stillHeld(items)) {
      await held.set({ status: 'done', finished_at: finishedAt, lease_until: null, payload: '{}' }).execute();
    }
    return items.map(() => undefined);
  });

  /** Writes a batch of arrivals in one INSERT, answering for each whether it was new. */
  const store = groupCommit(async (arrivals: Arrival[]): Promise<boolean[]> => {
    // One row per update_id: a second delivery of an update in the same batch is a repeat.
    const unique = [...new Map(arrivals.map((a) => [a.update.update_id, a])).values()];
    const now = clock().toISOString();
    const stored = postgres ? await insertPostgres(unique, now) : await insertSqlite(unique, now);
    const fresh = new Set(stored.map((r) => Number(r.update_id)));
    return arrivals.map((a) => fresh.delete(a.update.update_id));
  });

  /**
   * The batch travels as two arrays and the updates' own text joined by a record separator (U+001E), so the
   * statement has the same text and parameters whatever the batch size (parsed and planned once per
   * connection: src/db/index.ts), and the updates are neither serialised again nor escaped into an array
   * literal. JSON text never holds a raw control character, so the separator cannot occur inside an update;
   * splitting on it cost PostgreSQL less than reading the batch as one JSON array (11.5 against 13.8 µs of
   * its CPU per row in batches of 20).
   */
  const insertPostgres = async (arrivals: Arrival[], now: string) =>
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

  const insertSqlite = (arrivals: Arrival[], now: string) =>
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
      const claimed = await claimAmong(OLDEST_OPEN, limit);
      return claimed.length > 0 ? claimed : claimAmong(null, limit);
    },

    /** Extends the leases of claims still held; a claim another worker took over stays with it. */
    async renew(items: InboxItem[]): Promise<void> {
      const leaseUntil = new Date(clock().getTime() + leaseMs).toISOString();
      for (const held of stillHeld(items)) await held.set({ lease_until: leaseUntil }).execute();
    },

    complete: (item: InboxItem): Promise<void> => finish(item),

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
    async prune(batch = PRUNE_BATCH): Promise<number> {
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
          // statistics lag could be walked whole for each batch (the claim's lesson).
          const { numDeletedRows } = await db
            .deleteFrom('telegram_updates')
            .where('bot_id', '=', botId)
            .where(
              postgres
                ? sql<boolean>`update_id = any(array(${oldest}))`
                : sql<boolean>`update_id in (${oldest})`,
            )
            .executeTakeFirst();
          removed += Number(numDeletedRows);
          if (Number(numDeletedRows) < batch) break;
        }
      }
      return removed;
    },

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

export type Inbox = ReturnType<typeof createInbox>;

/** What the status endpoint reports about the inbox, each part read from its partial index. */
export async function inboxCounts(db: Db, botId: number) {
  const open = await db
    .selectFrom('telegram_updates')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('bot_id', '=', botId)
    .where(isOpen)
    .groupBy('status')
    .execute();
  const count = (status: InboxStatus) => Number(open.find((r) => r.status === status)?.n ?? 0);
  const failed = await db
    .selectFrom('telegram_updates')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('bot_id', '=', botId)
    .where(isFailed)
    .executeTakeFirstOrThrow();
  const lastError = await db
    .selectFrom('telegram_updates')
    .select(['last_error', 'finished_at', 'update_id'])
    .where('bot_id', '=', botId)
    .where(isFailed)
    .orderBy('update_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    waiting: count('received'),
    processing: count('processing'),
    failed: Number(failed.n),
    lastFailure: lastError ? { updateId: Number(lastError.update_id), error: lastError.last_error } : null,
  };
}

export interface WorkerOptions {
  inbox: Inbox;
  handle: (update: Update) => Promise<void>;
  /** Errors retrying cannot fix (Telegram refused the request as such): the update fails at once. */
  isPermanent?: (error: unknown) => boolean;
  /** Told when an update is given up, e.g. to apologise in the chat. */
  onFailed?: (update: Update, error: unknown) => Promise<void>;
  onError?: (error: unknown, update: Update) => void;
  /** Chats handled at the same time (DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** How often an idle worker looks for work that another process stored or whose backoff ended. */
  pollMs?: number;
  /** How often the leases of updates in hand are renewed; a third of the lease by default. */
  heartbeatMs?: number;
  /** How often finished updates kept long enough are deleted (hourly, and once at start). */
  pruneEveryMs?: number;
}

/**
 * Runs the inbox: each claimed update is handed to `handle`; success finishes it, failure schedules a retry
 * with backoff, and an update out of tries (or hit by a permanent error) is marked failed.
 */
export function createWorker(opts: WorkerOptions) {
  const { inbox, handle } = opts;
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const pollMs = opts.pollMs ?? 1000;
  const heartbeatMs = opts.heartbeatMs ?? Math.floor(inbox.leaseMs / 3);
  const pruneEveryMs = opts.pruneEveryMs ?? PRUNE_EVERY_MS;
  let pruning: NodeJS.Timeout | null = null;
  let pruned = Promise.resolve();
  const inFlight = new Set<Promise<void>>();
  const held = new Map<number, InboxItem>();
  let heartbeat: NodeJS.Timeout | null = null;
  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  // A wake-up that came while the loop was busy, so the nap after it is skipped rather than missed.
  let poked = false;

  function renewHeld(): void {
    inbox.renew([...held.values()]).catch((error) => opts.onError?.(error, { update_id: -1 }));
  }

  /** Keeps the claims in hand alive for as long as their handlers run, and no longer. */
  function hold(item: InboxItem): void {
    held.set(item.updateId, item);
    heartbeat ??= setInterval(renewHeld, heartbeatMs).unref();
  }

  function release(item: InboxItem): void {
    held.delete(item.updateId);
    if (held.size === 0 && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
  }

  async function handleAndRecord(item: InboxItem): Promise<void> {
    try {
      await handle(item.update);
      await inbox.complete(item);
    } catch (error) {
      opts.onError?.(error, item.update);
      let outcome: 'retry' | 'failed' = 'failed';
      if (opts.isPermanent?.(error)) await inbox.fail(item, error);
      else outcome = await inbox.retryLater(item, error);
      if (outcome === 'failed') await opts.onFailed?.(item.update, error).catch(() => {});
    }
  }

  async function settle(item: InboxItem): Promise<void> {
    hold(item);
    try {
      await handleAndRecord(item);
    } catch (error) {
      // The outcome could not be recorded (the database is out of reach): the lease runs out and the
      // update is taken again, by this process or another.
      opts.onError?.(error, item.update);
    } finally {
      release(item);
    }
  }

  /**
   * Claims are refilled once a few slots are free rather than one slot at a time: a claim costs about as
   * much for several updates as for one, and under load there would otherwise be a claim per update. Not many
   * more, though: the turns one claim starts compute their answers together, and with the webhook in the same
   * process, refills of 16 (half the slots) put its p99 at 1,000 updates a second at 20-67 ms, against
   * 10-19 ms with refills of 4. That may cost some turns a second when the worker has all it can do (about
   * 12% on PostgreSQL in one pair of runs, none in another): bench/notes.md.
   */
  const refillAt = concurrency - Math.min(REFILL_SLOTS, Math.ceil(concurrency / 2));
  const wantsMore = () => inFlight.size <= refillAt;

  function track(item: InboxItem): void {
    const p = settle(item).finally(() => {
      inFlight.delete(p);
      poked = true;
      if (wantsMore()) wakeUp?.();
    });
    inFlight.add(p);
  }

  function nap(): Promise<void> {
    if (!running || (poked && wantsMore())) {
      poked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      wakeUp = () => {
        poked = false;
        wakeUp = null;
        if (timer) clearTimeout(timer);
        timer = null;
        resolve();
      };
      timer = setTimeout(() => wakeUp?.(), pollMs);
    });
  }

  async function run(): Promise<void> {
    while (running) {
      const free = concurrency - inFlight.size;
      let claimed: InboxItem[] = [];
      try {
        claimed = await inbox.claim(free);
      } catch (error) {
        opts.onError?.(error, { update_id: -1 });
      }
      for (const item of claimed) track(item);
      // A claim that got fewer than it asked for took what there was (or what another worker was not taking at
      // that moment): asking again at once would find nothing, in two statements. What comes next (an arrival,
      // a finished turn, the poll) wakes the loop.
      if (claimed.length < free || !wantsMore()) await nap();
    }
  }

  return {
    /** Handles everything that can be handled now, batch by batch; for tests and one-off runs. */
    async drain(): Promise<number> {
      let handled = 0;
      for (;;) {
        const items = await inbox.claim(concurrency);
        if (items.length === 0) return handled;
        await Promise.all(items.map(settle));
        handled += items.length;
      }
    },

    start(): void {
      if (running) return;
      running = true;
      loop = run();
      const prune = () => {
        pruned = inbox.prune().then(
          () => {},
          (error) => opts.onError?.(error, { update_id: -1 }),
        );
      };
      prune();
      pruning = setInterval(prune, pruneEveryMs).unref();
    },

    /** New work was stored by this process: look now rather than at the next poll. */
    wake(): void {
      poked = true;
      if (wantsMore()) wakeUp?.();
    },

    /** Stops taking work and waits for what is in hand. */
    async stop(): Promise<void> {
      running = false;
      if (pruning) clearInterval(pruning);
      pruning = null;
      wakeUp?.();
      await loop;
      await Promise.all([...inFlight, pruned]);
    },
  };
}

export type Worker = ReturnType<typeof createWorker>;

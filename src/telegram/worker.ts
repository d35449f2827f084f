import type { Update } from 'grammy/types';
import type { Inbox, InboxItem } from './store/index.ts';

/**
 * Chats a worker answers at once. A turn mostly waits (on the database, on a model for seconds), so a worker
 * with few slots sits idle. A chat is still answered one update at a time.
 */
export const DEFAULT_CONCURRENCY = 32;
/** Free slots a worker waits for before it claims more (fewer when it has fewer slots than twice this). */
export const REFILL_SLOTS = 4;
/** How often a worker prunes its bot's inbox. */
const PRUNE_EVERY_MS = 3_600_000;

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

/** Stands for the update in errors that concern none in particular (a claim, a renewal, pruning). */
const NO_UPDATE: Update = { update_id: -1 };

/** Keeps the claims in hand alive for as long as their handlers run, and no longer. */
function leaseKeeper(inbox: Inbox, heartbeatMs: number, onError: (error: unknown) => void) {
  const held = new Map<number, InboxItem>();
  let heartbeat: NodeJS.Timeout | null = null;
  const renew = () => void inbox.renew([...held.values()]).catch(onError);
  return {
    async whileHeld(item: InboxItem, run: () => Promise<void>): Promise<void> {
      held.set(item.updateId, item);
      heartbeat ??= setInterval(renew, heartbeatMs).unref();
      try {
        await run();
      } finally {
        held.delete(item.updateId);
        if (held.size === 0 && heartbeat) {
          clearInterval(heartbeat);
          heartbeat = null;
        }
      }
    },
  };
}

/** Deletes the finished updates kept long enough: once at start, then every `everyMs`. */
function pruneSchedule(inbox: Inbox, everyMs: number, onError: (error: unknown) => void) {
  let timer: NodeJS.Timeout | null = null;
  let pruned = Promise.resolve();
  const prune = () => {
    pruned = inbox.prune().then(() => {}, onError);
  };
  return {
    start(): void {
      prune();
      timer = setInterval(prune, everyMs).unref();
    },
    /** Stops the schedule; the promise settles when a prune under way has finished. */
    stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      return pruned;
    },
  };
}

/** Runs one claimed update and records how it went: done, retried later, or failed. */
async function settleUpdate(opts: WorkerOptions, item: InboxItem): Promise<void> {
  const { inbox } = opts;
  try {
    try {
      await opts.handle(item.update);
      await inbox.complete(item);
    } catch (error) {
      opts.onError?.(error, item.update);
      let outcome: 'retry' | 'failed' = 'failed';
      if (opts.isPermanent?.(error)) await inbox.fail(item, error);
      else outcome = await inbox.retryLater(item, error);
      if (outcome === 'failed') await opts.onFailed?.(item.update, error).catch(() => {});
    }
  } catch (error) {
    // The outcome could not be recorded (the database is out of reach): the lease runs out and the update
    // is taken again, by this process or another.
    opts.onError?.(error, item.update);
  }
}

/**
 * Runs the inbox: each claimed update is handed to `handle`; success finishes it, failure schedules a retry
 * with backoff, and an update out of tries (or hit by a permanent error) is marked failed.
 */
export function createWorker(opts: WorkerOptions) {
  const { inbox } = opts;
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const pollMs = opts.pollMs ?? 1000;
  const heartbeatMs = opts.heartbeatMs ?? Math.floor(inbox.leaseMs / 3);
  const pruneEveryMs = opts.pruneEveryMs ?? PRUNE_EVERY_MS;
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  // A wake-up that came while the loop was busy, so the nap after it is skipped rather than missed.
  let poked = false;

  const reportError = (error: unknown) => opts.onError?.(error, NO_UPDATE);
  const leases = leaseKeeper(inbox, heartbeatMs, reportError);
  const pruning = pruneSchedule(inbox, pruneEveryMs, reportError);
  const settle = (item: InboxItem) => leases.whileHeld(item, () => settleUpdate(opts, item));

  /**
   * Claims are refilled once a few slots are free rather than one slot at a time: a claim costs about as
   * much for several updates as for one, and under load there would otherwise be a claim per update. Not many
   * more, though: the turns one claim starts compute their answers together, which delays the webhook's
   * answers when it runs in the same process.
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
        reportError(error);
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
      pruning.start();
    },

    /** New work was stored by this process: look now rather than at the next poll. */
    wake(): void {
      poked = true;
      if (wantsMore()) wakeUp?.();
    },

    /** Stops taking work and waits for what is in hand. */
    async stop(): Promise<void> {
      running = false;
      const pruned = pruning.stop();
      wakeUp?.();
      await loop;
      await Promise.all([...inFlight, pruned]);
    },
  };
}

/** A running worker: `start`, `wake` when this process stored something, `stop`, and `drain` for tests. */
export type Worker = ReturnType<typeof createWorker>;

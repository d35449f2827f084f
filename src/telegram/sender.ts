import { HttpError, type Transformer } from 'grammy';

/**
 * Every Bot API call leaves through this transformer. Messages are paced to Telegram's limits (about 30 a
 * second overall, one a second in a chat with short bursts, 20 a minute in a group); a 429 is waited out for
 * exactly its `retry_after` and also holds back every other message, since Telegram is telling the whole bot to
 * slow down; 5xx answers and network failures are tried again with backoff; and a refusal that no retry can
 * change (the user blocked the bot, the chat is gone) is reported once so the chat can be marked inactive.
 *
 * @grammyjs/auto-retry does the 429 and 5xx part, but its pauses are fixed timers, so it
 * cannot be driven by a test clock; this does the same with an injectable `sleep`.
 */

export interface SenderOptions {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A chat refused delivery for good (blocked, deactivated, gone). */
  onUndeliverable?: (chatId: number, description: string) => void;
  /** How often a call that hit 429 or 5xx or a network failure is tried again. */
  maxRetries?: number;
  /** 429 pauses longer than this are not waited out: the call fails and the update is retried later. */
  maxRetryAfterSeconds?: number;
  limits?: Partial<Limits>;
}

interface Limits {
  globalPerSecond: number;
  privateBurst: number;
  privatePerSecond: number;
  groupBurst: number;
  groupPerSecond: number;
}

const DEFAULT_LIMITS: Limits = {
  globalPerSecond: 30,
  privateBurst: 3,
  privatePerSecond: 1,
  groupBurst: 3,
  groupPerSecond: 20 / 60,
};

/** Calls that put a message in a chat and count against Telegram's flood limits. */
const PACED = new Set([
  'sendMessage',
  'editMessageText',
  'copyMessage',
  'forwardMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
]);

/** Telegram's answers that say the chat will never take messages from the bot again. */
const UNDELIVERABLE =
  /bot was blocked by the user|user is deactivated|chat not found|bot was kicked|bot is not a member|group chat was (deleted|upgraded)|have no rights to send/i;

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    function abort() {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * A token bucket that hands out reservations: each call takes a token now and is told how long to wait
 * before it may be used, so concurrent senders queue up in call order instead of racing.
 */
class Bucket {
  private tokens: number;
  private at: number;
  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = burst;
    this.at = now;
  }

  reserve(now: number): number {
    this.refill(now);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.perSecond) * 1000);
  }

  idle(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
  }
}

function chatOf(payload: unknown): number | null {
  const id = (payload as { chat_id?: unknown } | undefined)?.chat_id;
  return typeof id === 'number' ? id : typeof id === 'string' && /^-?\d+$/.test(id) ? Number(id) : null;
}

export function rateLimitedSender(opts: SenderOptions = {}): Transformer {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? sleepFor;
  const maxRetries = opts.maxRetries ?? 8;
  const maxRetryAfter = opts.maxRetryAfterSeconds ?? 300;
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const global = new Bucket(limits.globalPerSecond, limits.globalPerSecond, now());
  const chats = new Map<number, Bucket>();
  // Set by a 429: nothing is sent before this moment.
  let pausedUntil = 0;

  function chatBucket(chatId: number): Bucket {
    let bucket = chats.get(chatId);
    if (!bucket) {
      if (chats.size > 10_000) {
        const t = now();
        for (const [id, b] of chats) if (b.idle(t)) chats.delete(id);
      }
      bucket =
        chatId < 0
          ? new Bucket(limits.groupBurst, limits.groupPerSecond, now())
          : new Bucket(limits.privateBurst, limits.privatePerSecond, now());
      chats.set(chatId, bucket);
    }
    return bucket;
  }

  async function pace(method: string, chatId: number | null, signal?: AbortSignal): Promise<void> {
    const t = now();
    let wait = Math.max(0, pausedUntil - t);
    if (PACED.has(method)) {
      wait = Math.max(wait, global.reserve(t));
      if (chatId !== null) wait = Math.max(wait, chatBucket(chatId).reserve(t));
    }
    if (wait > 0) await sleep(wait, signal);
  }

  return async (prev, method, payload, grammySignal) => {
    // grammY types its signal with an older AbortSignal declaration; at run time it is Node's own.
    const signal = grammySignal as unknown as AbortSignal | undefined;
    const chatId = chatOf(payload);
    let serverBackoff = 500;
    for (let attempt = 0; ; attempt++) {
      await pace(method, chatId, signal);
      let result: Awaited<ReturnType<typeof prev>>;
      try {
        result = await prev(method, payload, grammySignal);
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted || attempt >= maxRetries) throw error;
        await sleep(serverBackoff, signal);
        serverBackoff = Math.min(serverBackoff * 2, 30_000);
        continue;
      }
      if (result.ok || attempt >= maxRetries) return result;
      const retryAfter = result.parameters?.retry_after;
      if (result.error_code === 429 && typeof retryAfter === 'number' && retryAfter <= maxRetryAfter) {
        pausedUntil = Math.max(pausedUntil, now() + retryAfter * 1000);
        continue;
      }
      if (result.error_code >= 500) {
        await sleep(serverBackoff, signal);
        serverBackoff = Math.min(serverBackoff * 2, 30_000);
        continue;
      }
      if (chatId !== null && (result.error_code === 403 || result.error_code === 400)) {
        if (UNDELIVERABLE.test(result.description)) opts.onUndeliverable?.(chatId, result.description);
      }
      return result;
    }
  };
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Update } from 'grammy/types';
import { sql } from 'kysely';
import { backoffMs, createInbox, type Inbox, inboxCounts, KEPT_MS } from '../src/telegram/store/index.ts';
import { createWorker, REFILL_SLOTS } from '../src/telegram/worker.ts';
import { textUpdate } from './fakes/telegram-api.ts';
import { onEachDatabase } from './support/databases.ts';
import { until } from './support/processes.ts';

/** A clock the test moves by hand, so leases and backoff are tested without waiting. */
function manualClock(start = Date.parse('2026-11-25T09:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

let botCounter = 1000;
const newBot = () => ++botCounter;

const textOf = (u: Update) => u.message?.text ?? '';

/** Fails the test instead of hanging when a promise never settles (a deadlock is a failure here). */
function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish`)), 10_000);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** The inbox with the limit of every claim written down, to see when a worker asks and for how many. */
function countingClaims(inbox: Inbox) {
  const asked: number[] = [];
  const counting: Inbox = {
    ...inbox,
    claim: (limit: number) => {
      asked.push(limit);
      return inbox.claim(limit);
    },
  };
  return { counting, asked };
}

onEachDatabase('telegram inbox', ({ kind, db }) => {
  test('an update delivered twice is stored once and handled once', async () => {
    const { clock } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    const update = textUpdate(1, 'hello', { updateId: 500 });
    assert.equal(await inbox.enqueue(update), true);
    assert.equal(await inbox.enqueue(update), false);
    const seen: number[] = [];
    const worker = createWorker({ inbox, handle: async (u) => void seen.push(u.update_id) });
    await worker.drain();
    assert.equal(await inbox.enqueue(update), false, 'a redelivery after handling is still a no-op');
    await worker.drain();
    assert.deepEqual(seen, [500]);
    assert.equal((await inbox.status(500))?.status, 'done');
  });

  test('updates arriving together are written at once; a repeat among them is stored once', async () => {
    const { clock } = manualClock();
    const bot = newBot();
    const inbox = createInbox(db(), clock, bot);
    await inbox.enqueue(textUpdate(3, 'already here', { updateId: 40 }));
    const ids = [41, 42, 40, 43, 42, 44];
    const stored = await Promise.all(
      ids.map((id) => inbox.enqueue(textUpdate(3, `m${id}`, { updateId: id }))),
    );
    assert.deepEqual(stored, [true, true, false, true, false, true]);
    const rows = await db()
      .selectFrom('telegram_updates')
      .select('update_id')
      .where('bot_id', '=', bot)
      .orderBy('update_id')
      .execute();
    assert.deepEqual(
      rows.map((r) => Number(r.update_id)),
      [40, 41, 42, 43, 44],
    );
  });

  test("a chat's updates are handled in update_id order even when they arrive out of order", async () => {
    const { clock } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    for (const id of [13, 11, 14, 12]) await inbox.enqueue(textUpdate(7, `m${id}`, { updateId: id }));
    const seen: string[] = [];
    const worker = createWorker({ inbox, handle: async (u) => void seen.push(textOf(u)) });
    await worker.drain();
    assert.deepEqual(seen, ['m11', 'm12', 'm13', 'm14']);
  });

  test('different chats are handled at the same time', async () => {
    const { clock } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    await inbox.enqueue(textUpdate(1, 'a', { updateId: 1 }));
    await inbox.enqueue(textUpdate(2, 'b', { updateId: 2 }));
    let release!: () => void;
    const bArrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Chat 1 waits for chat 2: handled one after the other, this would never finish.
    const worker = createWorker({
      inbox,
      handle: async (u) => {
        if (u.update_id === 1) await bArrived;
        else release();
      },
    });
    assert.equal(await within(worker.drain(), 'parallel chats'), 2);
  });

  test('a failed update is retried with backoff and holds back the later updates of its chat only', async () => {
    const { clock, advance } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    await inbox.enqueue(textUpdate(1, 'first', { updateId: 1 }));
    await inbox.enqueue(textUpdate(1, 'second', { updateId: 2 }));
    await inbox.enqueue(textUpdate(2, 'other chat', { updateId: 3 }));
    let failOnce = true;
    const seen: string[] = [];
    const worker = createWorker({
      inbox,
      handle: async (u) => {
        if (textOf(u) === 'first' && failOnce) {
          failOnce = false;
          throw new Error('assistant unavailable');
        }
        seen.push(textOf(u));
      },
    });
    await worker.drain();
    assert.deepEqual(seen, ['other chat'], 'chat 1 waits for its first update');
    const waiting = await inbox.status(1);
    assert.equal(waiting?.status, 'received');
    assert.equal(waiting?.attempts, 1);
    assert.match(waiting?.last_error ?? '', /assistant unavailable/);
    assert.equal(waiting?.next_attempt_at, new Date(clock().getTime() + backoffMs(1)).toISOString());

    advance(backoffMs(1) - 1);
    await worker.drain();
    assert.deepEqual(seen, ['other chat'], 'not before the backoff ends');
    advance(1);
    await worker.drain();
    assert.deepEqual(seen, ['other chat', 'first', 'second']);
  });

  test('an update comes back from the inbox exactly as Telegram sent it, whatever its text holds', async () => {
    const { clock } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    const texts = [
      '"quoted", {braced}',
      'back\\slash \\" and NULL',
      'line\nbreak\ttab',
      'Привет 👋 ünïcode',
      'control \u001e\u0000 characters',
      '',
    ];
    const updates = texts.map((text, i) => textUpdate(10 + i, text, { updateId: 900 + i }));
    assert.deepEqual(
      await Promise.all(updates.map((u) => inbox.enqueue(u))),
      texts.map(() => true),
    );
    const claimed = await inbox.claim(texts.length);
    assert.deepEqual(
      claimed.map((item) => item.update),
      updates,
    );
  });

  test("a busy chat's long backlog does not keep other chats waiting", async () => {
    const { clock } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    // More than a claim first looks at, all from one chat, then one update from another chat.
    await Promise.all(
      Array.from({ length: 600 }, (_, i) => inbox.enqueue(textUpdate(1, `m${i}`, { updateId: i + 1 }))),
    );
    await inbox.enqueue(textUpdate(2, 'other chat', { updateId: 601 }));

    const [head] = await inbox.claim(1);
    assert.equal(head?.updateId, 1);
    const next = await inbox.claim(4);
    assert.deepEqual(
      next.map((i) => i.updateId),
      [601],
      "the other chat's update is taken while chat 1 is busy, and nothing more of chat 1",
    );
    await inbox.complete(head!);
    assert.deepEqual(
      (await inbox.claim(4)).map((i) => i.updateId),
      [2],
      'chat 1 goes on with its next update once the first is done',
    );
  });

  test('a claim looks its heads up by key, whatever plan the statistics lead PostgreSQL to', {
    skip: kind !== 'postgres' && "the plans in question are PostgreSQL's",
  }, async () => {
    const { clock } = manualClock();
    const bot = newBot();
    // A busy day's finished updates, not yet in the planner's statistics, then two new ones.
    await sql`insert into telegram_updates (bot_id, update_id, chat_id, payload, status, received_at, next_attempt_at)
      select ${bot}, n, n % 500, '{}', 'done', '2026-11-25T08:00:00Z', '2026-11-25T08:00:00Z'
      from generate_series(1, 5000) as n`.execute(db());
    const inbox = createInbox(db(), clock, bot);
    await inbox.enqueue(textUpdate(1, 'first', { updateId: 5001 }));
    await inbox.enqueue(textUpdate(2, 'second', { updateId: 5002 }));

    const rowsRead = await db()
      .transaction()
      .execute(async (trx) => {
        // A plan made for any values, as PostgreSQL settles on for a statement it has run five times.
        await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
        const claimed = await createInbox(trx, clock, bot).claim(2);
        assert.deepEqual(
          claimed.map((item) => item.updateId),
          [5001, 5002],
        );
        const { rows } = await sql<{ fetched: string }>`
          select pg_stat_get_xact_tuples_fetched('telegram_updates'::regclass) as fetched`.execute(trx);
        return Number(rows[0]!.fetched);
      });
    assert.ok(rowsRead < 50, `the claim read ${rowsRead} rows of the inbox for 2 updates`);
  });

  test('an update that keeps failing is given up after its tries, and the chat is told', async () => {
    const { clock, advance } = manualClock();
    const inbox = createInbox(db(), clock, newBot(), { maxAttempts: 3 });
    await inbox.enqueue(textUpdate(1, 'poison', { updateId: 1 }));
    await inbox.enqueue(textUpdate(1, 'next', { updateId: 2 }));
    const seen: string[] = [];
    const failed: number[] = [];
    const worker = createWorker({
      inbox,
      handle: async (u) => {
        if (textOf(u) === 'poison') throw new Error('boom');
        seen.push(textOf(u));
      },
      onFailed: async (u) => void failed.push(u.update_id),
    });
    for (let i = 0; i < 3; i++) {
      await worker.drain();
      advance(backoffMs(3));
    }
    assert.equal((await inbox.status(1))?.status, 'failed');
    assert.equal((await inbox.status(1))?.attempts, 3);
    assert.deepEqual(failed, [1]);
    assert.deepEqual(seen, ['next'], 'a given-up update no longer holds back its chat');
    const counts = await inboxCounts(db(), inbox.botId);
    assert.equal(counts.failed, 1);
    assert.equal(counts.lastFailure?.updateId, 1);
  });

  test('a permanent error fails the update at once, without retries', async () => {
    const { clock } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    await inbox.enqueue(textUpdate(1, 'x', { updateId: 1 }));
    let calls = 0;
    const worker = createWorker({
      inbox,
      handle: async () => {
        calls += 1;
        throw new Error('Forbidden: bot was blocked by the user');
      },
      isPermanent: () => true,
    });
    await worker.drain();
    await worker.drain();
    assert.equal(calls, 1);
    assert.equal((await inbox.status(1))?.status, 'failed');
  });

  test('after a crash mid-batch, a restarted worker finishes what was acknowledged and redoes nothing done', async () => {
    const { clock, advance } = manualClock();
    const botId = newBot();
    const first = createInbox(db(), clock, botId);
    for (let id = 1; id <= 6; id++) await first.enqueue(textUpdate(id % 3, `u${id}`, { updateId: id }));
    // The first process handles one batch (one update of each chat), then takes the next and dies.
    const handledBefore: number[] = [];
    await createWorker({ inbox: first, handle: async (u) => void handledBefore.push(u.update_id) }).drain();
    assert.equal(handledBefore.length, 6);
    for (let id = 7; id <= 12; id++) await first.enqueue(textUpdate(id % 3, `u${id}`, { updateId: id }));
    const inHand = await first.claim(2);
    assert.equal(inHand.length, 2);

    // The restarted process: the abandoned claims wait for their lease, the rest goes on.
    const restarted = createInbox(db(), clock, botId);
    const handledAfter: number[] = [];
    const worker = createWorker({
      inbox: restarted,
      handle: async (u) => void handledAfter.push(u.update_id),
    });
    await worker.drain();
    const abandonedChats = new Set(inHand.map((i) => i.chatId));
    assert.ok(
      handledAfter.every((id) => !abandonedChats.has(id % 3)),
      'chats with a live claim are left to it',
    );
    advance(5 * 60_000);
    await worker.drain();
    assert.deepEqual(
      [...handledAfter].sort((a, b) => a - b),
      [7, 8, 9, 10, 11, 12],
    );
    for (let id = 1; id <= 12; id++) assert.equal((await restarted.status(id))?.status, 'done');
    // The dead process's late answer cannot undo the new owner's work.
    await first.retryLater(inHand[0]!, new Error('late'));
    assert.equal((await restarted.status(inHand[0]!.updateId))?.status, 'done');
  });

  test('two workers claiming at once never take the same update or the same chat', async () => {
    const { clock } = manualClock();
    const botId = newBot();
    const a = createInbox(db(), clock, botId);
    const b = createInbox(db(), clock, botId);
    for (let id = 1; id <= 40; id++) await a.enqueue(textUpdate((id % 10) + 1, `u${id}`, { updateId: id }));
    const [ca, cb] = await Promise.all([a.claim(10), b.claim(10)]);
    const ids = [...ca, ...cb].map((i) => i.updateId);
    assert.equal(new Set(ids).size, ids.length, 'no update twice');
    const chats = [...ca, ...cb].map((i) => i.chatId);
    assert.equal(new Set(chats).size, chats.length, 'no chat twice');
    assert.ok(ids.length > 0);
    for (const item of [...ca, ...cb]) {
      assert.equal(
        item.updateId,
        Math.min(...Array.from({ length: 40 }, (_, k) => k + 1).filter((k) => (k % 10) + 1 === item.chatId)),
      );
    }
  });

  test('the live worker loop picks up stored updates when woken and stops cleanly', async () => {
    const { clock } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    const seen: number[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const worker = createWorker({
      inbox,
      pollMs: 60_000,
      handle: async (u) => {
        seen.push(u.update_id);
        if (seen.length === 3) done();
      },
    });
    worker.start();
    for (const id of [1, 2, 3]) {
      await inbox.enqueue(textUpdate(1, `m${id}`, { updateId: id }));
      worker.wake();
    }
    await within(finished, 'the live loop');
    await worker.stop();
    assert.deepEqual(seen, [1, 2, 3]);
  });

  test('a busy worker claims again once a few slots are free, not for every finished update', async () => {
    const { clock } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    const { counting, asked } = countingClaims(inbox);
    const gates = new Map<number, () => void>();
    let finishing = false;
    const worker = createWorker({
      inbox: counting,
      concurrency: 16,
      pollMs: 60_000,
      handle: (u) =>
        finishing ? Promise.resolve() : new Promise<void>((resolve) => gates.set(u.update_id, resolve)),
    });
    for (let id = 1; id <= 40; id++) await inbox.enqueue(textUpdate(id, 'hi', { updateId: id }));
    worker.start();
    const started = (n: number) => until(`${n} updates started`, 5_000, () => gates.size >= n);
    try {
      await started(16);
      assert.deepEqual(asked, [16], 'every slot filled by one claim');
      for (let id = 1; id < REFILL_SLOTS; id++) gates.get(id)!();
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(asked, [16], 'no claim while fewer slots are free');
      gates.get(REFILL_SLOTS)!();
      await started(16 + REFILL_SLOTS);
      assert.deepEqual(asked, [16, REFILL_SLOTS], 'one claim for the slots freed together');
    } finally {
      finishing = true;
      for (const release of gates.values()) release();
      await within(worker.stop(), 'the worker stopping');
    }
  });

  test('a claim that got fewer than it asked for is not repeated until something new happens', async () => {
    const { clock } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    const { counting, asked } = countingClaims(inbox);
    const gates = new Map<number, () => void>();
    const worker = createWorker({
      inbox: counting,
      concurrency: 4,
      pollMs: 60_000,
      handle: (u) => new Promise<void>((resolve) => gates.set(u.update_id, resolve)),
    });
    await inbox.enqueue(textUpdate(1, 'hi', { updateId: 1 }));
    worker.start();
    const started = (n: number) => until(`${n} updates started`, 5_000, () => gates.size >= n);
    try {
      await started(1);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(asked, [4], 'one claim, which took the only update');
      await inbox.enqueue(textUpdate(2, 'hi', { updateId: 2 }));
      worker.wake();
      await started(2);
      assert.deepEqual(asked, [4, 3], 'an arrival is claimed at once');
    } finally {
      for (const release of gates.values()) release();
      await within(worker.stop(), 'the worker stopping');
    }
  });

  test('finished updates are pruned once kept long enough, failed ones later, open ones never', async () => {
    const { clock, advance } = manualClock();
    const inbox = createInbox(db(), clock, newBot(), { maxAttempts: 1 });
    for (let id = 1; id <= 7; id++) await inbox.enqueue(textUpdate(id, `m${id}`, { updateId: id }));
    const claimed = await inbox.claim(6);
    for (const item of claimed.slice(0, 5)) await inbox.complete(item);
    await inbox.fail(claimed[5]!, new Error('poison'));
    const left = async () => {
      const ids = [];
      for (let id = 1; id <= 7; id++) if (await inbox.status(id)) ids.push(id);
      return ids;
    };

    advance(KEPT_MS.done);
    assert.equal(await inbox.prune(2), 0, 'kept for the whole time');
    advance(1);
    assert.equal(await inbox.prune(2), 5, 'in batches of two, until none is left');
    assert.deepEqual(await left(), [6, 7]);

    advance(KEPT_MS.failed);
    assert.equal(await inbox.prune(), 1);
    assert.deepEqual(await left(), [7], 'the update never taken stays, however old');
    assert.equal((await inbox.status(7))?.status, 'received');
  });

  test('a running worker prunes its inbox', async () => {
    const { clock, advance } = manualClock();
    const inbox = createInbox(db(), clock, newBot());
    await inbox.enqueue(textUpdate(1, 'old', { updateId: 1 }));
    const [item] = await inbox.claim(1);
    await inbox.complete(item!);
    advance(KEPT_MS.done + 1);
    const worker = createWorker({ inbox, pollMs: 60_000, handle: async () => {} });
    worker.start();
    await worker.stop();
    assert.equal(await inbox.status(1), undefined);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { createInbox } from '../src/telegram/store/index.ts';
import { createWorker } from '../src/telegram/worker.ts';
import { textUpdate } from './fakes/telegram-api.ts';
import { onEachDatabase } from './support/databases.ts';

/**
 * Inbox claims are short leases kept alive by the worker holding them: a process that dies gives its
 * updates up within seconds, a live one that is merely slow keeps them. Leases run on a hand-moved clock;
 * the heartbeat runs on real timers, so the tests wait a few real milliseconds for it.
 */

function manualClock(start = Date.parse('2026-11-25T09:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

let botCounter = 5000;
const newBot = () => ++botCounter;

onEachDatabase('inbox leases', ({ db }) => {
  /** Two processes' inboxes for one bot, with one-second leases on a clock the test moves. */
  function twoProcesses() {
    const { clock, advance } = manualClock();
    const botId = newBot();
    const inbox = () => createInbox(db(), clock, botId, { leaseMs: 1000 });
    return { advance, first: inbox(), second: inbox() };
  }

  test('a crashed process’s claim is taken over once its lease runs out, and not before', async () => {
    const { advance, first: crashed, second: survivor } = twoProcesses();
    await crashed.enqueue(textUpdate(1, 'hello', { updateId: 1 }));
    // Claimed, then the process died: nobody renews the lease.
    assert.equal((await crashed.claim(1)).length, 1);

    advance(900);
    assert.deepEqual(await survivor.claim(5), [], 'a live-looking claim is left alone');
    advance(200);
    const taken = await survivor.claim(5);
    assert.deepEqual(
      taken.map((i) => [i.updateId, i.attempts]),
      [[1, 2]],
    );
  });

  test('a slow handler keeps its claim past the lease, and the update is handled once', async () => {
    const { advance, first: inbox, second: other } = twoProcesses();
    await inbox.enqueue(textUpdate(1, 'slow', { updateId: 1 }));
    await inbox.enqueue(textUpdate(1, 'next in the chat', { updateId: 2 }));

    let finish!: () => void;
    const gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const handled: number[] = [];
    const worker = createWorker({
      inbox,
      heartbeatMs: 5,
      handle: async (u) => {
        if (u.update_id === 1) await gate;
        handled.push(u.update_id);
      },
    });
    const draining = worker.drain();
    // Five leases long, with the heartbeat given time to renew between steps.
    for (let step = 0; step < 10; step++) {
      await pause(30);
      advance(500);
      assert.deepEqual(await other.claim(5), [], 'neither the claim nor the rest of its chat is taken');
    }
    finish();
    await draining;
    assert.deepEqual(handled, [1, 2]);
    assert.equal((await inbox.status(1))?.status, 'done');
    assert.equal((await inbox.status(1))?.attempts, 1);
  });

  test('a claim taken over by another worker is not revived by the old holder, and its late result is ignored', async () => {
    const { advance, first: stalled, second: survivor } = twoProcesses();
    await stalled.enqueue(textUpdate(1, 'hello', { updateId: 1 }));
    const [old] = await stalled.claim(1);
    advance(1500);
    const [current] = await survivor.claim(1);
    assert.ok(old && current);

    await stalled.renew([old]);
    await stalled.complete(old);
    assert.equal((await survivor.status(1))?.status, 'processing', 'the stale holder settles nothing');
    advance(1500);
    assert.equal((await stalled.claim(1)).length, 1, 'the stale renewal did not extend the new lease');
  });

  test('completions settled together still settle only the claims their worker holds', async () => {
    const { advance, first: stalled, second: survivor } = twoProcesses();
    await stalled.enqueue(textUpdate(1, 'first chat', { updateId: 1 }));
    const [lost] = await stalled.claim(1);
    advance(1500);
    await stalled.enqueue(textUpdate(2, 'second chat', { updateId: 2 }));
    await stalled.enqueue(textUpdate(3, 'third chat', { updateId: 3 }));
    const [takenOver] = await survivor.claim(1);
    const kept = await stalled.claim(2);
    assert.deepEqual([lost?.updateId, takenOver?.updateId, kept.map((k) => k.updateId)], [1, 1, [2, 3]]);

    // One batch: the lost claim and the two held ones end at the same moment.
    await Promise.all([lost!, ...kept].map((item) => stalled.complete(item)));
    assert.equal((await stalled.status(1))?.status, 'processing', 'still the survivor’s');
    assert.equal((await stalled.status(2))?.status, 'done');
    assert.equal((await stalled.status(3))?.status, 'done');
  });
});

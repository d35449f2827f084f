import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupCommit } from '../src/telegram/group-commit.ts';

/** A writer whose batches finish only when the test says so, recording what happened in order. */
function heldWriter() {
  const events: string[] = [];
  const pending: { items: number[]; finish: (fail?: Error) => void }[] = [];
  const write = groupCommit(
    (items: number[]) =>
      new Promise<string[]>((resolve, reject) => {
        events.push(`write ${items.join(',')}`);
        pending.push({
          items,
          finish: (fail) => (fail ? reject(fail) : resolve(items.map((n) => `stored ${n}`))),
        });
      }),
    3,
  );
  const call = (n: number) =>
    write(n).then(
      (out) => void events.push(`${n}: ${out}`),
      (error: Error) => void events.push(`${n}: ${error.message}`),
    );
  const settled = () => new Promise((r) => setImmediate(r));
  return { events, pending, call, settled };
}

test('calls made while a batch is written go together in the next, at most maxBatch at a time', async () => {
  const w = heldWriter();
  const calls = [w.call(1)];
  await w.settled();
  calls.push(w.call(2), w.call(3), w.call(4), w.call(5));
  await w.settled();
  assert.deepEqual(w.events, ['write 1'], 'one batch is written at a time');
  w.pending.shift()!.finish();
  await w.settled();
  w.pending.shift()!.finish();
  await w.settled();
  w.pending.shift()!.finish();
  await Promise.all(calls);
  assert.deepEqual(w.events, [
    'write 1',
    'write 2,3,4',
    '1: stored 1',
    'write 5',
    '2: stored 2',
    '3: stored 3',
    '4: stored 4',
    '5: stored 5',
  ]);
});

test('the next batch is on its way before the finished batch is answered', async () => {
  const w = heldWriter();
  const first = w.call(1);
  await w.settled();
  const second = w.call(2);
  w.pending.shift()!.finish();
  await first;
  assert.deepEqual(w.events, ['write 1', 'write 2', '1: stored 1']);
  w.pending.shift()!.finish();
  await second;
});

test("a failed write fails only its own batch's calls, and the next batch is still written", async () => {
  const w = heldWriter();
  const calls = [w.call(1), w.call(2)];
  await w.settled();
  calls.push(w.call(3));
  w.pending.shift()!.finish(new Error('disk full'));
  await w.settled();
  w.pending.shift()!.finish();
  await Promise.all(calls);
  assert.deepEqual(w.events, ['write 1,2', 'write 3', '1: disk full', '2: disk full', '3: stored 3']);
});

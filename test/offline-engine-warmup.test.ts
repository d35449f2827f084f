import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { languageModelLoaded } from '../src/assistant/offline/nlp.ts';
import { warmOfflineEngine } from '../src/assistant/offline-brain.ts';

/** The language model's warm-up at start: it loads without a request, and a server stopping early stops it. */

test('a warm-up stopped before its delay loads nothing', async () => {
  const stop = warmOfflineEngine(20);
  stop();
  await sleep(100);
  assert.equal(languageModelLoaded(), false);
});

test('a warm-up loads the model in steps, answering timers queued between them', async () => {
  warmOfflineEngine(0);
  let between = 0;
  const ticks = setInterval(() => {
    if (!languageModelLoaded()) between += 1;
  }, 0);
  try {
    for (let waited = 0; !languageModelLoaded() && waited < 60_000; waited += 20) await sleep(20);
  } finally {
    clearInterval(ticks);
  }
  assert.equal(languageModelLoaded(), true);
  assert.ok(between >= 2, `other work ran ${between} times while the model loaded`);
});

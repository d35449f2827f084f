import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import type { Update } from 'grammy/types';
import { type Db, openDatabase } from '../src/db/index.ts';
import { botIdOf } from '../src/telegram/webhook.ts';
import { FakeTelegram, TEST_TOKEN, textUpdate } from './fakes/telegram-api.ts';
import { BotApiGate } from './support/bot-api-gate.ts';
import { type ParleyProcess, postUpdate, startParley, until } from './support/processes.ts';

/**
 * kill -9 in the middle of a 10,000-update webhook ingest into the default single process on its SQLite
 * file, then a restart: every update the server acknowledged (HTTP 200) is still there and is answered,
 * and none is answered twice. Each update comes from a chat of its own (a stranger, answered with the
 * sign-in help), so an answer's chat says which update it belongs to.
 */

const SECRET = 'crash-test-secret';
const BOT_ID = botIdOf(TEST_TOKEN);
const UPDATES = 10_000;
const FIRST_CHAT = 3_000_000;
const FIRST_UPDATE = 5_000_000;

const post = (url: string, update: Update) => postUpdate(url, SECRET, update);

describe('kill -9 during a webhook ingest', () => {
  let dir: string;
  let db: Db;
  let fake: FakeTelegram;
  const gates: BotApiGate[] = [];
  let server: ParleyProcess | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
    fake = await FakeTelegram.start();
  });

  after(async () => {
    await server?.kill();
    await Promise.all(gates.map((g) => g.stop()));
    await fake?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<{ proc: ParleyProcess; gate: BotApiGate }> {
    const gate = await BotApiGate.start(fake.apiRoot);
    gates.push(gate);
    const proc = await startParley(['serve'], {
      DATABASE_URL: `file:${join(dir, 'parley.db')}`,
      DEMO_DATA: 'off',
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: gate.apiRoot,
      PUBLIC_URL: 'https://parley.example.test',
      // The fake Bot API has no flood limits; Telegram's 30 a second would make this take minutes.
      TELEGRAM_MAX_MESSAGES_PER_SECOND: '10000',
      TELEGRAM_MAX_MESSAGES_PER_CHAT_PER_SECOND: '10000',
    });
    server = proc;
    return { proc, gate };
  }

  /** Chats that got an answer, with how many each got. */
  function answers(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const call of fake.callsOf('sendMessage')) {
      if (!call.ok) continue;
      const chat = Number(call.payload.chat_id);
      counts.set(chat, (counts.get(chat) ?? 0) + 1);
    }
    return counts;
  }

  async function stored(ids: number[]): Promise<Set<number>> {
    const found = new Set<number>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('telegram_updates')
        .select('update_id')
        .where('bot_id', '=', BOT_ID)
        .where('update_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) found.add(Number(r.update_id));
    }
    return found;
  }

  test('10,000 updates, the server killed half-way and restarted: none acknowledged lost, none answered twice', {
    timeout: 300_000,
  }, async (t) => {
    const first = await start();
    db = openDatabase({ kind: 'sqlite', file: join(dir, 'parley.db') });
    const updates = Array.from({ length: UPDATES }, (_, k) =>
      textUpdate(FIRST_CHAT + k, 'hello', { updateId: FIRST_UPDATE + k }),
    );
    const acknowledged = new Set<number>();
    const started = Date.now();

    // Telegram's side: deliver, and deliver again later whatever was not acknowledged.
    let target = first.proc.url!;
    let next = 0;
    const deliverUntil = async (count: number) => {
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < count) {
            const update = updates[next++]!;
            if (await post(target, update)) acknowledged.add(update.update_id);
          }
        }),
      );
    };
    const killAt = UPDATES / 2;
    const ingest = deliverUntil(UPDATES);
    await until('half the updates acknowledged', 120_000, () => acknowledged.size >= killAt);

    // The crash, with updates in hand whose answers have not gone out (see BotApiGate).
    first.gate.close();
    const through = new Set(first.gate.passed.map((body) => Number(JSON.parse(body).chat_id)));
    await until('the answers that went out to be recorded', 60_000, async () => {
      const ids = [...through].map((chat) => FIRST_UPDATE + (chat - FIRST_CHAT));
      const open = await db
        .selectFrom('telegram_updates')
        .select('update_id')
        .where('status', '<>', 'done')
        .where('update_id', 'in', ids.length > 0 ? ids : [-1])
        .execute();
      return open.length === 0;
    });
    await first.proc.kill();
    const killedAfter = acknowledged.size;
    await ingest;

    const storedNow = await stored([...acknowledged]);
    const missing = [...acknowledged].filter((id) => !storedNow.has(id));
    assert.deepEqual(missing, [], 'every acknowledged update survived the kill');

    // Restarted; Telegram delivers what was never acknowledged, and redelivers a few that were.
    const second = await start();
    target = second.proc.url!;
    const unacknowledged = updates.filter((u) => !acknowledged.has(u.update_id));
    const redelivered = updates.slice(0, 200);
    for (const update of [...unacknowledged, ...redelivered]) {
      assert.ok(await post(target, update), `update ${update.update_id} acknowledged after the restart`);
      acknowledged.add(update.update_id);
    }
    await until('every update answered', 240_000, () => answers().size >= UPDATES);
    await pause(1000);

    const counts = answers();
    const twice = [...counts].filter(([, n]) => n > 1).map(([chat]) => chat);
    assert.deepEqual(twice, [], 'no chat answered twice');
    for (const update of updates) {
      assert.equal(counts.get(update.message!.chat.id), 1, `update ${update.update_id} answered`);
    }
    const open = await db
      .selectFrom('telegram_updates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '<>', 'done')
      .executeTakeFirstOrThrow();
    assert.equal(Number(open.n), 0);
    t.diagnostic(
      `killed after ${killedAfter} of ${UPDATES} acknowledged, ${first.gate.held} Bot API calls cut off, ` +
        `${unacknowledged.length} delivered again after the restart; all answered once after ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
});

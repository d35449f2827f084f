import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import pg from 'pg';
import { type Db, migrateToLatest, openDatabase } from '../src/db/index.ts';
import { botIdOf } from '../src/telegram/webhook.ts';
import { FakeTelegram, TEST_TOKEN, textUpdate } from './fakes/telegram-api.ts';
import { BotApiGate } from './support/bot-api-gate.ts';
import { TEST_KINDS } from './support/databases.ts';
import { scratchDatabase } from './support/postgres-servers.ts';
import { type ParleyProcess, postUpdate, startParley, until } from './support/processes.ts';

/**
 * How often an answer goes out twice when the process answering dies: kill -9 at an arbitrary moment of a
 * burst, with no care for what is in hand, then a restart that answers everything (at least once). An answer
 * repeats when Telegram accepted it but the update was not yet recorded as done. That record is written as
 * soon as the update's answer is accepted, so the repeats are bounded by the answers in flight at the kill:
 * those Telegram had taken whose acceptance the process had not heard back yet, or had only just heard back
 * (GRACE_MS, the time to write one row). Recorded in a later batch, as before, the repeats came from every
 * update waiting for that batch. Each update comes from a chat of its own, so a chat answered twice is a
 * repeated update.
 */

const SECRET = 'duplicates-test-secret';
const BOT_ID = botIdOf(TEST_TOKEN);
const UPDATES = 3_000;
const KILL_AFTER = 1_500;
/**
 * An answer Telegram accepted this shortly before the kill counts as in flight: the process may not have
 * read the acceptance yet, or be writing its record, on a machine this test keeps busy.
 */
const GRACE_MS = 250;

for (const kind of TEST_KINDS) {
  describe(`kill -9 of the answering process during a burst [${kind}]`, () => {
    let dir: string;
    let database: { url: string; drop(): Promise<void> } | null = null;
    let db: Db;
    let fake: FakeTelegram;
    const gates: BotApiGate[] = [];
    const processes: ParleyProcess[] = [];

    let url: string;

    before(async () => {
      fake = await FakeTelegram.start();
      if (kind === 'postgres') {
        database = await scratchDatabase(`parley_dups_${process.pid}`);
        url = database.url;
        db = openDatabase({ kind: 'postgres', url });
        await migrateToLatest(db);
      } else {
        dir = mkdtempSync(join(tmpdir(), 'parley-dups-'));
        url = `file:${join(dir, 'parley.db')}`;
      }
    });

    after(async () => {
      await Promise.all(processes.map((p) => p.kill()));
      await Promise.all(gates.map((g) => g.stop()));
      await fake?.close();
      await db?.destroy();
      await database?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** Every stored update is finished: those the dead process held have been taken again. */
    async function settled(): Promise<boolean> {
      const open = await db
        .selectFrom('telegram_updates')
        .select('update_id')
        .where('bot_id', '=', BOT_ID)
        .where('status', 'in', ['received', 'processing'])
        .limit(1)
        .execute();
      return open.length === 0;
    }

    async function start(url: string): Promise<{ proc: ParleyProcess; gate: BotApiGate }> {
      const gate = await BotApiGate.start(fake.apiRoot);
      gates.push(gate);
      const proc = await startParley(['serve'], {
        DATABASE_URL: url,
        DEMO_DATA: 'off',
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_API_ROOT: gate.apiRoot,
        PUBLIC_URL: 'https://parley.example.test',
        // The fake Bot API has no flood limits; Telegram's would make this take minutes.
        TELEGRAM_MAX_MESSAGES_PER_SECOND: '10000',
        TELEGRAM_MAX_MESSAGES_PER_CHAT_PER_SECOND: '10000',
      });
      processes.push(proc);
      return { proc, gate };
    }

    test('answers repeated after the kill stay within the answers in flight at that moment', {
      timeout: 240_000,
    }, async (t) => {
      const first = await start(url);
      if (kind === 'sqlite') db = openDatabase({ kind: 'sqlite', file: join(dir, 'parley.db') });
      const firstChat = 7_000_000;
      const firstUpdate = 8_000_000;
      const updates = Array.from({ length: UPDATES }, (_, k) =>
        textUpdate(firstChat + k, 'hello', { updateId: firstUpdate + k }),
      );

      // Telegram's side: sixteen deliveries at a time, and again later whatever was not acknowledged.
      const acknowledged = new Set<number>();
      let target = first.proc.url!;
      let next = 0;
      const ingest = Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < UPDATES) {
            const update = updates[next++]!;
            if (await postUpdate(target, SECRET, update)) acknowledged.add(update.update_id);
          }
        }),
      );
      await until('the burst under way', 120_000, () => acknowledged.size >= KILL_AFTER);
      const killedAt = performance.now();
      await first.proc.kill();
      await ingest;

      // What the process had in hand when it died.
      const inHand = await db
        .selectFrom('telegram_updates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('bot_id', '=', BOT_ID)
        .where('status', '=', 'processing')
        .executeTakeFirstOrThrow();
      // Whatever reaches the gate after the kill was sent before it, and is in flight too.
      const inFlight = first.gate.sends.filter(
        (s) => s.answeredAt === null || s.answeredAt > killedAt - GRACE_MS,
      );
      const chatsInFlight = new Set(inFlight.map((s) => s.chatId));

      const second = await start(url);
      target = second.proc.url!;
      for (const update of updates.filter((u) => !acknowledged.has(u.update_id))) {
        assert.ok(await postUpdate(target, SECRET, update), `update ${update.update_id} acknowledged`);
      }
      const answers = () => {
        const counts = new Map<number, number>();
        for (const call of fake.callsOf('sendMessage')) {
          if (!call.ok) continue;
          const chat = Number(call.payload.chat_id);
          counts.set(chat, (counts.get(chat) ?? 0) + 1);
        }
        return counts;
      };
      // Updates the dead process held come back once their leases run out.
      await until(
        'every update answered',
        180_000,
        async () => answers().size >= UPDATES && (await settled()),
      );
      await pause(1000);

      const counts = answers();
      for (const update of updates) {
        assert.ok((counts.get(update.message!.chat.id) ?? 0) >= 1, `update ${update.update_id} answered`);
      }
      const repeated = [...counts].filter(([, n]) => n > 1).map(([chat]) => chat);
      const perThousand = Number(inHand.n) > 0 ? (1000 * repeated.length) / Number(inHand.n) : 0;
      t.diagnostic(
        `[${kind}] killed with ${inHand.n} updates in hand and ${chatsInFlight.size} answers in flight: ` +
          `${repeated.length} answered twice (${perThousand.toFixed(1)} per 1,000 updates in flight, that is in hand)`,
      );
      assert.ok(
        repeated.length <= Number(inHand.n),
        'at most one repeated answer per update in hand: each chat has one update in hand at a time',
      );
    });

    test('one update slow to record holds back no other: only it and the answers in flight repeat', {
      skip: kind !== 'postgres',
      timeout: 240_000,
    }, async (t) => {
      const { proc, gate } = await start(url);
      const stuckChat = 7_500_000;
      const stuck = textUpdate(stuckChat, 'hello', { updateId: 8_500_000 });
      // The stuck update's answer waits at the gate while the test locks its row, then goes out: recording
      // it as done now waits on the test's lock for as long as the test likes.
      const held = gate.hold(stuckChat);
      assert.ok(await postUpdate(proc.url!, SECRET, stuck));
      await until('its answer waiting at the gate', 30_000, () =>
        gate.passed.some((body) => Number(JSON.parse(body).chat_id) === stuckChat),
      );
      const locker = new pg.Client({ connectionString: url });
      await locker.connect();
      await locker.query('begin');
      await locker.query('select 1 from telegram_updates where bot_id = $1 and update_id = $2 for update', [
        BOT_ID,
        stuck.update_id,
      ]);
      held.release();
      await until('its answer accepted', 30_000, () => fake.sentTo(stuckChat).length === 1);

      // A burst from other chats while that record waits, four deliveries at a time, for three seconds.
      const firstChat = 7_600_000;
      const updates = Array.from({ length: 20_000 }, (_, k) =>
        textUpdate(firstChat + k, 'hello', { updateId: 8_600_000 + k }),
      );
      let next = 0;
      let stop = false;
      const acknowledged = new Set<number>();
      const burst = Promise.all(
        Array.from({ length: 4 }, async () => {
          while (!stop && next < updates.length) {
            const update = updates[next++]!;
            if (await postUpdate(proc.url!, SECRET, update)) acknowledged.add(update.update_id);
          }
        }),
      );
      await pause(3000);
      const killedAt = performance.now();
      await proc.kill();
      stop = true;
      await burst;
      await locker.query('rollback');
      await locker.end();

      const inFlight = new Set(
        gate.sends
          .filter((s) => s.chatId !== stuckChat)
          .filter((s) => s.answeredAt === null || s.answeredAt > killedAt - GRACE_MS)
          .map((s) => s.chatId),
      );
      const restarted = await start(url);
      const sent = updates.slice(0, next);
      for (const update of sent.filter((u) => !acknowledged.has(u.update_id))) {
        assert.ok(await postUpdate(restarted.proc.url!, SECRET, update));
      }
      const chats = [stuckChat, ...sent.map((u) => u.message!.chat.id)];
      await until('every update answered', 180_000, async () => await settled());
      await pause(1000);
      const repeated = chats.filter((c) => fake.sentTo(c).length > 1);
      t.diagnostic(
        `[${kind}] one record stalled for 3 s: ${sent.length} updates in the burst, ${inFlight.size} ` +
          `answers in flight at the kill, ${repeated.length} answered twice`,
      );
      // The stalled statement itself may still commit once the lock goes: PostgreSQL notices a dead client
      // only when it next writes to it. Whether or not, the stalled update is answered at least once.
      assert.ok(fake.sentTo(stuckChat).length >= 1);
      assert.ok(
        repeated.length <= 1 + inFlight.size,
        `repeated answers (${repeated.length}) within the stalled one and those in flight (${inFlight.size})`,
      );
    });
  });
}

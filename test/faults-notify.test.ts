import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordAudit } from '../src/crm/audit.ts';
import { createCrm } from '../src/crm/index.ts';
import { notificationsService } from '../src/crm/notifications.ts';
import { type Clock, systemClock } from '../src/domain/time.ts';
import { createNotifier, NOTICE_LEASE_MS } from '../src/telegram/notify.ts';
import { chatStore } from '../src/telegram/store/index.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant } from './support/tenants.ts';

/** A clock that tests move forward by hand, starting now. */
function movableClock() {
  let offset = 0;
  const clock: Clock = () => new Date(Date.now() + offset);
  return { clock, advance: (ms: number) => (offset += ms) };
}

/**
 * Notices go through the outbox: written with their change, delivered at least once by any number of
 * notifiers, tried again when a send fails, and never skipped because a write committed late.
 */
let nextBotId = 777_000;

onEachDatabase('notifications from several processes', ({ kind, db }) => {
  /** A linked employee's chat, and notifiers that record what they send (and fail while `failing` is set). */
  async function setUp(clock: Clock = systemClock) {
    // One bot per set-up, so a test's chat never collides with an earlier test's in the same database.
    const botId = nextBotId++;
    const t = await createTenant(db());
    const chats = chatStore(db(), systemClock, botId);
    await db()
      .insertInto('telegram_chats')
      .values({
        bot_id: botId,
        chat_id: 4242,
        kind: 'private',
        user_id: t.employee.userId,
        telegram_user_id: 4242,
        organization_id: t.orgId,
        linked_at: new Date().toISOString(),
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    // Notices of earlier tests' tenants are not this test's business.
    await db().updateTable('notification_outbox').set({ status: 'delivered' }).execute();

    const sent: string[] = [];
    const failing = { on: false };
    const startNotifier = () =>
      createNotifier({
        notifications: notificationsService({ db: db(), clock }),
        chats,
        send: async (_chat, text) => {
          // A slow send widens the window in which the other process could take the same notices.
          await new Promise((resolve) => setTimeout(resolve, 2));
          if (failing.on) throw new Error('Telegram is unreachable');
          sent.push(text.html);
        },
      });
    const crm = createCrm({ db: db(), clock });
    return { t, crm, sent, failing, startNotifier };
  }

  const count = (sent: string[], title: string) => sent.filter((h) => h.includes(`<b>${title}</b>`)).length;

  test('two notifiers racing over the same outbox send each notice once', async () => {
    const { t, crm, sent, startNotifier } = await setUp();
    const [a, b] = [startNotifier(), startNotifier()];
    const titles = Array.from({ length: 30 }, (_, i) => `Race deal ${i}`);
    for (const title of titles)
      await crm.deals.create(t.owner.actor, { title, assignedTo: t.employee.userId });
    for (let round = 0; round < 3; round++) await Promise.all([a.runOnce(), b.runOnce()]);

    for (const title of titles) assert.equal(count(sent, title), 1, `${title} announced once`);
    assert.equal(sent.length, titles.length);
  });

  test('a notice whose send fails is tried again after a pause and delivered once', async () => {
    const time = movableClock();
    const { t, crm, sent, failing, startNotifier } = await setUp(time.clock);
    const notifier = startNotifier();
    await crm.deals.create(t.owner.actor, { title: 'Retried deal', assignedTo: t.employee.userId });

    failing.on = true;
    assert.equal(await notifier.runOnce(), 0);
    failing.on = false;
    assert.equal(await notifier.runOnce(), 0, 'not before its pause is over');
    time.advance(60_000);
    assert.equal(await notifier.runOnce(), 1);
    assert.equal(count(sent, 'Retried deal'), 1);
    time.advance(3_600_000);
    assert.equal(await notifier.runOnce(), 0, 'a delivered notice is never sent again');
    const row = await db()
      .selectFrom('notification_outbox')
      .selectAll()
      .where('user_id', '=', t.employee.userId)
      .where('status', '=', 'delivered')
      .executeTakeFirstOrThrow();
    assert.equal(row.attempts, 2);
  });

  test('a notice claimed by a process that died is delivered by another once its lease runs out', async () => {
    const time = movableClock();
    const { t, crm, sent, startNotifier } = await setUp(time.clock);
    await crm.deals.create(t.owner.actor, { title: 'Orphaned deal', assignedTo: t.employee.userId });
    const died = await notificationsService({ db: db(), clock: time.clock }).claim(10, NOTICE_LEASE_MS);
    assert.equal(died.length, 1);
    const survivor = startNotifier();
    assert.equal(await survivor.runOnce(), 0, 'the lease holds while it lasts');
    time.advance(NOTICE_LEASE_MS + 1000);
    assert.equal(await survivor.runOnce(), 1);
    assert.equal(count(sent, 'Orphaned deal'), 1);
  });

  test('a change stamped long before it committed is still delivered', async () => {
    const { t, crm, sent, startNotifier } = await setUp();
    const notifier = startNotifier();
    await crm.deals.create(t.owner.actor, { title: 'Committed first', assignedTo: t.employee.userId });
    assert.equal(await notifier.runOnce(), 1);
    // A write that started a minute ago (its time taken then) commits only now, after the newer one went out.
    const slow = createCrm({ db: db(), clock: () => new Date(Date.now() - 60_000) });
    await slow.deals.create(t.owner.actor, { title: 'Committed last', assignedTo: t.employee.userId });
    await notifier.runOnce();
    assert.equal(count(sent, 'Committed first'), 1);
    assert.equal(count(sent, 'Committed last'), 1, 'the late change is not passed over');
  });

  if (kind === 'postgres') {
    test('a transaction held open while newer changes are delivered is delivered when it commits', async () => {
      const { t, crm, sent, startNotifier } = await setUp();
      const notifier = startNotifier();
      const deal = await crm.deals.create(t.owner.actor, { title: 'Slow deal' });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started!: () => void;
      const inside = new Promise<void>((resolve) => {
        started = resolve;
      });
      // The audit entry (and its notice) takes its id now and commits only when released.
      const slow = db()
        .transaction()
        .execute(async (trx) => {
          await recordAudit(trx, t.owner.actor, new Date().toISOString(), {
            action: 'update',
            entity: 'deal',
            entityId: deal.id,
            before: { id: deal.id, title: 'Slow deal', assignedTo: null },
            after: { id: deal.id, title: 'Slow deal', assignedTo: t.employee.userId },
          });
          started();
          await gate;
        });
      await inside;
      await crm.deals.create(t.owner.actor, { title: 'Fast deal', assignedTo: t.employee.userId });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await notifier.runOnce();
      assert.equal(count(sent, 'Fast deal'), 1);
      assert.equal(count(sent, 'Slow deal'), 0, 'not before it commits');
      release();
      await slow;
      await notifier.runOnce();
      assert.equal(count(sent, 'Slow deal'), 1, 'delivered once committed, whatever its id');
    });
  }

  test('a change that rolls back sends nothing', async () => {
    const { t, sent, startNotifier } = await setUp();
    await assert.rejects(
      db()
        .transaction()
        .execute(async (trx) => {
          await recordAudit(trx, t.owner.actor, new Date().toISOString(), {
            action: 'create',
            entity: 'deal',
            entityId: 1,
            after: { id: 1, title: 'Never happened', assignedTo: t.employee.userId },
          });
          throw new Error('rolled back');
        }),
    );
    await startNotifier().runOnce();
    assert.equal(count(sent, 'Never happened'), 0);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCrm } from '../src/crm/index.ts';
import { notificationsService } from '../src/crm/notifications.ts';
import { type Clock, systemClock } from '../src/domain/time.ts';
import { createNotifier, SETTLE_MS } from '../src/telegram/notify.ts';
import { botStateStore, chatStore } from '../src/telegram/store/index.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant } from './support/tenants.ts';

/** The notifiers' clock: far enough ahead that every entry written so far has settled. */
const settledNow: Clock = () => new Date(Date.now() + SETTLE_MS + 1000);

/** Several processes run the notifier on one database: each audit entry is announced by one of them, once. */
onEachDatabase('notifications from several processes', ({ db }) => {
  /** A linked employee's chat and notifiers that record what they send. */
  async function setUp() {
    const botId = 777_000 + Math.floor(Math.random() * 1000);
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
    await botStateStore(db(), systemClock, botId).started('webhook', 'bot');

    const sent: string[] = [];
    const startNotifier = (clock: Clock = settledNow) =>
      createNotifier({
        state: botStateStore(db(), clock, botId),
        notifications: notificationsService({ db: db(), clock }),
        clock,
        chats,
        send: async (_chat, text) => {
          // A slow send widens the window in which the other process could take the same entries.
          await new Promise((resolve) => setTimeout(resolve, 2));
          sent.push(text.html);
        },
      });
    return { t, sent, startNotifier };
  }

  test('two notifiers racing over the same audit log send each notice once', async () => {
    const { t, sent, startNotifier } = await setUp();
    const [a, b] = [startNotifier(), startNotifier()];
    await Promise.all([a.runOnce(), b.runOnce()]);

    const crm = createCrm({ db: db(), clock: systemClock });
    const titles = Array.from({ length: 30 }, (_, i) => `Race deal ${i}`);
    for (const title of titles)
      await crm.deals.create(t.owner.actor, { title, assignedTo: t.employee.userId });
    for (let round = 0; round < 5; round++) await Promise.all([a.runOnce(), b.runOnce()]);

    for (const title of titles) {
      assert.equal(
        sent.filter((html) => html.includes(`<b>${title}</b>`)).length,
        1,
        `${title} announced once`,
      );
    }
    assert.equal(sent.length, titles.length);
  });

  test('an entry that commits after one with a higher id is still announced', async () => {
    const { t, sent, startNotifier } = await setUp();
    const now = startNotifier(systemClock);
    await now.runOnce();
    const crm = createCrm({ db: db(), clock: systemClock });
    // A free id below the next entry's, for the write that started first and commits last.
    const gap = await crm.deals.create(t.owner.actor, { title: 'placeholder' });
    const gapEntry = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'deal')
      .where('entity_id', '=', gap.id)
      .executeTakeFirstOrThrow();
    await db().deleteFrom('audit_log').where('id', '=', gapEntry.id).execute();
    await crm.deals.create(t.owner.actor, { title: 'Committed first', assignedTo: t.employee.userId });

    assert.equal(await now.runOnce(), 0, 'fresh entries wait until no earlier write can still commit');
    const { id: _, ...late } = gapEntry;
    await db()
      .insertInto('audit_log')
      .values({
        ...late,
        id: gapEntry.id,
        after: JSON.stringify({
          ...JSON.parse(gapEntry.after!),
          title: 'Committed last',
          assignedTo: t.employee.userId,
        }),
      })
      .execute();
    await startNotifier().runOnce();
    assert.ok(sent.some((html) => html.includes('<b>Committed first</b>')));
    assert.ok(
      sent.some((html) => html.includes('<b>Committed last</b>')),
      'the late entry is not passed over',
    );
  });
});

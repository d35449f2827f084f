import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCrm } from '../src/crm/index.ts';
import { systemClock } from '../src/domain/time.ts';
import { chatStore } from '../src/telegram/chats.ts';
import { createNotifier } from '../src/telegram/notify.ts';
import { botStateStore } from '../src/telegram/status.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant } from './support/tenants.ts';

/** Several processes run the notifier on one database: each audit entry is announced by one of them, once. */
onEachDatabase('notifications from several processes', ({ db }) => {
  test('two notifiers racing over the same audit log send each notice once', async () => {
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
    const startNotifier = () =>
      createNotifier({
        db: db(),
        clock: systemClock,
        botId,
        chats,
        send: async (_chat, text) => {
          // A slow send widens the window in which the other process could take the same entries.
          await new Promise((resolve) => setTimeout(resolve, 2));
          sent.push(text.html);
        },
      });
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
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Assistant } from '../src/assistant/index.ts';
import { loadConfig } from '../src/config.ts';
import { createCrm } from '../src/crm/index.ts';
import { systemClock } from '../src/domain/time.ts';
import { createServices } from '../src/services.ts';
import { callbackUpdate, FakeTelegram, textUpdate } from './fakes/telegram-api.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';
import { type BotHarness, startBot } from './telegram-support.ts';

/**
 * Search in a Telegram chat, through the real assistant (offline engine) and grammY on the fake Bot API:
 * results come grouped by kind, with a button per record that opens it.
 */
onEachDatabase('telegram search results', ({ db }) => {
  let fake: FakeTelegram;
  let bot: BotHarness;
  let t: Tenant;
  let assistant: Assistant;
  let chatSeq = 8_000_000 + Math.floor(Math.random() * 1_000_000);
  const ids: Record<string, number> = {};

  before(async () => {
    fake = await FakeTelegram.start();
    ({ assistant } = createServices({ config: loadConfig({}), db: db(), clock: systemClock }));
    bot = await startBot(db(), { assistant, clock: systemClock, fake });
    t = await createTenant(db());
    const crm = createCrm({ db: db(), clock: systemClock });
    const owner = t.owner.actor;
    ids.customer = (await crm.customers.create(owner, { name: 'Quokka <Logistics>' })).id;
    ids.deal = (
      await crm.deals.create(owner, { title: 'Quokka fleet tablets', customerId: ids.customer })
    ).id;
    ids.lead = (await crm.leads.create(owner, { name: 'Grace Quokka' })).id;
    ids.other = (await crm.deals.create(owner, { title: 'Unrelated renewal' })).id;
  });
  after(async () => {
    await bot.close();
    await fake.close();
  });

  async function signedInChat(email: string): Promise<number> {
    const chat = ++chatSeq;
    await bot.signIn(chat, email);
    return chat;
  }

  async function ask(chat: number, text: string) {
    await bot.deliver(textUpdate(chat, text));
    const answer = fake.lastSentTo(chat)!;
    const markup = answer.payload.reply_markup as
      | { inline_keyboard: { text: string; callback_data: string }[][] }
      | undefined;
    const message = [...fake.messages.values()].filter((m) => m.chat_id === chat).at(-1)!;
    return { html: message.html, rows: markup?.inline_keyboard ?? [], messageId: message.message_id };
  }

  test('results are grouped by kind, escaped, with one button per record', async () => {
    const chat = await signedInChat(t.owner.email);
    const found = await ask(chat, 'find quokka');
    const lines = found.html.split('\n');
    assert.deepEqual(lines, [
      '<b>Customers</b>',
      `• Quokka &lt;Logistics&gt;`,
      '',
      '<b>Leads</b>',
      '• Grace Quokka',
      '',
      '<b>Deals</b>',
      lines[7], // the deal's label carries its customer and value as the tool writes them
    ]);
    assert.match(lines[7]!, /^• Quokka fleet tablets/);
    // One button per row, each asking for its record; the unrelated deal is not among them.
    assert.ok(found.rows.every((row) => row.length === 1));
    assert.deepEqual(
      found.rows.map((row) => row[0]!.callback_data),
      [`pk:customer:${ids.customer}`, `pk:lead:${ids.lead}`, `pk:deal:${ids.deal}`],
    );
    assert.equal(found.rows[0]![0]!.text, 'Quokka <Logistics>');
  });

  test('a button opens its record through the assistant and the buttons are taken away', async () => {
    const chat = await signedInChat(t.owner.email);
    const found = await ask(chat, 'find quokka');
    const deal = found.rows.flat().find((b) => b.callback_data === `pk:deal:${ids.deal}`)!;
    await bot.deliver(callbackUpdate(chat, deal.callback_data, { message_id: found.messageId, text: 'x' }));
    assert.match(fake.sentTo(chat).at(-1) ?? '', /Quokka fleet tablets/);
    assert.equal(fake.messages.get(found.messageId)!.reply_markup, undefined);
  });

  test('nothing found is said so, without buttons', async () => {
    const chat = await signedInChat(t.owner.email);
    const none = await ask(chat, 'find zzyzx');
    assert.equal(none.html, 'Nothing found.');
    assert.equal(none.rows.length, 0);
  });
});

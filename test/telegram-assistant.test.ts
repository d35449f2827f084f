import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { conversationStore } from '../src/assistant/conversation-store.ts';
import type { Assistant } from '../src/assistant/index.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/domain/time.ts';
import { createServices } from '../src/services.ts';
import { callbackUpdate, FakeTelegram, textUpdate } from './fakes/telegram-api.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';
import { type BotHarness, startBot } from './telegram-support.ts';

/**
 * The seven requests of the system Parley replaces, typed into a Telegram chat and answered by the real
 * assistant (offline engine) through the real grammY client; writes happen only after the Confirm button.
 */
onEachDatabase('telegram with the real assistant', ({ db }) => {
  let fake: FakeTelegram;
  let bot: BotHarness;
  let api: TestApp;
  let t: Tenant;
  let assistant: Assistant;
  let chatSeq = 7_000_000 + Math.floor(Math.random() * 1_000_000);

  before(async () => {
    fake = await FakeTelegram.start();
    ({ assistant } = createServices({ config: loadConfig({}), db: db(), clock: systemClock }));
    bot = await startBot(db(), { assistant, clock: systemClock, fake });
    api = await startTestApp(db());
    t = await createTenant(db());
  });
  after(async () => {
    await bot.close();
    await fake.close();
  });

  const lastText = (chat: number) => fake.sentTo(chat).at(-1) ?? '';

  async function signedInChat(email: string): Promise<number> {
    const chat = ++chatSeq;
    await bot.deliver(textUpdate(chat, `/login ${email}`), textUpdate(chat, TEST_PASSWORD));
    assert.match(lastText(chat), /Signed in as/);
    return chat;
  }

  /** Sends a message and returns the bot's answer; a write comes back with its Confirm / Cancel buttons. */
  async function ask(chat: number, text: string) {
    await bot.deliver(textUpdate(chat, text));
    const answer = fake.lastSentTo(chat)!;
    const markup = answer.payload.reply_markup as
      | { inline_keyboard: { text: string; callback_data: string }[][] }
      | undefined;
    const buttons = markup?.inline_keyboard.flat() ?? [];
    return { text: String(answer.payload.text), buttons, messageId: lastMessageId(chat) };
  }

  function lastMessageId(chat: number): number {
    return [...fake.messages.values()].filter((m) => m.chat_id === chat).at(-1)!.message_id;
  }

  /** Presses Confirm under the bot's last question and returns the edited message. */
  async function confirm(chat: number, asked: Awaited<ReturnType<typeof ask>>) {
    const button = asked.buttons.find((b) => b.callback_data.startsWith('cf:y:'));
    assert.ok(button, `a Confirm button under: ${asked.text}`);
    await bot.deliver(
      callbackUpdate(chat, button.callback_data, { message_id: asked.messageId, text: asked.text }),
    );
    return fake.messages.get(asked.messageId)!.html;
  }

  async function post(path: string, body: unknown) {
    const res = await api.call('POST', `/api/v1/${path}`, { token: t.owner.token, body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  test('the seven requests of the old bot, for an owner', async () => {
    const deal = await post('deals', {
      title: 'Website <redesign>',
      assignedTo: t.owner.userId,
      value: 500_000,
    });
    const order = await post('orders', {
      customerId: t.customerRecordId,
      items: [{ description: 'Redesign', quantity: 1, unitPrice: 1_000_000 }],
    });
    await post('customers', { name: 'Acme & Sons', assignedTo: t.owner.userId });
    const chat = await signedInChat(t.owner.email);

    const deals = await ask(chat, 'Show my deals');
    assert.match(deals.text, /Website &lt;redesign&gt;/, 'record values arrive escaped');

    const lead = await ask(chat, 'Create a new lead named John from Facebook');
    assert.match(lead.text, /Add lead &quot;John&quot; from facebook/);
    const notYet = await api.call('GET', '/api/v1/leads?q=john', { token: t.owner.token });
    assert.equal(notYet.body.items.length, 0, 'nothing is written before Confirm');
    assert.match(await confirm(chat, lead), /Confirmed/);
    const leads = await api.call('GET', '/api/v1/leads?q=john', { token: t.owner.token });
    assert.equal(leads.body.items[0].source, 'facebook');
    const audit = await api.call('GET', `/api/v1/audit?entity=lead&entityId=${leads.body.items[0].id}`, {
      token: t.owner.token,
    });
    // The chat is only the channel: the write is the assistant's, on the owner's behalf.
    assert.equal(audit.body.items[0].via, 'assistant');
    assert.equal(audit.body.items[0].actorUserId, t.owner.userId);

    const move = await ask(chat, `Update the stage of deal ${deal.id} to negotiation`);
    assert.match(move.text, new RegExp(`Move deal #${deal.id} .* to negotiation`));
    await confirm(chat, move);
    const moved = await api.call('GET', `/api/v1/deals/${deal.id}`, { token: t.owner.token });
    assert.equal(moved.body.stageName, 'Negotiation');

    const customers = await ask(chat, 'List my customers');
    assert.match(customers.text, /Acme &amp; Sons/);

    const payment = await ask(chat, `Record a payment of 3000 for order #${order.id}`);
    assert.match(payment.text, new RegExp(`\\$3,000\\.00 for order ${order.number}`));
    await confirm(chat, payment);
    const paid = await api.call('GET', `/api/v1/orders/${order.id}`, { token: t.owner.token });
    assert.equal(paid.body.paid, 300_000);

    const stats = await ask(chat, 'Show statistics for this month');
    assert.match(stats.text, /Revenue: \$3,000\.00/);

    const issue = await ask(chat, 'Create a support issue for my product');
    assert.ok(
      issue.buttons.some((b) => b.callback_data.startsWith('cf:y:')),
      'an issue waits for Confirm',
    );
  });

  test('a customer raises an issue in chat and is refused the sales requests', async () => {
    const chat = await signedInChat(t.customer.email);
    const before = await api.call('GET', '/api/v1/leads', { token: t.owner.token });

    for (const request of [
      'Show my deals',
      'Create a new lead named Eve from Facebook',
      'Update the stage of deal 1 to negotiation',
      'Record a payment of 3000 for order #1',
    ]) {
      const answer = await ask(chat, request);
      assert.equal(answer.buttons.filter((b) => b.callback_data.startsWith('cf:')).length, 0, request);
      assert.match(answer.text, /not allowed|can't|cannot|permission/i, request);
    }
    const after = await api.call('GET', '/api/v1/leads', { token: t.owner.token });
    assert.equal(after.body.items.length, before.body.items.length, 'no lead was written');

    const issue = await ask(chat, 'Create a support issue for my product');
    assert.match(await confirm(chat, issue), /Confirmed/);
    const issues = await api.call('GET', '/api/v1/issues', { token: t.customer.token });
    assert.equal(issues.body.items.length, 1);
    assert.equal(issues.body.items[0].customerId, t.customerRecordId);
  });
  test('a chat carries on its own Telegram conversation, and never one that is not the actor’s', async () => {
    const chat = await signedInChat(t.owner.email);
    const inChat = await post('deals', { title: 'Talked about in chat' });
    const onWeb = await post('deals', { title: 'Talked about on the web' });
    await ask(chat, `Show deal ${inChat.id}`);
    const web = await api.call('POST', '/api/v1/assistant/messages', {
      token: t.owner.token,
      body: { text: `Show deal ${onWeb.id}` },
    });
    assert.equal(web.status, 200);
    const moved = await ask(chat, 'move it to proposal');
    assert.match(
      moved.text,
      new RegExp(`deal #${inChat.id} Talked about in chat`),
      '"it" is the chat\'s deal',
    );

    const conversations = conversationStore(db(), systemClock);
    const ownersChat = await conversations.open(t.owner.actor, 'telegram');
    const ownersWeb = await conversations.open(t.owner.actor, 'web');
    const before = (await conversations.history(ownersChat.id, 200)).length;
    const asEmployee = await assistant.send(t.employee.actor, {
      text: 'move it to proposal',
      channel: 'telegram',
      current: ownersChat,
    });
    assert.notEqual(asEmployee.conversationId, ownersChat.id);
    assert.equal(asEmployee.confirmation, undefined, 'the owner\'s "it" means nothing to the employee');
    assert.equal((await conversations.history(ownersChat.id, 200)).length, before, 'nothing written there');

    const otherChannel = await assistant.send(t.owner.actor, {
      text: 'who am I',
      channel: 'telegram',
      current: ownersWeb,
    });
    assert.equal(otherChannel.conversationId, ownersChat.id, 'a web conversation does not go on in Telegram');
  });
});

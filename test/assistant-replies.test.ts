import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { examplesFor } from '../src/assistant/examples.ts';
import type { Assistant } from '../src/assistant/index.ts';
import { loadConfig } from '../src/config.ts';
import { createSession } from '../src/crm/sessions.ts';
import type { Db } from '../src/db/index.ts';
import type { Role } from '../src/domain/actor.ts';
import { systemClock } from '../src/domain/time.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../src/seed/demo.ts';
import { createServices } from '../src/services.ts';
import { type FakeModelServer, startFakeOpenAI } from './fakes/llm.ts';
import { callbackUpdate, FakeTelegram, textUpdate } from './fakes/telegram-api.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';
import { startBot } from './telegram-support.ts';

/**
 * How the assistant answers, as a new user of the demo meets it: in the web panel (REST) and in Telegram (the
 * fake Bot API), with the offline engine and with a scripted model behind the OpenAI-compatible setting.
 */

type Action = { tool: string; status: string; error?: string; result?: any };

/** What no reply may show a person: tool names, confirmation ids, role names in brackets. */
function assertPlain(text: string, ids: string[] = []) {
  assert.doesNotMatch(text, /\b(list|get|create|update|move|delete|record|log)_[a-z_]+\b/, text);
  assert.doesNotMatch(text, /Your role \(/, text);
  for (const id of ids) assert.ok(!text.includes(id), `no id in: ${text}`);
}

/** A Telegram chat on a bot whose assistant is the given one, signed in with a password. */
async function chatHarness(db: Db, assistant: Assistant, fake: FakeTelegram) {
  const bot = await startBot(db, { assistant, clock: systemClock, fake });
  let seq = 8_000_000 + Math.floor(Math.random() * 1_000_000);
  const last = (chat: number) => fake.lastSentTo(chat)!;
  const buttonsOf = (call: { payload: Record<string, unknown> }) =>
    (
      call.payload.reply_markup as
        | { inline_keyboard: { text: string; callback_data: string }[][] }
        | undefined
    )?.inline_keyboard.flat() ?? [];
  return {
    bot,
    async signIn(email: string, password: string) {
      const chat = ++seq;
      await bot.deliver(textUpdate(chat, `/login ${email}`), textUpdate(chat, password));
      assert.match(String(last(chat).payload.text), /Signed in as/);
      return chat;
    },
    async ask(chat: number, text: string) {
      await bot.deliver(textUpdate(chat, text));
      const answer = last(chat);
      const messageId = [...fake.messages.values()].filter((m) => m.chat_id === chat).at(-1)!.message_id;
      return { text: String(answer.payload.text), buttons: buttonsOf(answer), messageId };
    },
  };
}

onEachDatabase('assistant replies on the demo (offline engine)', ({ db }) => {
  let api: TestApp;
  let fake: FakeTelegram;
  let chats: Awaited<ReturnType<typeof chatHarness>>;
  const tokens = {} as Record<Role, string>;
  const emails = {} as Record<Role, string>;

  before(async () => {
    await seedDemo(db(), systemClock);
    api = await startTestApp(db());
    fake = await FakeTelegram.start();
    const { assistant } = createServices({ config: loadConfig({}), db: db(), clock: systemClock });
    chats = await chatHarness(db(), assistant, fake);
    for (const u of DEMO_USERS.filter((u) => u.email !== 'sales@acme.test')) {
      const row = await db()
        .selectFrom('users')
        .select('id')
        .where('email', '=', u.email)
        .executeTakeFirstOrThrow();
      tokens[u.role] = await createSession(db(), row.id, systemClock, 1);
      emails[u.role] = u.email;
    }
  });
  after(async () => {
    await chats.bot.close();
    await fake.close();
  });

  const say = (role: Role, text: string) =>
    api.call('POST', '/api/v1/assistant/messages', { token: tokens[role], body: { text } });

  test('every suggested request finds something in the demo, for every role, on the web and in Telegram', async () => {
    for (const role of ['owner', 'employee', 'customer'] as const) {
      const chat = await chats.signIn(emails[role], DEMO_PASSWORD);
      const help = await chats.ask(chat, '/help');
      for (const example of examplesFor(role)) {
        assert.ok(
          help.text.includes(example.replaceAll('"', '&quot;')),
          `/help offers "${example}" to ${role}`,
        );
        const res = await say(role, example);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const actions = res.body.actions as Action[];
        assert.ok(actions.length > 0, `${role}: "${example}" did something: ${res.body.reply}`);
        for (const a of actions)
          assert.ok(['done', 'needs_confirmation'].includes(a.status), `${role}: ${example}: ${a.error}`);
        const found = actions.some(
          (a) =>
            a.status === 'needs_confirmation' || !Array.isArray(a.result?.items) || a.result.items.length > 0,
        );
        assert.ok(found, `${role}: "${example}" found nothing: ${res.body.reply}`);
        assertPlain(res.body.reply);
        if (res.body.confirmation)
          await api.call('POST', `/api/v1/assistant/confirmations/${res.body.confirmation.id}`, {
            token: tokens[role],
            body: { approve: false },
          });

        const answer = await chats.ask(chat, example);
        assert.doesNotMatch(answer.text, /No \w+ found|can't|cannot/, `${role} in Telegram: ${example}`);
        if (answer.buttons.length > 0) await chats.ask(chat, 'no');
      }
    }
    assert.ok(
      !examplesFor('customer').some((e) => /deal|lead|statistic/i.test(e)),
      'a customer is offered only their own work',
    );
  });

  test('"my deals" for the owner: the organization\'s, saying that none is assigned to them', async () => {
    const res = await say('owner', 'Show my deals');
    assert.match(res.body.reply, /None is assigned to you/);
    assert.equal(res.body.actions[0].result.items.length, 8);
    const employee = await say('employee', 'Show my deals');
    assert.doesNotMatch(employee.body.reply, /None is assigned/);
    assert.ok(employee.body.actions[0].result.items.length < 8, 'an employee sees their own');
    const customer = await say('customer', "I didn't mean anything in particular, bla");
    assert.match(customer.body.reply, /Show my orders/);
    assert.doesNotMatch(customer.body.reply, /deals/, 'a customer is never offered deals');
  });

  test('no Confirm for a change the services would refuse', async () => {
    const deals = await api.call('GET', '/api/v1/deals?q=Bluebird', { token: tokens.owner });
    const theirs = deals.body.items[0];
    const res = await say('employee', `Update the stage of deal ${theirs.id} to negotiation`);
    assert.equal(res.body.confirmation, undefined);
    assert.equal(res.body.actions[0].status, 'denied');
    assert.match(res.body.reply, /only deals assigned to you/);

    const chat = await chats.signIn(emails.employee, DEMO_PASSWORD);
    const answer = await chats.ask(chat, `Update the stage of deal ${theirs.id} to negotiation`);
    assert.equal(answer.buttons.length, 0, 'no buttons under a refusal');
    assert.match(answer.text, /only deals assigned to you/);
  });

  test('a typed yes settles the confirmation like the button, and /cancel says what it cancelled', async () => {
    const chat = await chats.signIn(emails.owner, DEMO_PASSWORD);
    const proposal = await chats.ask(chat, 'Create a new lead named Yolanda from Facebook');
    assert.ok(proposal.buttons.some((b) => b.callback_data.startsWith('cf:y:')));
    const yes = await chats.ask(chat, 'yes');
    assert.match(yes.text, /Yolanda/);
    const leads = await api.call('GET', '/api/v1/leads?q=Yolanda', { token: tokens.owner });
    assert.equal(leads.body.items.length, 1, 'the typed yes wrote the lead');
    const cancel = await chats.ask(chat, '/cancel');
    assert.equal(cancel.text, 'Nothing to cancel.');

    const again = await chats.ask(chat, 'Create a new lead named Zora from Facebook');
    const dropped = await chats.ask(chat, '/cancel');
    assert.match(dropped.text, /Cancelled\. Nothing was changed\.\n• Add lead &quot;Zora&quot;/);
    assert.equal((await chats.ask(chat, '/cancel')).text, 'Nothing to cancel.');
    const confirm = again.buttons.find((b) => b.callback_data.startsWith('cf:y:'))!;
    await chats.bot.deliver(
      callbackUpdate(chat, confirm.callback_data, { message_id: again.messageId, text: again.text }),
    );
    const edited = fake.messages.get(again.messageId)!.html;
    assert.match(edited, /already cancelled/);
    assertPlain(edited, [confirm.callback_data.slice(5)]);

    // On the web a typed answer says which confirmation it settled, so the card's buttons go.
    const web = await say('owner', 'Create a new lead named Quinn from Facebook');
    const typed = await api.call('POST', '/api/v1/assistant/messages', {
      token: tokens.owner,
      body: { text: 'no', conversationId: web.body.conversationId },
    });
    assert.deepEqual(typed.body.answered, { confirmationId: web.body.confirmation.id, approved: false });
  });

  test('refusals in plain words: no tool names, no ids', async () => {
    const deals = await say('customer', 'Show my deals');
    assert.equal(deals.body.actions[0].status, 'denied');
    assert.match(deals.body.reply, /Customers can't see deals/);
    assertPlain(deals.body.reply);
    const id = 'QUTP8nOBcsOJLV7Nnv5mGA';
    const gone = await api.call('POST', `/api/v1/assistant/confirmations/${id}`, {
      token: tokens.customer,
      body: { approve: true },
    });
    assert.equal(gone.status, 404);
    assertPlain(JSON.stringify(gone.body), [id]);
  });
});

onEachDatabase('assistant replies with a scripted model', ({ db }) => {
  let model: FakeModelServer;
  let api: TestApp;
  let t: Tenant;
  let fake: FakeTelegram;
  let chats: Awaited<ReturnType<typeof chatHarness>>;

  before(async () => {
    model = await startFakeOpenAI();
    const settings = { OPENAI_BASE_URL: model.url, OPENAI_MODEL: 'scripted' };
    api = await startTestApp(db(), { settings });
    t = await createTenant(db());
    fake = await FakeTelegram.start();
    const { assistant } = createServices({ config: loadConfig(settings), db: db(), clock: systemClock });
    chats = await chatHarness(db(), assistant, fake);
  });
  after(async () => {
    await chats.bot.close();
    await fake.close();
    await model.close();
  });

  const say = (token: string, text: string) =>
    api.call('POST', '/api/v1/assistant/messages', { token, body: { text } });
  const post = async (path: string, body: unknown, token = t.owner.token) =>
    (await api.call('POST', `/api/v1/${path}`, { token, body })).body;

  test('an empty reply after tools answers from their results; with nothing done, says so', async () => {
    await post('deals', { title: 'Quiet model deal' });
    model.script({ calls: [{ name: 'list_deals', args: {} }] }, { text: '' });
    const res = await say(t.owner.token, 'deals?');
    assert.match(res.body.reply, /Quiet model deal/);
    model.script({ text: '' });
    const nothing = await say(t.owner.token, 'hm');
    assert.notEqual(nothing.body.reply, 'Done.');
    assert.match(nothing.body.reply, /didn't do anything/);

    const chat = await chats.signIn(t.owner.email, TEST_PASSWORD);
    model.script({ text: '' });
    const answer = await chats.ask(chat, 'hm');
    assert.match(answer.text, /didn't do anything/);
  });

  test('a model that calls a delete "harmless" cannot hide it: the system\'s summary always shows', async () => {
    const deal = await post('deals', { title: 'Keep me safe' });
    const lie = 'This is a harmless formatting fix. Confirm to:\n• Tidy up the spelling';
    const script = () =>
      model.script(
        { calls: [{ name: 'delete_record', args: { type: 'deal', record: deal.id } }] },
        { text: lie },
      );
    script();
    const res = await say(t.owner.token, 'tidy things up');
    assert.ok(res.body.reply.startsWith(lie));
    assert.match(
      res.body.reply,
      new RegExp(`Delete deal #${deal.id} Keep me safe permanently\\nConfirm\\? \\(yes / no\\)$`),
    );

    const chat = await chats.signIn(t.owner.email, TEST_PASSWORD);
    script();
    const answer = await chats.ask(chat, 'tidy things up');
    assert.match(answer.text, /harmless/);
    assert.match(
      answer.text,
      new RegExp(`<b>Confirm</b> to:\\n• Delete deal #${deal.id} Keep me safe permanently$`),
    );
    assert.equal((await api.call('GET', `/api/v1/deals/${deal.id}`, { token: t.owner.token })).status, 200);
  });

  test('"my deals" from a model: an owner with none assigned gets the organization\'s, said so', async () => {
    await post('deals', { title: "Nobody's deal" });
    model.script({ calls: [{ name: 'list_deals', args: { assignedTo: 'me' } }] }, { text: '' });
    const res = await say(t.owner.token, 'Show my deals');
    assert.match(res.body.reply, /None is assigned to you, so these are the organization's\.\n\d+ deals?:/);
    assert.match(res.body.reply, /Nobody's deal/);
  });

  test('with a model too, a typed yes settles the change and /cancel then has nothing to cancel', async () => {
    const chat = await chats.signIn(t.owner.email, TEST_PASSWORD);
    model.script(
      { calls: [{ name: 'create_lead', args: { name: 'Typed Yes' } }] },
      { text: 'Add **Typed Yes**?' },
    );
    const asked = await chats.ask(chat, 'add the lead Typed Yes');
    assert.match(
      asked.text,
      /^Add <b>Typed Yes<\/b>\?\n\n<b>Confirm<\/b> to:/,
      "the model's Markdown as Telegram HTML",
    );
    await chats.ask(chat, 'yes');
    const leads = await api.call('GET', '/api/v1/leads?q=Typed', { token: t.owner.token });
    assert.equal(leads.body.items.length, 1);
    assert.equal((await chats.ask(chat, '/cancel')).text, 'Nothing to cancel.');
  });

  test('a model proposing a change the services would refuse gets no Confirm', async () => {
    const theirs = await post('deals', { title: "The colleague's deal" }, t.colleague.token);
    model.script(
      { calls: [{ name: 'move_deal_stage', args: { deal: theirs.id, stage: 'negotiation' } }] },
      { text: 'I could not move it.' },
    );
    const res = await say(t.employee.token, 'move that deal to negotiation');
    assert.equal(res.body.confirmation, undefined);
    assert.equal(res.body.actions[0].status, 'denied');
    assert.match(res.body.actions[0].error, /only deals assigned to you/);
  });

  test('a record by name, and a question when a name matches several', async () => {
    const bluebird = await post('deals', { title: 'Bluebird espresso machines' });
    model.script(
      {
        calls: [
          { name: 'move_deal_stage', args: { deal: 'Bluebird espresso machines', stage: 'negotiation' } },
        ],
      },
      { text: 'Shall I?' },
    );
    const named = await say(t.owner.token, 'move Bluebird espresso machines to negotiation');
    assert.deepEqual(named.body.confirmation.summary, [
      `Move deal #${bluebird.id} Bluebird espresso machines from Lead to negotiation`,
    ]);
    await post('deals', { title: 'Bluebird grinders' });
    model.script({ calls: [{ name: 'get_deal', args: { deal: 'Bluebird' } }] }, { text: '' });
    const several = await say(t.owner.token, 'show Bluebird');
    assert.match(several.body.reply, /matches several deals: .*"Bluebird grinders".*Which one\?/);
    assertPlain(several.body.reply);
    assert.doesNotMatch(several.body.reply, /#\d/);
    assert.deepEqual(several.body.actions[0].choices.map((c: { label: string }) => c.label).sort(), [
      'Bluebird espresso machines',
      'Bluebird grinders',
    ]);

    // In Telegram the matches are buttons; pressing one asks for that record by number.
    const chat = await chats.signIn(t.owner.email, TEST_PASSWORD);
    model.script({ calls: [{ name: 'get_deal', args: { deal: 'Bluebird' } }] }, { text: '' });
    const asked = await chats.ask(chat, 'show the Bluebird deal');
    const grinders = asked.buttons.find((b) => b.text === 'Bluebird grinders');
    assert.ok(grinders, JSON.stringify(asked.buttons));
    const id = Number(grinders.callback_data.split(':')[2]);
    model.script({ calls: [{ name: 'get_deal', args: { deal: id } }] }, { text: '' });
    await chats.bot.deliver(
      callbackUpdate(chat, grinders.callback_data, { message_id: asked.messageId, text: asked.text }),
    );
    assert.equal(model.requests.at(-2).messages.at(-1).content, `deal #${id}`);
    assert.match(String(fake.lastSentTo(chat)!.payload.text), new RegExp(`Deal #${id} Bluebird grinders`));
  });

  test('what a customer still owes and what is overdue, through the tools', async () => {
    await post('orders', {
      customerId: t.customerRecordId,
      items: [{ description: 'Chair', quantity: 1, unitPrice: 50_000 }],
    });
    model.script({ calls: [{ name: 'list_orders', args: {} }] }, { text: '' });
    const owed = await say(t.customer.token, 'how much do I still owe?');
    assert.match(owed.body.reply, /\$500\.00 due/);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await post('activities', { type: 'task', subject: 'Call back Mira', dueAt: yesterday });
    model.script({ calls: [{ name: 'list_activities', args: { overdue: true } }] }, { text: '' });
    const overdue = await say(t.owner.token, 'which tasks are overdue?');
    assert.match(overdue.body.reply, /Call back Mira/);
  });
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addMembership, createOrganization } from '../src/crm/bootstrap.ts';
import { authenticate } from '../src/crm/sign-in.ts';
import { telegramLinksService } from '../src/crm/telegram-links.ts';
import { TYPING_AFTER_MS } from '../src/telegram/send-html.ts';
import {
  callbackUpdate,
  FakeTelegram,
  messageUpdate,
  photoUpdate,
  textUpdate,
} from './fakes/telegram-api.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';
import { type BotHarness, manualClock, scriptedAssistant, startBot } from './telegram-support.ts';

/**
 * The bot end to end against the fake Bot API with the real grammY client: sign-in (password deletion,
 * expiry, lockout), link codes, every command, confirmations, groups, paging and escaping. The assistant is a
 * scripted stand-in here; telegram-assistant.test.ts runs the real one.
 */
onEachDatabase('telegram bot', ({ db }) => {
  let fake: FakeTelegram;
  let bot: BotHarness;
  let t: Tenant;
  const time = manualClock();
  const assistant = scriptedAssistant();
  let chatSeq = 9_000_000 + Math.floor(Math.random() * 1_000_000);
  const newChat = () => ++chatSeq;

  before(async () => {
    fake = await FakeTelegram.start();
    bot = await startBot(db(), { assistant, clock: time.clock, fake });
    t = await createTenant(db());
  });
  after(async () => {
    await bot.close();
    await fake.close();
  });

  const sent = (chat: number) => fake.sentTo(chat);
  const lastText = (chat: number) => sent(chat).at(-1) ?? '';

  async function signIn(chat: number, email: string): Promise<void> {
    await bot.deliver(textUpdate(chat, `/login ${email}`), textUpdate(chat, TEST_PASSWORD));
    assert.match(lastText(chat), /Signed in as/);
  }

  test('sign-in by email and password: the password message is deleted at once', async () => {
    const chat = newChat();
    await bot.deliver(textUpdate(chat, '/login'));
    assert.match(lastText(chat), /email address/);
    await bot.deliver(textUpdate(chat, t.owner.email.toUpperCase()));
    assert.match(lastText(chat), new RegExp(`password for <b>${t.owner.email}</b>`));
    const password = textUpdate(chat, TEST_PASSWORD, { messageId: 777_001 });
    await bot.deliver(password);
    const deletions = fake.callsOf('deleteMessage').filter((c) => c.payload.chat_id === chat);
    assert.deepEqual(
      deletions.map((c) => c.payload.message_id),
      [777_001],
    );
    const deletedAt = fake.calls.findIndex(
      (c) => c.method === 'deleteMessage' && c.payload.message_id === 777_001,
    );
    const welcomedAt = fake.calls.findIndex(
      (c) => c.method === 'sendMessage' && /Signed in as/.test(String(c.payload.text)),
    );
    assert.ok(deletedAt < welcomedAt, 'deleted before anything else is said');
    assert.match(lastText(chat), /Signed in as <b>owner of .*<\/b> \(owner\./);
    assert.ok(!sent(chat).some((s) => s.includes(TEST_PASSWORD)), 'the password is never echoed');
    assert.equal(assistant.sent.length, 0, 'the password never reaches the assistant');

    await bot.deliver(textUpdate(chat, '/me'));
    assert.match(lastText(chat), new RegExp(`${t.owner.email}[\\s\\S]*as owner`));
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'telegram_link')
      .where('actor_user_id', '=', t.owner.userId)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.via, 'telegram');
  });

  test('three wrong passwords pause this chat, not the web sign-in; each is deleted', async () => {
    const tenant = await createTenant(db());
    const chat = newChat();
    await bot.deliver(textUpdate(chat, `/login ${tenant.employee.email}`));
    for (let i = 0; i < 2; i++) {
      await bot.deliver(textUpdate(chat, `wrong-${i}`));
      assert.match(lastText(chat), /The email or password is not correct\. Send the password again/);
    }
    await bot.deliver(textUpdate(chat, '/wrong-but-looks-like-a-command'));
    assert.match(lastText(chat), /from here is paused until/);
    assert.equal(fake.callsOf('deleteMessage').filter((c) => c.payload.chat_id === chat).length, 3);
    const chatRow = await bot.telegram.chats.get(chat);
    assert.equal(chatRow?.userId, null);
    assert.equal(chatRow?.login?.step, 'password', 'a locked sign-in stays, so later passwords are deleted');
    // A stranger who knows only the email must not lock the owner out of the web (docs/security.md).
    const user = await authenticate(
      db(),
      time.clock,
      {
        maxFailures: 5,
        backoffSeconds: 60,
        lockoutMinutes: 15,
        accountMaxFailures: 50,
        accountLockoutMinutes: 5,
      },
      tenant.employee.email,
      TEST_PASSWORD,
      'ip:192.0.2.1',
    );
    assert.equal(user.email, tenant.employee.email);
  });

  test('a sign-in left for ten minutes lapses, and a late password is deleted and goes nowhere', async () => {
    const chat = newChat();
    await bot.deliver(textUpdate(chat, `/login ${t.employee.email}`));
    time.advance(10 * 60_000 + 1);
    await bot.deliver(textUpdate(chat, TEST_PASSWORD, { messageId: 777_002 }));
    assert.match(lastText(chat), /timed out after 10 minutes/);
    assert.ok(fake.callsOf('deleteMessage').some((c) => c.payload.message_id === 777_002));
    assert.equal((await bot.telegram.chats.get(chat))?.userId, null);
    assert.equal(assistant.sent.length, 0);
  });

  test('/cancel drops a sign-in in progress; a bad email is asked again', async () => {
    const chat = newChat();
    await bot.deliver(textUpdate(chat, '/start'));
    assert.match(lastText(chat), /email address/);
    await bot.deliver(textUpdate(chat, 'not an email'));
    assert.match(lastText(chat), /does not look like an email/);
    await bot.deliver(textUpdate(chat, '/cancel'));
    assert.match(lastText(chat), /Sign-in cancelled/);
    await bot.deliver(textUpdate(chat, 'show my deals'));
    assert.match(lastText(chat), /Sign in first/);
  });

  test('a one-time code from the web links the chat, once, within ten minutes', async () => {
    const { code } = await telegramLinksService({ db: db(), clock: time.clock }).createCode(
      t.employee.actor,
      'session',
    );
    const chat = newChat();
    await bot.deliver(textUpdate(chat, `/start ${code}`));
    assert.match(lastText(chat), /Signed in as <b>employee of/);
    const other = newChat();
    await bot.deliver(textUpdate(other, `/link ${code}`));
    assert.match(lastText(other), /does not work/, 'a used code is refused');
    assert.equal((await bot.telegram.chats.get(other))?.userId, null);

    const late = await telegramLinksService({ db: db(), clock: time.clock }).createCode(
      t.employee.actor,
      'session',
    );
    time.advance(10 * 60_000);
    await bot.deliver(textUpdate(other, `/link ${late.code}`));
    assert.match(lastText(other), /does not work/, 'an expired code is refused');
    await bot.deliver(textUpdate(other, '/link not-a-code'));
    assert.match(lastText(other), /does not work/);
  });

  test('an unlinked chat can do nothing but sign in', async () => {
    const chat = newChat();
    for (const text of ['Show my deals', '/me', '/menu', '/switch', '/clear']) {
      await bot.deliver(textUpdate(chat, text));
      assert.match(lastText(chat), /Sign in first/, text);
    }
    await bot.deliver(callbackUpdate(chat, 'cf:y:abc', { message_id: 1, text: 'x' }));
    assert.equal(assistant.sent.length, 0);
    assert.equal(assistant.confirmed.length, 0);
    await bot.deliver(textUpdate(chat, '/help'));
    assert.match(lastText(chat), /Sign in first/);
  });

  test('free text goes to the assistant as the linked user, with a typing indicator while it thinks', async () => {
    const chat = newChat();
    await signIn(chat, t.employee.email);
    const before = assistant.sent.length;
    await bot.deliver(textUpdate(chat, 'Quick one'));
    const typingIn = (c: number) =>
      fake
        .callsOf('sendChatAction')
        .filter((call) => call.payload.chat_id === c && call.payload.action === 'typing');
    assert.equal(typingIn(chat).length, 0, 'an instant answer needs no typing indicator');
    assistant.thinkFor(TYPING_AFTER_MS + 300);
    try {
      await bot.deliver(textUpdate(chat, 'How are my deals?'));
    } finally {
      assistant.thinkFor(0);
    }
    const asked = assistant.sent.slice(before + 1);
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.text, 'How are my deals?');
    assert.equal(asked[0]!.actor.userId, t.employee.userId);
    assert.equal(asked[0]!.actor.via, 'telegram');
    assert.equal(asked[0]!.actor.role, 'employee');
    assert.equal(typingIn(chat).length, 1);
    assert.equal(lastText(chat), 'You said: How are my deals?');
    assert.equal(fake.lastSentTo(chat)?.payload.parse_mode, 'HTML');
  });

  test('record values are escaped: a customer called <b>&co cannot change the message', async () => {
    const chat = newChat();
    await signIn(chat, t.owner.email);
    assistant.answerWith(() => ({
      conversationId: 1,
      reply: 'Customer: <b>Evil</b> & "Co" </i>',
      actions: [],
    }));
    await bot.deliver(textUpdate(chat, 'who?'));
    assert.equal(lastText(chat), 'Customer: &lt;b&gt;Evil&lt;/b&gt; &amp; &quot;Co&quot; &lt;/i&gt;');
    assistant.answerWith((text) => ({ conversationId: 1, reply: `You said: ${text}`, actions: [] }));
  });

  test('writes wait for Confirm or Cancel; the pressed message is edited to show the outcome', async () => {
    const chat = newChat();
    await signIn(chat, t.owner.email);
    assistant.answerWith(() => ({
      conversationId: 1,
      reply: 'I will do this once you confirm:\n• Add lead "John <Doe>" from facebook',
      actions: [{ tool: 'create_lead', input: {}, status: 'needs_confirmation' }],
      confirmation: {
        id: 'conf_1',
        summary: ['Add lead "John <Doe>" from facebook'],
        expiresAt: '2099-01-01T00:00:00Z',
      },
    }));
    await bot.deliver(textUpdate(chat, 'Create a new lead named John <Doe> from Facebook'));
    const ask = fake.lastSentTo(chat)!;
    assert.match(String(ask.payload.text), /John &lt;Doe&gt;/);
    const buttons = (
      ask.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard[0]!;
    assert.deepEqual(
      buttons.map((b) => b.callback_data),
      ['cf:y:conf_1', 'cf:n:conf_1'],
    );
    const messageId =
      fake.messages.size > 0
        ? [...fake.messages.values()].filter((m) => m.chat_id === chat).at(-1)!.message_id
        : 0;
    await bot.deliver(
      callbackUpdate(chat, 'cf:y:conf_1', {
        message_id: messageId,
        text: fake.messages.get(messageId)!.text,
      }),
    );
    assert.deepEqual(assistant.confirmed.at(-1), {
      actor: assistant.confirmed.at(-1)!.actor,
      id: 'conf_1',
      approve: true,
    });
    assert.equal(assistant.confirmed.at(-1)!.actor.userId, t.owner.userId);
    assert.ok(fake.callsOf('answerCallbackQuery').length > 0, 'the button press is answered');
    const edited = fake.messages.get(messageId)!;
    assert.equal(
      edited.html,
      'I will do this once you confirm:\n• Add lead &quot;John &lt;Doe&gt;&quot; from facebook\n\n' +
        'Confirm to:\n• Add lead &quot;John &lt;Doe&gt;&quot; from facebook\n\n' +
        '✅ <b>Confirmed.</b>\nAdded lead &quot;John &lt;Doe&gt;&quot; from facebook.',
    );
    assert.equal(edited.reply_markup, undefined, 'the buttons are gone');
    assert.equal((await bot.telegram.chats.get(chat))?.confirmationId, null);

    await bot.deliver(textUpdate(chat, 'Create another'));
    await bot.deliver(callbackUpdate(chat, 'cf:n:conf_1', { message_id: messageId + 1, text: 'plan' }));
    assert.equal(assistant.confirmed.at(-1)!.approve, false);

    await bot.deliver(textUpdate(chat, 'And another'));
    await bot.deliver(textUpdate(chat, '/cancel'));
    assert.deepEqual(
      [assistant.confirmed.at(-1)!.id, assistant.confirmed.at(-1)!.approve],
      ['conf_1', false],
      '/cancel drops the pending confirmation',
    );
    assert.match(lastText(chat), /Nothing was changed/);
    assistant.answerWith((text) => ({ conversationId: 1, reply: `You said: ${text}`, actions: [] }));
  });

  test('a long answer comes a page at a time behind "More"', async () => {
    const chat = newChat();
    await signIn(chat, t.owner.email);
    const lines = Array.from({ length: 400 }, (_, i) => `• Deal #${i} Website redesign for customer ${i}`);
    assistant.answerWith(() => ({ conversationId: 1, reply: lines.join('\n'), actions: [] }));
    await bot.deliver(textUpdate(chat, 'show all deals'));
    const first = fake.lastSentTo(chat)!;
    assert.ok(String(first.payload.text).length <= 4096);
    const more = (first.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard[0]![0]!;
    assert.match(more.callback_data, /^more:/);
    let pages = 1;
    let markup: unknown = first.payload.reply_markup;
    while (markup) {
      const data = (markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!
        .callback_data;
      await bot.deliver(callbackUpdate(chat, data, { message_id: 1, text: '' }));
      markup = fake.lastSentTo(chat)!.payload.reply_markup;
      pages += 1;
    }
    assert.ok(pages >= 4);
    const shown = sent(chat).slice(-pages).join('\n');
    for (const line of lines) assert.ok(shown.includes(line), line);
    await bot.deliver(callbackUpdate(chat, more.callback_data, { message_id: 1, text: '' }));
    assert.match(String(fake.callsOf('answerCallbackQuery').at(-1)!.payload.text), /no longer available/);
    assistant.answerWith((text) => ({ conversationId: 1, reply: `You said: ${text}`, actions: [] }));
  });

  test('/help, /menu, /clear and /logout', async () => {
    const chat = newChat();
    await signIn(chat, t.customer.email);
    await bot.deliver(textUpdate(chat, '/help'));
    assert.match(lastText(chat), /signed in as customer[\s\S]*Show my orders/);
    assert.doesNotMatch(lastText(chat), /Create a new lead/, 'help fits the role');

    await bot.deliver(textUpdate(chat, '/menu'));
    const menu = fake.lastSentTo(chat)!.payload.reply_markup as {
      inline_keyboard: { callback_data: string }[][];
    };
    const keys = menu.inline_keyboard.flat().map((b) => b.callback_data);
    assert.deepEqual(keys, ['mn:orders', 'mn:issues', 'mn:issue']);
    await bot.deliver(callbackUpdate(chat, 'mn:orders', { message_id: 1, text: '' }));
    assert.equal(assistant.sent.at(-1)!.text, 'Show my orders');
    await bot.deliver(callbackUpdate(chat, 'mn:issue', { message_id: 1, text: '' }));
    const question = fake.lastSentTo(chat)!;
    assert.deepEqual((question.payload.reply_markup as { force_reply: boolean }).force_reply, true);
    await bot.deliver(
      textUpdate(chat, 'The invoice is wrong', {
        replyTo: { message_id: 5, text: String(question.payload.text) },
      }),
    );
    assert.equal(assistant.sent.at(-1)!.text, 'Create a support issue: The invoice is wrong');

    await bot.deliver(textUpdate(chat, '/clear'));
    assert.equal(assistant.cleared.at(-1)!.userId, t.customer.userId);
    assert.match(lastText(chat), /Conversation cleared/);

    await bot.deliver(textUpdate(chat, '/logout'));
    assert.match(lastText(chat), /Signed out/);
    assert.equal((await bot.telegram.chats.get(chat))?.userId, null);
    await bot.deliver(textUpdate(chat, 'Show my orders'));
    assert.match(lastText(chat), /Sign in first/);
  });

  test('/switch changes the organization with a button; a forged button for a foreign one is refused', async () => {
    const chat = newChat();
    const at = new Date().toISOString();
    const second = await createOrganization(db(), { slug: `second-${chat}`, name: 'Second & <Co>' }, at);
    await addMembership(db(), t.colleague.userId, second, 'owner', at);
    const foreign = await createTenant(db());
    await signIn(chat, t.colleague.email);
    await bot.deliver(textUpdate(chat, '/switch'));
    const keyboard = fake.lastSentTo(chat)!.payload.reply_markup as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    const options = keyboard.inline_keyboard.flat();
    assert.equal(options.length, 2);
    assert.match(options[0]!.text, /^✓ /);
    await bot.deliver(callbackUpdate(chat, `sw:${foreign.orgId}`, { message_id: 1, text: '' }));
    assert.match(String(fake.callsOf('answerCallbackQuery').at(-1)!.payload.text), /not a member/);
    await bot.deliver(callbackUpdate(chat, `sw:${second}`, { message_id: 1, text: '' }));
    await bot.deliver(textUpdate(chat, '/me'));
    assert.match(lastText(chat), /Organization: <b>Second &amp; &lt;Co&gt;<\/b>, as owner/);
    await bot.deliver(textUpdate(chat, 'anything'));
    assert.equal(assistant.sent.at(-1)!.actor.organizationId, second);
    assert.equal(assistant.sent.at(-1)!.actor.role, 'owner');
  });

  test('stickers get a polite answer; a photo from a chat not signed in is not downloaded', async () => {
    const chat = newChat();
    await bot.deliver(
      messageUpdate(chat, { sticker: { file_id: 's', file_unique_id: 's', type: 'regular' } }),
    );
    assert.match(lastText(chat), /stickers, locations, contacts and the like pass me by/);
    await bot.deliver(photoUpdate(chat));
    assert.match(lastText(chat), /Sign in first/);
    assert.equal(fake.callsOf('getFile').length, 0);
  });

  test('in a group the bot answers only when addressed, and shows nothing unless the group is linked', async () => {
    const group = -newChat();
    const before = fake.callsOf('sendMessage').length;
    await bot.deliver(textUpdate(group, 'show my deals', { from: 42 }));
    await bot.deliver(textUpdate(group, '/help@some_other_bot', { from: 42 }));
    assert.equal(fake.callsOf('sendMessage').length, before, 'other people talking is left alone');
    await bot.deliver(textUpdate(group, '@parley_test_bot show my deals', { from: 42 }));
    assert.match(lastText(group), /not linked to Parley, so I show nothing here/);
    await bot.deliver(textUpdate(group, '/login', { from: 42 }));
    assert.match(lastText(group), /Passwords do not belong in a group/);
    assert.equal(assistant.sent.filter((s) => s.text.includes('show my deals')).length, 0);

    const { code } = await telegramLinksService({ db: db(), clock: time.clock }).createCode(
      t.owner.actor,
      'session',
    );
    await bot.deliver(textUpdate(group, `/link@parley_test_bot ${code}`, { from: 42 }));
    assert.match(lastText(group), /Signed in as/);
    await bot.deliver(textUpdate(group, '@parley_test_bot show my deals', { from: 42 }));
    assert.equal(assistant.sent.at(-1)!.text, 'show my deals', 'the mention is taken off');
    await bot.deliver(textUpdate(group, '@parley_test_bot show my deals', { from: 43 }));
    assert.match(lastText(group), /linked to someone else's Parley account/);
    await bot.deliver(textUpdate(group, '/logout', { from: 43 }));
    assert.match(lastText(group), /Only the person who linked this group/);
  });

  test('a chat that blocked the bot is marked inactive and its update is not retried', async () => {
    const chat = newChat();
    await signIn(chat, t.employee.email);
    fake.blockChat(chat);
    const update = textUpdate(chat, 'hello?');
    const sendsBefore = fake.callsOf('sendMessage').length;
    await bot.deliver(update);
    assert.equal(fake.callsOf('sendMessage').length, sendsBefore + 1, 'one try, no retries');
    const stored = await bot.telegram.inbox.status(update.update_id);
    assert.equal(stored?.status, 'failed');
    assert.match(stored?.last_error ?? '', /blocked/);
    assert.ok((await bot.telegram.chats.get(chat))?.blockedAt);
  });
});

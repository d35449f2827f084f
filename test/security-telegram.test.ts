import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Update } from 'grammy/types';
import { loadConfig } from '../src/config.ts';
import { telegramWebhookRoutes } from '../src/http/routes/telegram.ts';
import { INLINE_BUTTON_REFUSED } from '../src/telegram/callbacks.ts';
import { createTelegram } from '../src/telegram/index.ts';
import {
  FakeTelegram,
  newUpdateId,
  photoUpdate,
  TEST_BOT,
  TEST_TOKEN,
  textUpdate,
} from './fakes/telegram-api.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';
import {
  type BotHarness,
  manualClock,
  recordingLog,
  scriptedAssistant,
  startBot,
} from './telegram-support.ts';

/**
 * What anyone can send the bot, through the real webhook route and the fake Bot API: updates that are not
 * Telegram's shape are acknowledged and skipped (never a 500 that Telegram would repeat for a day), every
 * pressed button is answered, and every message sent while a password is awaited is deleted, or the person
 * is told to delete it.
 */
onEachDatabase('Telegram input', ({ db }) => {
  let fake: FakeTelegram;
  let bot: BotHarness;
  let api: TestApp;
  let t: Tenant;
  const SECRET = 'security-telegram-secret';
  const time = manualClock();
  const assistant = scriptedAssistant();
  const { log, lines } = recordingLog();
  let chatSeq = 6_000_000 + Math.floor(Math.random() * 1_000_000);
  const newChat = () => ++chatSeq;

  before(async () => {
    fake = await FakeTelegram.start();
    const settings = {
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://crm.example.test',
    };
    bot = await startBot(db(), { assistant, clock: time.clock, fake, settings, log });
    api = await startTestApp(db(), { clock: time.clock, settings });
    await api.app.register(telegramWebhookRoutes, bot.telegram.webhook);
    t = await createTenant(db());
  });
  after(async () => {
    await api.close();
    await bot.close();
    await fake.close();
  });

  const post = (update: unknown) =>
    api.call('POST', '/telegram/webhook', {
      body: update,
      headers: { 'x-telegram-bot-api-secret-token': SECRET },
    });
  const deletedIn = (chat: number) =>
    fake
      .callsOf('deleteMessage')
      .filter((c) => c.ok && Number(c.payload.chat_id) === chat)
      .map((c) => Number(c.payload.message_id));
  const lastText = (chat: number) => fake.sentTo(chat).at(-1) ?? '';

  test('a malformed message is acknowledged with 200, logged and skipped; the next update is answered', async () => {
    const chat = newChat();
    for (const message of [
      [],
      null,
      'text',
      { chat: [] },
      { message_id: 1, chat: { id: 'x', type: 'private' } },
    ]) {
      const updateId = newUpdateId();
      const res = await post({ update_id: updateId, message });
      assert.equal(res.status, 200, `"message": ${JSON.stringify(message)} is acknowledged`);
      assert.equal(await bot.telegram.inbox.status(updateId), undefined, 'and not stored');
      const line = lines.find((l) => l.data.updateId === updateId);
      assert.equal(line?.level, 'warn');
      assert.match(line?.message ?? '', /skipped: not the shape Telegram sends/);
      const problems = (line?.data.problems ?? []) as string[];
      assert.ok(problems.some((p) => p.startsWith('message')));
    }
    const good = textUpdate(chat, '/help');
    assert.equal((await post(good)).status, 200);
    await bot.telegram.worker.drain();
    assert.match(lastText(chat), /Parley/);
  });

  test('long polling skips a malformed update and moves past it', async () => {
    const polled = await FakeTelegram.start();
    const pollLog = recordingLog();
    const telegram = createTelegram({
      config: loadConfig({
        DATABASE_URL: 'file::memory:',
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: polled.apiRoot,
      }),
      db: db(),
      clock: () => new Date(),
      assistant: scriptedAssistant(),
      botInfo: TEST_BOT,
      log: pollLog.log,
      pollTimeoutSeconds: 1,
    })!;
    try {
      await telegram.start();
      const chat = newChat();
      const bad = { update_id: newUpdateId(), message: [] } as unknown as Update;
      const good = textUpdate(chat, '/help');
      polled.pushUpdate(bad);
      polled.pushUpdate(good);
      const deadline = Date.now() + 10_000;
      while (polled.sentTo(chat).length === 0 && Date.now() < deadline) await sleep(20);
      assert.equal(polled.sentTo(chat).length, 1, 'the update after the malformed one is answered');
      assert.ok(pollLog.lines.some((l) => l.data.updateId === bad.update_id && /skipped/.test(l.message)));
    } finally {
      await telegram.stop();
      await polled.close();
    }
  });

  test('a button on an inline message (no chat) is answered, politely, instead of spinning', async () => {
    const from = newChat();
    const update = {
      update_id: newUpdateId(),
      callback_query: {
        id: `inline-${from}`,
        from: { id: from, is_bot: false, first_name: 'Someone' },
        chat_instance: 'ci',
        inline_message_id: 'AgAAAInlineMessage',
        data: 'cf:y:whatever',
      },
    };
    assert.equal((await post(update)).status, 200);
    await bot.telegram.worker.drain();
    const answers = fake
      .callsOf('answerCallbackQuery')
      .filter((c) => c.payload.callback_query_id === `inline-${from}`);
    assert.equal(answers.length, 1, 'answered once');
    assert.equal(answers[0]!.payload.text, INLINE_BUTTON_REFUSED);
    assert.equal((await bot.telegram.inbox.status(update.update_id))?.status, 'done');
  });

  test('after a lockout, passwords sent in the chat are still deleted and go nowhere', async () => {
    const tenant = await createTenant(db());
    const chat = newChat();
    await bot.deliver(textUpdate(chat, `/login ${tenant.employee.email}`));
    for (let i = 0; i < 3; i++) await bot.deliver(textUpdate(chat, `wrong-${i}`, { messageId: 810_000 + i }));
    assert.match(lastText(chat), /paused until/);
    // The person, told they are locked out, tries the right password, then again.
    await bot.deliver(textUpdate(chat, TEST_PASSWORD, { messageId: 810_010 }));
    await bot.deliver(textUpdate(chat, TEST_PASSWORD, { messageId: 810_011 }));
    assert.deepEqual(deletedIn(chat), [810_000, 810_001, 810_002, 810_010, 810_011]);
    assert.match(lastText(chat), /paused until/);
    assert.equal((await bot.telegram.chats.get(chat))?.userId, null, 'not signed in');
    assert.equal(assistant.sent.length, 0, 'no password reached the assistant');
    assert.ok(!fake.sentTo(chat).some((s) => s.includes(TEST_PASSWORD)), 'nor was echoed');
  });

  test('a photo or file sent while a password is awaited is deleted too', async () => {
    const chat = newChat();
    await bot.deliver(textUpdate(chat, `/login ${t.employee.email}`));
    const photo = photoUpdate(chat);
    await bot.deliver(photo);
    assert.deepEqual(deletedIn(chat), [photo.message!.message_id]);
    assert.match(lastText(chat), /password as a text message/);
  });

  test('when a password cannot be deleted, it is logged without the password and the person is told', async () => {
    const chat = newChat();
    await bot.deliver(textUpdate(chat, `/login ${t.owner.email}`));
    fake.failNext('deleteMessage', {
      status: 400,
      description: "Bad Request: message can't be deleted for everyone",
    });
    await bot.deliver(textUpdate(chat, TEST_PASSWORD, { messageId: 820_001 }));
    const said = fake.sentTo(chat);
    assert.ok(said.some((s) => /could not delete your message[\s\S]*delete it yourself/.test(s)));
    assert.match(lastText(chat), /Signed in as/, 'the sign-in itself goes on');
    const line = lines.find((l) => l.data.messageId === 820_001);
    assert.equal(line?.level, 'warn');
    assert.equal(line?.data.chatId, chat);
    assert.ok(!JSON.stringify(lines).includes(TEST_PASSWORD), 'no log line holds the password');
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Api } from 'grammy';
import { loadConfig } from '../src/config.ts';
import { createCrm } from '../src/crm/index.ts';
import { telegramWebhookRoutes } from '../src/http/routes/telegram.ts';
import { createTelegram } from '../src/telegram/index.ts';
import { rateLimitedSender } from '../src/telegram/sender.ts';
import { webhookSecretCheck, webhookSecretFor } from '../src/telegram/webhook.ts';
import { FakeTelegram, TEST_BOT, TEST_TOKEN, textUpdate } from './fakes/telegram-api.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';
import { type BotHarness, manualClock, scriptedAssistant, startBot } from './telegram-support.ts';

/** Waits for something the bot does in the background; a failure to happen fails the test, it never hangs. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`${what} did not happen`);
}

describe('the sender', () => {
  let fake: FakeTelegram;
  before(async () => {
    fake = await FakeTelegram.start();
  });
  after(() => fake.close());

  /** An API client whose waits advance a pretend clock instead of passing real time. */
  function client(opts: { maxRetries?: number } = {}) {
    let now = 1_000_000;
    const waits: number[] = [];
    const api = new Api(TEST_TOKEN, { apiRoot: fake.apiRoot });
    const undeliverable: number[] = [];
    api.config.use(
      rateLimitedSender({
        now: () => now,
        sleep: async (ms) => {
          waits.push(ms);
          now += ms;
        },
        onUndeliverable: (chatId) => undeliverable.push(chatId),
        ...opts,
      }),
    );
    return { api, waits, undeliverable };
  }

  test('a 429 is waited out for exactly its retry_after, as often as it comes, and the message still goes', async () => {
    const { api, waits } = client();
    fake.failNext('sendMessage', { status: 429, retryAfter: 7 }, 6);
    const before = fake.callsOf('sendMessage').length;
    const message = await api.sendMessage(501, 'after the storm');
    assert.equal(message.text, 'after the storm');
    assert.equal(fake.callsOf('sendMessage').length - before, 7);
    assert.deepEqual(
      waits.filter((w) => w >= 7000),
      [7000, 7000, 7000, 7000, 7000, 7000],
    );
  });

  test('5xx answers are retried with growing pauses', async () => {
    const { api, waits } = client();
    fake.failNext('sendMessage', { status: 502 }, 4);
    await api.sendMessage(502, 'after the outage');
    assert.deepEqual(waits, [500, 1000, 2000, 4000]);
  });

  test('after its retries the sender gives up and reports the error', async () => {
    const { api } = client({ maxRetries: 2 });
    fake.failNext('sendMessage', { status: 500 }, 3);
    await assert.rejects(api.sendMessage(503, 'never'), /Internal Server Error/);
  });

  test('messages are paced: three at once in a chat, then one a second; groups slower', async () => {
    const { api, waits } = client();
    for (let i = 0; i < 6; i++) await api.sendMessage(504, `m${i}`);
    assert.deepEqual(waits, [1000, 1000, 1000]);
    waits.length = 0;
    for (let i = 0; i < 5; i++) await api.sendMessage(-504, `g${i}`);
    assert.deepEqual(waits, [3000, 3000]);
  });

  test('about thirty messages a second across chats', async () => {
    const { api, waits } = client();
    for (let i = 0; i < 40; i++) await api.sendMessage(600 + i, 'hi');
    assert.equal(waits.length, 10);
    const total = waits.reduce((a, b) => a + b, 0);
    assert.ok(total >= 300 && total <= 400, `paced ${total} ms for 10 over the limit`);
  });

  test('a chat that blocked the bot is reported once and not retried', async () => {
    const { api, waits, undeliverable } = client();
    fake.blockChat(505);
    const before = fake.callsOf('sendMessage').length;
    await assert.rejects(api.sendMessage(505, 'hello'), /blocked/);
    assert.equal(fake.callsOf('sendMessage').length - before, 1);
    assert.deepEqual(undeliverable, [505]);
    assert.deepEqual(waits, []);
  });
});

describe('the webhook secret', () => {
  test('is checked in constant time and refuses missing or wrong values', () => {
    const check = webhookSecretCheck('s3cret');
    assert.equal(check('s3cret'), 'ok');
    assert.equal(check('s3cre'), 'wrong');
    assert.equal(check('s3cret!'), 'wrong');
    assert.equal(check(undefined), 'missing');
    assert.equal(check(''), 'missing');
    assert.equal(check(['s3cret']), 'missing');
  });

  test('is derived from the token when none is configured, so a webhook is never open', () => {
    const derived = webhookSecretFor({ TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_WEBHOOK_SECRET: undefined });
    assert.match(derived ?? '', /^[A-Za-z0-9_-]{20,256}$/);
    assert.notEqual(
      derived,
      webhookSecretFor({ TELEGRAM_BOT_TOKEN: '1:other', TELEGRAM_WEBHOOK_SECRET: undefined }),
    );
    assert.equal(
      webhookSecretFor({ TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_WEBHOOK_SECRET: 'mine' }),
      'mine',
    );
    assert.equal(
      webhookSecretFor({ TELEGRAM_BOT_TOKEN: undefined, TELEGRAM_WEBHOOK_SECRET: undefined }),
      null,
    );
  });
});

onEachDatabase('telegram delivery', ({ db }) => {
  let fake: FakeTelegram;
  let bot: BotHarness;
  let api: TestApp;
  let t: Tenant;
  const time = manualClock();
  const assistant = scriptedAssistant();
  const SECRET = 'the-webhook-secret';
  let chatSeq = 5_000_000 + Math.floor(Math.random() * 1_000_000);
  const newChat = () => ++chatSeq;

  before(async () => {
    fake = await FakeTelegram.start();
    const settings = {
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://crm.example.test',
    };
    bot = await startBot(db(), { assistant, clock: time.clock, fake, settings });
    api = await startTestApp(db(), { clock: time.clock, settings });
    await api.app.register(telegramWebhookRoutes, bot.telegram.webhook);
    t = await createTenant(db());
  });
  after(async () => {
    await api.close();
    await bot.close();
    await fake.close();
  });

  const post = (update: unknown, secret?: string) =>
    api.call('POST', '/telegram/webhook', {
      body: update,
      headers: secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret },
    });

  async function signIn(chat: number, email: string) {
    await bot.deliver(textUpdate(chat, `/login ${email}`), textUpdate(chat, TEST_PASSWORD));
  }

  test('the webhook refuses a missing (401) or wrong (403) secret and stores nothing', async () => {
    const update = textUpdate(newChat(), 'hi');
    const missing = await post(update);
    assert.equal(missing.status, 401);
    assert.match(missing.body.error.message, /missing/);
    const wrong = await post(update, `${SECRET}x`);
    assert.equal(wrong.status, 403);
    assert.equal(await bot.telegram.inbox.status(update.update_id), undefined);
  });

  test('the webhook stores the update and answers at once; the worker replies later, once per update_id', async () => {
    const chat = newChat();
    const update = textUpdate(chat, '/help');
    const first = await post(update, SECRET);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { ok: true });
    assert.equal(fake.sentTo(chat).length, 0, 'nothing is answered inside the webhook call');
    assert.equal((await bot.telegram.inbox.status(update.update_id))?.status, 'received');
    assert.equal((await post(update, SECRET)).status, 200, 'a redelivery is acknowledged too');
    await bot.telegram.worker.drain();
    assert.equal((await post(update, SECRET)).status, 200);
    await bot.telegram.worker.drain();
    assert.equal(fake.sentTo(chat).length, 1);
    assert.equal((await bot.telegram.inbox.status(update.update_id))?.status, 'done');
  });

  test('the webhook refuses a body that is not an update', async () => {
    const res = await post({ hello: 'world' }, SECRET);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_failed');
  });

  test('a 429 storm and a 5xx burst lose no reply', async () => {
    const chat = newChat();
    await signIn(chat, t.employee.email);
    fake.failNext('sendMessage', { status: 429, retryAfter: 2 }, 4);
    fake.failNext('sendMessage', { status: 500 }, 3);
    const update = textUpdate(chat, 'still there?');
    bot.sleeps.length = 0;
    await bot.deliver(update);
    assert.deepEqual(fake.sentTo(chat).filter((s) => s === 'You said: still there?').length, 1);
    assert.equal((await bot.telegram.inbox.status(update.update_id))?.status, 'done');
    assert.deepEqual(
      bot.sleeps,
      [2000, 2000, 2000, 2000, 500, 1000, 2000],
      'each 429 waited out for its retry_after, then backoff over the 5xx answers',
    );

    // A storm longer than the sender's patience sends the update back to the inbox, not to oblivion.
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 }, 12);
    const later = textUpdate(chat, 'and now?');
    await bot.deliver(later);
    assert.equal((await bot.telegram.inbox.status(later.update_id))?.status, 'received');
    time.advance(60_000);
    await bot.telegram.worker.drain();
    assert.equal((await bot.telegram.inbox.status(later.update_id))?.status, 'done');
    assert.equal(fake.sentTo(chat).filter((s) => s === 'You said: and now?').length, 1);
  });

  test('a process killed after acknowledging updates answers them all after a restart', async () => {
    const chat = newChat();
    await signIn(chat, t.owner.email);
    const updates = [1, 2, 3].map((n) => textUpdate(chat, `question ${n}`));
    for (const u of updates) assert.equal((await post(u, SECRET)).status, 200);
    // The first process takes one and dies with it in hand.
    const inHand = await bot.telegram.inbox.claim(5);
    assert.equal(inHand.length, 1);

    const config = loadConfig({
      DATABASE_URL: 'file::memory:',
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
    });
    const restarted = createTelegram({ config, db: db(), clock: time.clock, assistant, botInfo: TEST_BOT })!;
    time.advance(5 * 60_000);
    await restarted.worker.drain();
    assert.deepEqual(
      fake.sentTo(chat).filter((s) => s.startsWith('You said: question')),
      ['You said: question 1', 'You said: question 2', 'You said: question 3'],
    );
    for (const u of updates) assert.equal((await restarted.inbox.status(u.update_id))?.status, 'done');
  });

  test('owners see the bot status; other roles are refused', async () => {
    fake.pushUpdate(textUpdate(1, 'waiting at Telegram'));
    const res = await api.call('GET', '/api/v1/telegram/status', { token: t.owner.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.enabled, true);
    assert.equal(res.body.mode, 'webhook');
    assert.equal(res.body.connected, true);
    assert.equal(res.body.bot.username, TEST_BOT.username);
    assert.equal(res.body.pendingUpdates.inTelegram, 1);
    assert.equal(typeof res.body.pendingUpdates.waiting, 'number');
    for (const who of [t.employee, t.customer]) {
      const refused = await api.call('GET', '/api/v1/telegram/status', { token: who.token });
      assert.equal(refused.status, 403);
      assert.match(refused.body.error.message, /Only owners/);
    }
    assert.equal((await api.call('GET', '/api/v1/telegram/status')).status, 401);
  });

  test('a link code from the API links a chat through the deep link', async () => {
    const res = await api.call('POST', '/api/v1/telegram/link-code', { token: t.customer.token });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.code, /^[A-Za-z0-9_-]{16}$/);
    assert.equal(res.body.deepLink, `https://t.me/${TEST_BOT.username}?start=${res.body.code}`);
    assert.equal(res.body.command, `/link ${res.body.code}`);
    const stored = await db()
      .selectFrom('telegram_link_codes')
      .selectAll()
      .where('user_id', '=', t.customer.userId)
      .execute();
    assert.ok(
      stored.every((r) => r.code_hash !== res.body.code),
      'only a hash is stored',
    );
    const chat = newChat();
    await bot.deliver(textUpdate(chat, `/start ${res.body.code}`));
    assert.match(fake.sentTo(chat).at(-1) ?? '', /customer of/);
    assert.equal((await api.call('POST', '/api/v1/telegram/link-code')).status, 401);
  });

  test('notifications: assignments to a linked employee, and issues raised by customers to owners', async () => {
    const crm = createCrm({ db: db(), clock: time.clock });
    const employeeChat = newChat();
    const ownerChat = newChat();
    await signIn(employeeChat, t.employee.email);
    await signIn(ownerChat, t.owner.email);
    await bot.telegram.notifier.runOnce();
    await bot.telegram.notifier.runOnce();

    const deal = await crm.deals.create(t.owner.actor, {
      title: '<Big> & bold',
      assignedTo: t.employee.userId,
    });
    await crm.deals.create(t.employee.actor, { title: 'my own' });
    await crm.issues.create(t.customer.actor, { title: 'Broken <widget>' });
    const both = () => fake.sentTo(employeeChat).length + fake.sentTo(ownerChat).length;
    const sentBefore = both();
    // Each change wrote its notices with it, so they go out on the next pass.
    await bot.telegram.notifier.runOnce();
    // The customer's issue goes to the employee who looks after that customer, and to the owners.
    assert.deepEqual(fake.sentTo(employeeChat).slice(-2), [
      `📌 deal #${deal.id} <b>&lt;Big&gt; &amp; bold</b> was assigned to you by owner of ${t.slug}.`,
      `📌 issue ISS-${new Date().getUTCFullYear()}-0001 <b>Broken &lt;widget&gt;</b> was assigned to you by customer of ${t.slug}.`,
    ]);
    assert.match(
      fake.sentTo(ownerChat).at(-1) ?? '',
      /🆘 customer of .* raised issue .* <b>Broken &lt;widget&gt;<\/b>\./,
    );
    assert.equal(both() - sentBefore, 3, 'nothing for assigning oneself');
    await bot.telegram.notifier.runOnce();
    assert.equal(both() - sentBefore, 3, 'each entry is announced once');
  });
});

onEachDatabase('telegram connecting', ({ db }) => {
  test('webhook mode sets the webhook with its secret and the command menu at start', async () => {
    const fake = await FakeTelegram.start();
    const config = loadConfig({
      DATABASE_URL: 'file::memory:',
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      PUBLIC_URL: 'https://crm.example.test/',
    });
    const telegram = createTelegram({
      config,
      db: db(),
      clock: () => new Date(),
      assistant: scriptedAssistant(),
    })!;
    await telegram.start();
    await eventually(() => fake.webhook !== null, 'setWebhook');
    await telegram.stop();
    assert.equal(fake.callsOf('getMe').length, 1);
    assert.equal(fake.webhook?.url, 'https://crm.example.test/telegram/webhook');
    assert.equal(fake.webhook?.secret_token, webhookSecretFor(config));
    assert.deepEqual(fake.webhook?.allowed_updates, ['message', 'callback_query', 'my_chat_member']);
    assert.equal(fake.webhook?.max_connections, 100, 'as many deliveries at once as Telegram allows');
    assert.ok(fake.commands.length >= 9);
    await fake.close();
  });

  test('without PUBLIC_URL the bot long-polls into the same inbox and answers', async () => {
    const fake = await FakeTelegram.start();
    const config = loadConfig({
      DATABASE_URL: 'file::memory:',
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
    });
    const telegram = createTelegram({
      config,
      db: db(),
      clock: () => new Date(),
      assistant: scriptedAssistant(),
      botInfo: TEST_BOT,
      pollTimeoutSeconds: 1,
    })!;
    assert.equal(telegram.mode, 'polling');
    await telegram.start();
    const chat = 4_242_000 + Math.floor(Math.random() * 1000);
    const update = textUpdate(chat, '/help');
    fake.pushUpdate(update);
    fake.pushUpdate(update);
    await eventually(() => fake.sentTo(chat).length > 0, 'an answer to the polled update');
    await eventually(
      async () => (await telegram.inbox.status(update.update_id))?.status === 'done',
      'the update finished',
    );
    await telegram.stop();
    assert.equal(fake.sentTo(chat).length, 1, 'the same update twice is answered once');
    assert.ok(fake.callsOf('deleteWebhook').length >= 1, 'a stale webhook is removed before polling');
    const offsets = fake.callsOf('getUpdates').map((c) => c.payload.offset);
    assert.ok(
      offsets.includes(update.update_id + 1),
      'Telegram is told the update arrived only after storing it',
    );
    await fake.close();
  });
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { webhookSecretFor } from '../src/telegram/webhook.ts';
import { FakeTelegram, TEST_BOT, TEST_TOKEN } from './fakes/telegram-api.ts';
import { runParley } from './support/cli.ts';

/** `parley telegram ...` as an operator runs it: a real process talking to the fake Bot API. */

let fake: FakeTelegram;

before(async () => {
  fake = await FakeTelegram.start();
});
after(() => fake.close());

function parley(args: string[], env: Record<string, string> = {}) {
  return runParley(['telegram', ...args], {
    DATABASE_URL: 'file::memory:',
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PUBLIC_URL: '',
    ...env,
  });
}

test('set-webhook registers PUBLIC_URL with the secret, the updates the bot handles and its deliveries at once', async () => {
  const run = await parley(['set-webhook'], {
    PUBLIC_URL: 'https://crm.example.com/',
    TELEGRAM_WEBHOOK_MAX_CONNECTIONS: '60',
  });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(fake.webhook, {
    url: 'https://crm.example.com/telegram/webhook',
    secret_token: webhookSecretFor({ TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_WEBHOOK_SECRET: undefined }),
    allowed_updates: ['message', 'callback_query', 'my_chat_member'],
    max_connections: 60,
  });
  assert.match(run.stdout, /Webhook set to https:\/\/crm\.example\.com\/telegram\/webhook/);
  assert.match(run.stdout, /Parallel connections: up to 60/);
  assert.ok(!run.stdout.includes(fake.webhook!.secret_token!), 'the secret is never printed');
});

test('set-webhook refuses a plain-HTTP address and a missing one, with a clear message', async () => {
  const plain = await parley(['set-webhook', '--url', 'http://crm.example.com']);
  assert.equal(plain.code, 1);
  assert.match(plain.stderr, /only calls HTTPS webhooks/);
  const none = await parley(['set-webhook']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /--url|PUBLIC_URL/);
});

test('webhook-info shows the address, the queue and the last delivery error readably', async () => {
  fake.webhook = { url: 'https://crm.example.com/telegram/webhook', allowed_updates: ['message'] };
  fake.webhookError = {
    date: Date.UTC(2026, 10, 20, 9, 30) / 1000,
    message: 'Wrong response from the webhook: 403',
  };
  const run = await parley(['webhook-info']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Webhook: https:\/\/crm\.example\.com\/telegram\/webhook/);
  assert.match(run.stdout, /Updates waiting at Telegram: 0/);
  assert.match(
    run.stdout,
    /Last delivery error: 2026-11-20 09:30:00 UTC: Wrong response from the webhook: 403/,
  );
  fake.webhookError = null;
});

test('delete-webhook goes back to polling; me names the bot', async () => {
  const removed = await parley(['delete-webhook']);
  assert.equal(removed.code, 0, removed.stderr);
  assert.equal(fake.webhook, null);
  const me = await parley(['me']);
  assert.equal(me.code, 0, me.stderr);
  assert.match(me.stdout, new RegExp(`@${TEST_BOT.username} .*id ${TEST_BOT.id}`));
  assert.match(me.stdout, new RegExp(`https://t.me/${TEST_BOT.username}`));
});

test('a token Telegram refuses, or none at all, ends with a clear message and no stack trace', async () => {
  fake.failNext('getMe', { status: 401, description: 'Unauthorized' });
  const refused = await parley(['me']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Telegram refused: Unauthorized/);
  const missing = await parley(['me'], { TELEGRAM_BOT_TOKEN: '' });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Set TELEGRAM_BOT_TOKEN/);
  for (const run of [refused, missing]) assert.doesNotMatch(run.stderr, /\n\s+at /);
});

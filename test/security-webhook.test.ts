import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { BODY_LIMIT } from '../src/http/app.ts';
import { telegramWebhookRoutes } from '../src/http/routes/telegram.ts';
import { createLogger } from '../src/logger.ts';
import { FakeTelegram, textUpdate } from './fakes/telegram-api.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { type BotHarness, manualClock, scriptedAssistant, startBot } from './telegram-support.ts';

/**
 * POST /telegram/webhook is the one route anyone on the internet can reach without a session. Whatever is
 * sent without the secret, or with it but broken, is refused with a 4xx and leaves no trace: no inbox row,
 * no reply. test/telegram-delivery.test.ts covers the accepted path and the constant-time comparison.
 */
onEachDatabase('the Telegram webhook refuses what is not a genuine update', ({ db }) => {
  let fake: FakeTelegram;
  let bot: BotHarness;
  let api: TestApp;
  const SECRET = 'security-webhook-secret';
  let chat = 3_000_000 + Math.floor(Math.random() * 1_000_000);

  before(async () => {
    fake = await FakeTelegram.start();
    const settings = {
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://crm.example.test',
    };
    const time = manualClock();
    bot = await startBot(db(), { assistant: scriptedAssistant(), clock: time.clock, fake, settings });
    api = await startTestApp(db(), { clock: time.clock, settings });
    await api.app.register(telegramWebhookRoutes, bot.telegram.webhook);
  });
  after(async () => {
    await api.close();
    await bot.close();
    await fake.close();
  });

  async function stored(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select count(*) as n from telegram_updates`.execute(db());
    return Number(rows[0]!.n);
  }

  function send(payload: string, headers: Record<string, string> = {}) {
    return api.app.inject({
      method: 'POST',
      url: '/telegram/webhook',
      payload,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }

  /** Sends, then checks the refusal: its status, the error contract, and that nothing was stored or answered. */
  async function refused(what: string, payload: string, headers: Record<string, string>, status: number) {
    const before = await stored();
    const res = await send(payload, headers);
    assert.equal(res.statusCode, status, `${what}: ${res.body.slice(0, 200)}`);
    assert.equal(typeof res.json().error?.code, 'string', what);
    await bot.telegram.worker.drain();
    assert.equal(await stored(), before, `${what}: nothing is stored`);
    assert.equal(fake.callsOf('sendMessage').length, 0, `${what}: nothing is answered`);
  }

  const secret = { 'x-telegram-bot-api-secret-token': SECRET };

  test('no secret, a wrong one, or one of another length: refused before the body is read', async () => {
    const update = JSON.stringify(textUpdate(++chat, '/help'));
    await refused('no secret', update, {}, 401);
    await refused('an empty secret', update, { 'x-telegram-bot-api-secret-token': '' }, 401);
    await refused(
      'a wrong secret',
      update,
      { 'x-telegram-bot-api-secret-token': `${SECRET.slice(0, -1)}X` },
      403,
    );
    await refused(
      'a longer secret',
      update,
      { 'x-telegram-bot-api-secret-token': `${SECRET}${SECRET}` },
      403,
    );
    await refused(
      'the secret in lower case',
      update,
      { 'x-telegram-bot-api-secret-token': SECRET.toUpperCase() },
      403,
    );
    const huge = `{"update_id":1,"pad":"${'x'.repeat(BODY_LIMIT * 2)}"}`;
    await refused('an oversized body without the secret', huge, {}, 401);
  });

  test('oversized bodies are refused with 413, even with the secret', async () => {
    const message = textUpdate(++chat, 'x'.repeat(100));
    const huge = JSON.stringify({
      ...message,
      message: { ...message.message, text: 'y'.repeat(BODY_LIMIT) },
    });
    assert.ok(huge.length > BODY_LIMIT);
    await refused('an oversized update', huge, secret, 413);
  });

  test('malformed JSON and bodies that are not updates are refused with 400', async () => {
    const cases: [string, string][] = [
      ['cut-off JSON', '{"update_id": 12, "message": {'],
      ['not JSON at all', 'update_id=12'],
      ['an empty body', ''],
      ['null', 'null'],
      ['an array', `[${JSON.stringify(textUpdate(++chat, 'hi'))}]`],
      ['a string', '"update"'],
      ['no update_id', '{"message":{"text":"hi"}}'],
      ['a negative update_id', '{"update_id":-5}'],
      ['a fractional update_id', '{"update_id":1.5}'],
      ['update_id as text', '{"update_id":"12"}'],
      [
        'a prototype-polluting update',
        '{"__proto__":{"update_id":1},"constructor":{"prototype":{"polluted":1}}}',
      ],
    ];
    for (const [what, payload] of cases) await refused(what, payload, secret, 400);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('an update sent as plain text is not parsed as one: 400', async () => {
    const update = JSON.stringify(textUpdate(++chat, '/help'));
    await refused('text/plain', update, { ...secret, 'content-type': 'text/plain' }, 400);
  });

  test('with the secret, a genuine update is still stored and answered', async () => {
    const update = textUpdate(++chat, '/help');
    const before = await stored();
    const res = await send(JSON.stringify(update), secret);
    assert.equal(res.statusCode, 200);
    assert.equal(await stored(), before + 1);
    await bot.telegram.worker.drain();
    assert.equal(fake.sentTo(chat).length, 1);
  });

  test('an update is stored as the very text Telegram sent, and answered as parsed', async () => {
    const update = textUpdate(++chat, '/help');
    // Spaced out, with escapes JSON.stringify would not write: stored byte for byte all the same.
    const body = JSON.stringify(update, null, 2).replace('/help', '\\u002fhelp');
    assert.ok(body.includes('\\u002fhelp'));
    const res = await send(body, { ...secret, 'content-type': 'application/json; charset=utf-8' });
    assert.equal(res.statusCode, 200, res.body);
    const { rows } = await sql<{ payload: string }>`
      select payload from telegram_updates where update_id = ${update.update_id}`.execute(db());
    assert.equal(rows[0]?.payload, body);
    await bot.telegram.worker.drain();
    assert.equal(fake.sentTo(chat).length, 1, 'the escaped /help is read as /help');
  });
});

onEachDatabase('what the webhook logs', ({ db }) => {
  const SECRET = 'webhook-logging-secret';

  /** An app logging at `level` into `lines`, with the webhook storing what it accepts in `accepted`. */
  async function appLoggingAt(level: 'info' | 'debug') {
    const lines: { level: number; msg: string; reqId?: string }[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const api = await startTestApp(db(), { logger: createLogger({ LOG_LEVEL: level }, sink) });
    const accepted: number[] = [];
    await api.app.register(telegramWebhookRoutes, {
      secret: SECRET,
      accept: async (update) => void accepted.push(update.update_id),
    });
    const post = (secret: string) =>
      api.app.inject({
        method: 'POST',
        url: '/telegram/webhook',
        payload: textUpdate(1, 'hello'),
        headers: { 'x-telegram-bot-api-secret-token': secret },
      });
    return { api, lines, accepted, post };
  }

  test('at info, an accepted update logs nothing and a refusal one warning with its request id', async () => {
    const { api, lines, accepted, post } = await appLoggingAt('info');
    try {
      assert.equal((await post(SECRET)).statusCode, 200);
      assert.equal(accepted.length, 1);
      assert.equal(lines.length, 0, JSON.stringify(lines));
      assert.equal((await post('a-guess')).statusCode, 403);
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.equal(lines[0]!.level, 40);
      assert.match(lines[0]!.msg, /webhook call refused: the secret is wrong/);
      assert.equal(typeof lines[0]!.reqId, 'string');
    } finally {
      await api.close();
    }
  });

  test('at debug, every call is logged', async () => {
    const { api, lines, post } = await appLoggingAt('debug');
    try {
      assert.equal((await post(SECRET)).statusCode, 200);
      assert.deepEqual(
        lines.map((l) => l.msg),
        ['incoming request', 'request completed'],
      );
    } finally {
      await api.close();
    }
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { type Config, loadConfig } from '../src/config.ts';
import { addMembership, createUser } from '../src/crm/bootstrap.ts';
import { systemClock } from '../src/domain/time.ts';
import { buildApp } from '../src/http/app.ts';
import { telegramWebhookRoutes } from '../src/http/routes/telegram.ts';
import { createLogger } from '../src/logger.ts';
import { createServices } from '../src/services.ts';
import { createTelegram, type Telegram, telegramLog } from '../src/telegram/index.ts';
import { FakeTelegram, TEST_BOT, TEST_TOKEN, textUpdate } from './fakes/telegram-api.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * Credentials stay secret: a server logging at trace level, with the bot on a webhook, goes through a web
 * sign-in, an API token made and used, a password change and a Telegram sign-in, and none of the passwords,
 * tokens or the webhook secret reach its log, the inbox table or a reply. Tokens are stored only as hashes,
 * cookies carry the right flags, and guessing is rate limited. test/auth.test.ts and
 * test/telegram-bot.test.ts cover lockouts and password deletion in more detail.
 */

const WEBHOOK_SECRET = 'security-secrets-webhook';
const PASSWORD = 'first-Secret-passphrase-123';
const WRONG_PASSWORD = 'not-the-Secret-passphrase-456';
const NEW_PASSWORD = 'second-Secret-passphrase-789';

let addresses = 0;
/** Each request series from its own client address, so the per-address limits bite only where tested. */
const address = () => `10.77.${(++addresses >> 8) & 255}.${addresses & 255}`;

onEachDatabase('secrets stay out of logs, tables and replies', ({ db }) => {
  let fake: FakeTelegram;
  let app: FastifyInstance;
  let telegram: Telegram;
  let t: Tenant;
  const log: string[] = [];

  function serverConfig(extra: Record<string, string> = {}): Config {
    return loadConfig({
      DATABASE_URL: 'file::memory:',
      LOG_LEVEL: 'trace',
      TRUST_PROXY: 'true',
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ...extra,
    });
  }

  before(async () => {
    fake = await FakeTelegram.start();
    const config = serverConfig({ PUBLIC_URL: 'https://crm.example.test' });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        log.push(String(chunk));
        done();
      },
    });
    // Wired as startServer wires it: one pino logger for HTTP, the assistant and the bot.
    const logger = createLogger(config, sink);
    const deps = createServices({ config, db: db(), clock: systemClock, warn: (m) => logger.warn(m) });
    app = await buildApp(deps, { logger });
    telegram = createTelegram({
      ...deps,
      log: telegramLog(logger),
      botInfo: TEST_BOT,
      sleep: async () => {},
    })!;
    await app.register(telegramWebhookRoutes, telegram.webhook);
    t = await createTenant(db());
  });
  after(async () => {
    await telegram.stop();
    await app.close();
    await fake.close();
  });

  async function freshUser(password: string): Promise<string> {
    const email = `secret${Date.now()}${Math.random().toString(36).slice(2, 7)}@example.test`;
    const at = new Date().toISOString();
    const userId = await createUser(db(), { email, name: 'Secret Keeper', password }, at);
    await addMembership(db(), userId, t.orgId, 'employee', at);
    return email;
  }

  function login(email: string, password: string, headers: Record<string, string> = {}) {
    return app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      headers: { 'x-forwarded-for': address(), ...headers },
    });
  }

  test('a web sign-in, an API token made and used, a password change and a Telegram sign-in log no secret', async () => {
    const email = await freshUser(PASSWORD);
    assert.equal((await login(email, WRONG_PASSWORD)).statusCode, 401);
    const signedIn = await login(email, PASSWORD);
    assert.equal(signedIn.statusCode, 200);
    const session = signedIn.json().token as string;
    const bearer = { authorization: `Bearer ${session}` };
    assert.equal(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/auth/me',
          headers: { cookie: `parley_session=${session}` },
        })
      ).statusCode,
      200,
    );
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer,
      payload: { name: 'ci', currentPassword: PASSWORD },
    });
    assert.equal(made.statusCode, 201);
    const apiToken = made.json().token as string;
    const used = await app.inject({
      method: 'GET',
      url: '/api/v1/deals',
      headers: { authorization: `Bearer ${apiToken}` },
    });
    assert.equal(used.statusCode, 200);
    const badToken = await app.inject({
      method: 'GET',
      url: '/api/v1/deals',
      headers: { authorization: `Bearer ${apiToken}x` },
    });
    assert.equal(badToken.statusCode, 401);
    const changed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer,
      payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    assert.equal(changed.statusCode, 204, changed.body);

    const chat = 4_000_000 + Math.floor(Math.random() * 1_000_000);
    const hook = (update: unknown) =>
      app.inject({
        method: 'POST',
        url: '/telegram/webhook',
        payload: update as object,
        headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      });
    assert.equal((await hook(textUpdate(chat, `/login ${email}`))).statusCode, 200);
    assert.equal((await hook(textUpdate(chat, WRONG_PASSWORD, { messageId: 880_001 }))).statusCode, 200);
    assert.equal((await hook(textUpdate(chat, NEW_PASSWORD, { messageId: 880_002 }))).statusCode, 200);
    await telegram.worker.drain();
    assert.match(fake.sentTo(chat).at(-1) ?? '', /Signed in as/);
    const deleted = fake.callsOf('deleteMessage').map((c) => c.payload.message_id);
    assert.ok(deleted.includes(880_001) && deleted.includes(880_002), 'both password messages are deleted');

    const text = log.join('');
    assert.match(text, /\/api\/v1\/auth\/login/, 'the sign-ins were logged');
    assert.match(text, /\/telegram\/webhook/, 'the webhook calls were logged');
    const secrets = {
      'the password': PASSWORD,
      'a wrong password': WRONG_PASSWORD,
      'the new password': NEW_PASSWORD,
      'the session token': session,
      'the API token': apiToken,
      'the webhook secret': WEBHOOK_SECRET,
      "the bot token's secret": TEST_TOKEN.split(':')[1]!,
    };
    const { rows: inbox } = await sql<{ payload: string }>`select payload from telegram_updates`.execute(
      db(),
    );
    const replies = JSON.stringify(fake.calls);
    for (const [what, secret] of Object.entries(secrets)) {
      assert.ok(!text.includes(secret), `${what} leaked into the log`);
      assert.ok(!inbox.some((r) => r.payload.includes(secret)), `${what} is kept in the Telegram inbox`);
      if (what.includes('password'))
        assert.ok(!replies.includes(secret), `${what} was sent back to Telegram`);
    }
  });

  test('session and API tokens are stored only as SHA-256 hashes, passwords only as argon2id', async () => {
    const email = await freshUser(PASSWORD);
    const session = (await login(email, PASSWORD)).json().token as string;
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: `Bearer ${session}` },
      payload: { name: 'stored hashed', currentPassword: PASSWORD },
    });
    const apiToken = made.json().token as string;
    const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

    const { rows: sessions } = await sql`select * from sessions`.execute(db());
    const { rows: tokens } = await sql`select * from api_tokens`.execute(db());
    const stored = JSON.stringify([sessions, tokens]);
    for (const secret of [session, apiToken]) {
      assert.ok(!stored.includes(secret), 'a raw token is in the database');
      // Even the random part alone, without its prefix.
      assert.ok(!stored.includes(secret.slice(4)), 'the secret part of a token is in the database');
    }
    assert.ok(sessions.some((r: any) => r.token_hash === sha256(session)));
    assert.ok(tokens.some((r: any) => r.token_hash === sha256(apiToken)));
    const shown = tokens.find((r: any) => r.token_hash === sha256(apiToken)) as { token_prefix: string };
    assert.ok(shown.token_prefix.length <= 10, 'only a short prefix is kept to tell tokens apart');

    const { rows: users } = await sql<{ password_hash: string }>`select password_hash from users`.execute(
      db(),
    );
    for (const u of users) assert.match(u.password_hash, /^\$argon2id\$/);
    assert.ok(!JSON.stringify(users).includes(PASSWORD));
  });

  test('the session cookie is HttpOnly, SameSite=Lax, for the whole site, and Secure over HTTPS', async () => {
    const email = await freshUser(PASSWORD);
    const cookieOf = (res: { headers: Record<string, unknown> }) =>
      [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('parley_session=')) as string;
    const behindProxy = cookieOf(await login(email, PASSWORD, { 'x-forwarded-proto': 'https' }));
    assert.match(behindProxy, /; HttpOnly/);
    assert.match(behindProxy, /; SameSite=Lax/);
    assert.match(behindProxy, /; Path=\//);
    assert.match(behindProxy, /; Secure/);

    // How the code decides: the request's protocol, which is the proxy's X-Forwarded-Proto only under
    // TRUST_PROXY; and an https PUBLIC_URL, which says the site is served over HTTPS whatever the proxy sends.
    const plain = async (settings: Record<string, string>) => {
      const other = await buildApp(
        createServices({ config: serverConfig(settings), db: db(), clock: systemClock }),
      );
      try {
        return cookieOf(
          await other.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email, password: PASSWORD },
            headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': address() },
          }),
        );
      } finally {
        await other.close();
      }
    };
    assert.doesNotMatch(await plain({ TRUST_PROXY: 'false' }), /Secure/, 'an untrusted header is ignored');
    assert.match(await plain({ TRUST_PROXY: 'false', PUBLIC_URL: 'https://crm.example.test' }), /; Secure/);
    assert.doesNotMatch(await plain({ TRUST_PROXY: 'false', PUBLIC_URL: 'http://crm.internal' }), /Secure/);
  });

  test('password guessing is rate limited per address: sign-in and password change answer 429', async () => {
    const email = await freshUser(PASSWORD);
    const from = address();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `guess${i}@example.test`, password: WRONG_PASSWORD },
        headers: { 'x-forwarded-for': from },
      });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
    const blocked = await login(email, PASSWORD, { 'x-forwarded-for': from });
    assert.equal(blocked.statusCode, 429, 'even the right password waits out the limit');
    assert.equal(blocked.json().error.code, 'rate_limited');

    const session = (await login(email, PASSWORD)).json().token as string;
    const changes: number[] = [];
    const changeFrom = address();
    for (let i = 0; i < 11; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { authorization: `Bearer ${session}`, 'x-forwarded-for': changeFrom },
        payload: { currentPassword: `${WRONG_PASSWORD}${i}`, newPassword: NEW_PASSWORD },
      });
      changes.push(res.statusCode);
    }
    assert.equal(changes.at(-1), 429, `password change attempts: ${changes.join(' ')}`);
  });
});

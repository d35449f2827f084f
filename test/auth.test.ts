import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { addMembership, createUser } from '../src/crm/bootstrap.ts';
import { authenticate } from '../src/crm/sign-in.ts';
import { buildApp } from '../src/http/app.ts';
import { createLogger } from '../src/logger.ts';
import { createServices } from '../src/services.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A clock tests move by hand. */
function fakeClock() {
  let now = Date.now();
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

/** Each test signs in from its own address so the per-address rate limit only bites where it is tested. */
let addresses = 0;
function address(): string {
  addresses += 1;
  return `10.${(addresses >> 8) & 255}.${addresses & 255}.1`;
}

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : [raw];
  const found = all.find((c) => typeof c === 'string' && c.startsWith('parley_session='));
  assert.ok(found, `no session cookie in ${JSON.stringify(raw)}`);
  return found as string;
}

onEachDatabase('auth', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;
  before(async () => {
    api = await startTestApp(db());
    a = await createTenant(db());
    b = await createTenant(db());
  });
  after(() => api.close());

  function login(app: TestApp, email: string, password: string, from = address(), headers = {}) {
    return app.call('POST', '/api/v1/auth/login', {
      body: { email, password },
      headers: { 'x-forwarded-for': from, ...headers },
    });
  }

  /** A fresh user with one membership, so lockouts and password changes touch nobody else. */
  async function freshUser(role: 'owner' | 'employee' = 'employee') {
    const email = `u${Date.now()}${Math.random().toString(36).slice(2, 8)}@example.test`;
    const at = new Date().toISOString();
    const userId = await createUser(db(), { email, name: 'Fresh User', password: TEST_PASSWORD }, at);
    await addMembership(db(), userId, a.orgId, role, at);
    return { email, userId };
  }

  test('login returns a token, the user and memberships, and sets an httpOnly Lax cookie', async () => {
    const res = await login(api, ` ${a.owner.email.toUpperCase()} `, TEST_PASSWORD);
    assert.equal(res.status, 200);
    assert.match(res.body.token, /^pls_/);
    assert.deepEqual(res.body.user, { id: a.owner.userId, email: a.owner.email, name: `owner of ${a.slug}` });
    assert.deepEqual(res.body.memberships, [
      { organizationId: a.orgId, slug: a.slug, name: res.body.memberships[0].name, role: 'owner' },
    ]);
    const cookie = cookieOf(res);
    assert.ok(cookie.startsWith(`parley_session=${res.body.token};`));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure/);

    const viaBearer = await api.call('GET', '/api/v1/auth/me', { token: res.body.token });
    assert.equal(viaBearer.status, 200);
    assert.equal(viaBearer.body.user.id, a.owner.userId);
    assert.deepEqual(viaBearer.body.organization, {
      id: a.orgId,
      slug: a.slug,
      name: viaBearer.body.organization.name,
    });
    assert.equal(viaBearer.body.role, 'owner');
    const viaCookie = await api.call('GET', '/api/v1/auth/me', {
      headers: { cookie: `parley_session=${res.body.token}` },
    });
    assert.equal(viaCookie.status, 200);
    assert.equal(viaCookie.body.user.id, a.owner.userId);
  });

  test('the cookie is Secure when the request came over HTTPS through the proxy', async () => {
    const res = await login(api, a.owner.email, TEST_PASSWORD, address(), { 'x-forwarded-proto': 'https' });
    assert.equal(res.status, 200);
    assert.match(cookieOf(res), /Secure/);
  });

  test('without TRUST_PROXY, forwarded headers are ignored: no Secure cookie, no dodging the rate limit', async () => {
    const direct = await startTestApp(db(), { settings: { TRUST_PROXY: 'false' } });
    try {
      const res = await login(direct, a.owner.email, TEST_PASSWORD, address(), {
        'x-forwarded-proto': 'https',
      });
      assert.equal(res.status, 200);
      assert.doesNotMatch(cookieOf(res), /Secure/);
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await login(direct, 'nobody@example.test', 'x', address())).status);
      assert.ok(
        statuses.includes(429),
        `a new X-Forwarded-For per request must not reset the limit: ${statuses}`,
      );
    } finally {
      await direct.close();
    }
  });

  test('a wrong password and an unknown email get the same 401 message', async () => {
    const wrong = await login(api, a.employee.email, 'not the password');
    const unknown = await login(api, 'nobody@example.test', TEST_PASSWORD);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.error.code, 'unauthenticated');
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.headers['set-cookie'], undefined);
  });

  test('an address is paused after the configured failures, even for the right password, then let in', async () => {
    const { clock, advance } = fakeClock();
    const timed = await startTestApp(db(), { clock });
    try {
      const u = await freshUser();
      const from = address();
      for (let i = 1; i <= 4; i++) {
        assert.equal((await login(timed, u.email, `wrong ${i}`, from)).status, 401, `failure ${i}`);
      }
      const fifth = await login(timed, u.email, 'wrong 5', from);
      assert.equal(fifth.status, 423);
      assert.equal(fifth.body.error.code, 'locked');
      assert.match(fifth.body.error.message, /from here is paused until .* Try again in 1 minute\./);
      const right = await login(timed, u.email, TEST_PASSWORD, from);
      assert.equal(right.status, 423, 'the right password is refused from a paused address');
      assert.equal(right.headers['set-cookie'], undefined);

      advance(MINUTE + 1000);
      assert.equal((await login(timed, u.email, TEST_PASSWORD, from)).status, 200);
      const row = await db()
        .selectFrom('users')
        .select(['failed_login_count', 'locked_until'])
        .where('id', '=', u.userId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { failed_login_count: 0, locked_until: null });
      const throttles = await db()
        .selectFrom('sign_in_throttles')
        .selectAll()
        .where('user_id', '=', u.userId)
        .execute();
      assert.deepEqual(throttles, [], 'a success forgets the address');
    } finally {
      await timed.close();
    }
  });

  test('a successful login resets the failure count', async () => {
    const u = await freshUser();
    const from = address();
    for (let i = 0; i < 4; i++) assert.equal((await login(api, u.email, 'nope', from)).status, 401);
    assert.equal((await login(api, u.email, TEST_PASSWORD, from)).status, 200);
    for (let i = 0; i < 4; i++) assert.equal((await login(api, u.email, 'nope', from)).status, 401);
    assert.equal((await login(api, u.email, TEST_PASSWORD, from)).status, 200);
  });

  test('authenticate() takes its own limits, as the Telegram bot does (3 tries per chat)', async () => {
    const u = await freshUser();
    const clock = () => new Date();
    const policy = {
      maxFailures: 3,
      backoffSeconds: 60,
      lockoutMinutes: 5,
      accountMaxFailures: 50,
      accountLockoutMinutes: 5,
    };
    const chat = 'telegram:1001' as const;
    for (let i = 0; i < 2; i++) {
      await assert.rejects(authenticate(db(), clock, policy, u.email, 'bad', chat), {
        code: 'unauthenticated',
      });
    }
    await assert.rejects(authenticate(db(), clock, policy, u.email, 'bad', chat), { code: 'locked' });
    await assert.rejects(authenticate(db(), clock, policy, u.email, TEST_PASSWORD, chat), { code: 'locked' });
    await assert.rejects(authenticate(db(), clock, policy, 'ghost@example.test', 'bad', chat), {
      code: 'unauthenticated',
    });
  });

  test('parallel wrong guesses from one address cannot exceed the limit', async () => {
    const u = await freshUser();
    const from = address();
    const results = await Promise.all(Array.from({ length: 8 }, () => login(api, u.email, 'guess', from)));
    const statuses = results.map((r) => r.status);
    assert.ok(statuses.includes(423), `statuses ${statuses}`);
    assert.equal(statuses.filter((s) => s === 401).length <= 4, true, `statuses ${statuses}`);
    assert.equal((await login(api, u.email, TEST_PASSWORD, from)).status, 423);
  });

  test('a user who belongs to no organization gets no session', async () => {
    const email = `orphan${Date.now()}@example.test`;
    await createUser(db(), { email, name: 'Orphan', password: TEST_PASSWORD }, new Date().toISOString());
    const res = await login(api, email, TEST_PASSWORD);
    assert.equal(res.status, 403);
    assert.match(res.body.error.message, /not a member of any organization/);
    assert.equal(res.headers['set-cookie'], undefined);
  });

  test('logout revokes the session, by bearer and by cookie, and clears the cookie', async () => {
    const first = await login(api, a.colleague.email, TEST_PASSWORD);
    const out = await api.call('POST', '/api/v1/auth/logout', { token: first.body.token });
    assert.equal(out.status, 204);
    assert.match(cookieOf(out), /parley_session=;/);
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token: first.body.token })).status, 401);

    const second = await login(api, a.colleague.email, TEST_PASSWORD);
    const cookie = { cookie: `parley_session=${second.body.token}` };
    assert.equal((await api.call('POST', '/api/v1/auth/logout', { headers: cookie })).status, 204);
    assert.equal((await api.call('GET', '/api/v1/auth/me', { headers: cookie })).status, 401);
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token: second.body.token })).status, 401);
    // Other sessions of the same person are untouched.
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token: a.colleague.token })).status, 200);
  });

  test('X-Parley-Org picks the organization; a slug you are not a member of is refused', async () => {
    const c = await createTenant(db());
    await addMembership(db(), c.owner.userId, b.orgId, 'employee', new Date().toISOString());
    const me = await api.call('GET', '/api/v1/auth/me', { token: c.owner.token });
    assert.equal(me.body.organization.slug, c.slug);
    assert.deepEqual(
      me.body.memberships.map((m: { slug: string; role: string }) => [m.slug, m.role]),
      [
        [c.slug, 'owner'],
        [b.slug, 'employee'],
      ],
    );
    const inB = await api.call('GET', '/api/v1/auth/me', {
      token: c.owner.token,
      headers: { 'x-parley-org': b.slug.toUpperCase() },
    });
    assert.equal(inB.status, 200);
    assert.equal(inB.body.organization.slug, b.slug);
    assert.equal(inB.body.role, 'employee');
    const customersInB = await api.call('GET', '/api/v1/customers', {
      token: c.owner.token,
      headers: { 'x-parley-org': b.slug },
    });
    assert.ok(customersInB.body.items.some((x: { id: number }) => x.id === b.customerRecordId));
    const refused = await api.call('GET', '/api/v1/auth/me', {
      token: c.owner.token,
      headers: { 'x-parley-org': a.slug },
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, new RegExp(a.slug));
  });

  test('API tokens: created once, listed without secrets, usable as bearer, revoked with 401 after', async () => {
    const created = await api.call('POST', '/api/v1/tokens', {
      token: a.employee.token,
      body: { name: 'backup script', expiresInDays: 30, currentPassword: TEST_PASSWORD },
    });
    assert.equal(created.status, 201);
    const secret: string = created.body.token;
    assert.match(secret, /^plt_[A-Za-z0-9_-]{20,}$/);
    assert.ok(secret.startsWith(created.body.prefix));
    assert.ok(created.body.prefix.length < 16);
    assert.equal(created.body.organizationId, a.orgId);
    assert.ok(created.body.expiresAt > created.body.createdAt);

    const stored = await db()
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, secret);
    assert.ok(!stored.token_hash.includes(secret.slice(4)));

    const me = await api.call('GET', '/api/v1/auth/me', { token: secret });
    assert.equal(me.status, 200);
    assert.equal(me.body.user.id, a.employee.userId);
    assert.equal(me.body.organization.id, a.orgId);

    const list = await api.call('GET', '/api/v1/tokens', { token: a.employee.token });
    assert.equal(list.status, 200);
    const item = list.body.items.find((t: { id: number }) => t.id === created.body.id);
    assert.deepEqual(Object.keys(item).sort(), [
      'createdAt',
      'expiresAt',
      'id',
      'lastUsedAt',
      'name',
      'organizationId',
      'prefix',
      'revokedAt',
    ]);
    assert.ok(item.lastUsedAt, 'use is recorded');
    assert.ok(!JSON.stringify(list.body).includes(secret));
    const othersList = await api.call('GET', '/api/v1/tokens', { token: a.colleague.token });
    assert.ok(!othersList.body.items.some((t: { id: number }) => t.id === created.body.id));

    const mint = await api.call('POST', '/api/v1/tokens', {
      token: secret,
      body: { name: 'child', currentPassword: TEST_PASSWORD },
    });
    assert.equal(mint.status, 403, 'not even with the password');
    assert.match(
      mint.body.error.message,
      /An API token cannot create API tokens; sign in with your password/,
    );

    assert.equal(
      (await api.call('DELETE', `/api/v1/tokens/${created.body.id}`, { token: a.colleague.token })).status,
      404,
      "someone else's token is not found",
    );
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token: secret })).status, 200);
    assert.equal(
      (await api.call('DELETE', `/api/v1/tokens/${created.body.id}`, { token: b.owner.token })).status,
      404,
      "another organization's token is not found",
    );

    assert.equal(
      (await api.call('DELETE', `/api/v1/tokens/${created.body.id}`, { token: a.employee.token })).status,
      204,
    );
    const after = await api.call('GET', '/api/v1/auth/me', { token: secret });
    assert.equal(after.status, 401);
    assert.equal(after.body.error.code, 'unauthenticated');
    const relist = await api.call('GET', '/api/v1/tokens', { token: a.employee.token });
    assert.ok(relist.body.items.find((t: { id: number }) => t.id === created.body.id).revokedAt);
    assert.equal(
      (await api.call('DELETE', `/api/v1/tokens/${created.body.id}`, { token: a.employee.token })).status,
      204,
    );

    const audit = await api.call(
      'GET',
      `/api/v1/audit?entity=api_token&entityId=${created.body.id}&sort=createdAt`,
      {
        token: a.owner.token,
      },
    );
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['create', 'delete'],
    );
    assert.ok(!JSON.stringify(audit.body).includes(secret));
  });

  test('an API token stops working when it expires', async () => {
    const { clock, advance } = fakeClock();
    const timed = await startTestApp(db(), { clock });
    try {
      const session = (await login(timed, a.owner.email, TEST_PASSWORD)).body.token;
      const created = await timed.call('POST', '/api/v1/tokens', {
        token: session,
        body: { name: 'short-lived', expiresInDays: 1, currentPassword: TEST_PASSWORD },
      });
      assert.equal((await timed.call('GET', '/api/v1/auth/me', { token: created.body.token })).status, 200);
      advance(DAY + MINUTE);
      assert.equal((await timed.call('GET', '/api/v1/auth/me', { token: created.body.token })).status, 401);
    } finally {
      await timed.close();
    }
  });

  test('changing the password needs the current one and signs out the other sessions', async () => {
    const u = await freshUser();
    const one = (await login(api, u.email, TEST_PASSWORD)).body.token;
    const two = (await login(api, u.email, TEST_PASSWORD)).body.token;

    const wrong = await api.call('POST', '/api/v1/auth/password', {
      token: one,
      body: { currentPassword: 'not it', newPassword: 'a new password' },
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.error.message, /currentPassword/);
    const short = await api.call('POST', '/api/v1/auth/password', {
      token: one,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    });
    assert.equal(short.status, 400);
    assert.match(short.body.error.message, /at least 8/);
    assert.equal(
      (await api.call('GET', '/api/v1/auth/me', { token: two })).status,
      200,
      'nothing changed yet',
    );

    const changed = await api.call('POST', '/api/v1/auth/password', {
      token: one,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' },
    });
    assert.equal(changed.status, 204);
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token: one })).status, 200);
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token: two })).status, 401);
    assert.equal((await login(api, u.email, TEST_PASSWORD)).status, 401);
    assert.equal((await login(api, u.email, 'a brand new passphrase')).status, 200);
  });

  test('the auth routes answer 401 to anonymous callers', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/v1/auth/me', undefined],
      ['POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'another password' }],
      ['GET', '/api/v1/tokens', undefined],
      ['POST', '/api/v1/tokens', { name: 'anonymous', currentPassword: TEST_PASSWORD }],
      ['DELETE', '/api/v1/tokens/1', undefined],
    ] as const) {
      const res = await api.call(method, url, { body, headers: { 'x-forwarded-for': address() } });
      assert.equal(res.status, 401, `${method} ${url}`);
      assert.equal(res.body.error.code, 'unauthenticated');
    }
  });

  test('bad input is a clear 400, never a 500', async () => {
    const cases: [string, string, unknown, string?][] = [
      ['POST', '/api/v1/auth/login', { email: 42, password: 'x' }],
      ['POST', '/api/v1/auth/login', { email: 'a@b.test' }],
      ['POST', '/api/v1/auth/login', { email: 'a@b.test', password: 'x', remember: true }],
      ['POST', '/api/v1/auth/login', { email: 'a@b.test', password: 'x'.repeat(100_000) }],
      ['POST', '/api/v1/auth/login', { email: `${'x'.repeat(300)}@b.test`, password: 'x' }],
      ['POST', '/api/v1/auth/login', '{"email": '],
      ['POST', '/api/v1/tokens', { name: '' }, a.owner.token],
      ['POST', '/api/v1/tokens', { name: 'x'.repeat(101) }, a.owner.token],
      ['POST', '/api/v1/tokens', { name: 'ok', expiresInDays: 'soon' }, a.owner.token],
      ['POST', '/api/v1/tokens', { name: 'ok', expiresInDays: 0 }, a.owner.token],
      ['POST', '/api/v1/tokens', { name: 'ok', scope: 'all' }, a.owner.token],
      ['GET', '/api/v1/tokens?limit=0', undefined, a.owner.token],
      ['GET', '/api/v1/tokens?cursor=garbage', undefined, a.owner.token],
      ['DELETE', '/api/v1/tokens/abc', undefined, a.owner.token],
      ['POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD }, a.owner.token],
      ['POST', '/api/v1/auth/password', { currentPassword: 1, newPassword: 2 }, a.owner.token],
    ];
    for (const [method, url, body, token] of cases) {
      const res = await api.call(method as 'POST', url, {
        body,
        headers: { 'x-forwarded-for': address(), 'content-type': 'application/json' },
        ...(token ? { token } : {}),
      });
      assert.equal(
        res.status,
        400,
        `${method} ${url} ${JSON.stringify(body)?.slice(0, 60)} -> ${res.status}`,
      );
      assert.equal(typeof res.body.error.message, 'string');
    }
  });

  test('login is rate limited per address: 429 after 10 a minute', async () => {
    const from = address();
    for (let i = 0; i < 10; i++) {
      assert.equal((await login(api, 'nobody@example.test', 'x', from)).status, 401, `attempt ${i + 1}`);
    }
    const limited = await login(api, a.owner.email, TEST_PASSWORD, from);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.ok(limited.headers['retry-after']);
    assert.equal(
      (await login(api, a.owner.email, TEST_PASSWORD)).status,
      200,
      'other addresses are not affected',
    );
  });

  test('passwords and tokens never reach the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ DATABASE_URL: 'file::memory:', LOG_LEVEL: 'trace' });
    const clock = () => new Date();
    const app = await buildApp(createServices({ config, db: db(), clock }), {
      logger: createLogger(config, sink),
    });
    try {
      const secretPassword = 'hunter2-do-not-log';
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: a.employee.email, password: secretPassword },
      });
      const ok = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: a.colleague.email, password: TEST_PASSWORD },
      });
      const token = ok.json().token as string;
      await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
      const text = lines.join('');
      assert.ok(text.length > 0, 'something was logged');
      for (const secret of [secretPassword, TEST_PASSWORD, token]) {
        assert.ok(!text.includes(secret), `${secret.slice(0, 6)}... leaked into the log`);
      }
    } finally {
      await app.close();
    }
  });
});

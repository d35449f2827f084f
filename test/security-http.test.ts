import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.ts';
import { DomainError } from '../src/domain/errors.ts';
import { systemClock } from '../src/domain/time.ts';
import { buildApp } from '../src/http/app.ts';
import { redactUrl } from '../src/http/request-log.ts';
import { createLogger } from '../src/logger.ts';
import { createServices } from '../src/services.ts';
import { openBrowser, type Site, startSite } from './e2e/browser.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase, openTestDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';

/**
 * The HTTP layer's own defences (issue #25, items 3, 6, 8 and 11): secrets stay out of the access log and out
 * of URLs the server sees, cross-site pages cannot use a browser's session cookie (nor sign it in), errors in
 * the assistant's event stream have the public error shape, and every response carries the security headers.
 */

const PUBLIC_URL = 'https://crm.example.test';
const EVIL = 'https://evil.example';
const SAME_SITE_PAGE = 'http://localhost:8080';

/** A pino logger at info level writing into `lines`, as the server's own. */
function capturedLogger(lines: string[]) {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return createLogger({ LOG_LEVEL: 'info' }, sink);
}

const cookieOf = (token: string) => ({ cookie: `parley_session=${token}` });

test('redactUrl removes our prefixed secrets and credential-named query values, and nothing else', () => {
  assert.equal(redactUrl('/invite/pli_AbC-12_x'), '/invite/pli_[redacted]');
  assert.equal(redactUrl('/x?token=abc&q=acme&code=Zx9'), '/x?token=[redacted]&q=acme&code=[redacted]');
  assert.equal(redactUrl('/x?q=plt_secret-Value&page=2'), '/x?q=plt_[redacted]&page=2');
  assert.equal(redactUrl('/a/pls_s3cr3t/b?x'), '/a/pls_[redacted]/b?x');
  assert.equal(redactUrl('/api/v1/customers/12?sort=name'), '/api/v1/customers/12?sort=name');
});

onEachDatabase('HTTP: secrets in URLs, CSRF and headers', ({ db }) => {
  const log: string[] = [];
  let api: TestApp;
  let t: Tenant;

  before(async () => {
    api = await startTestApp(db(), { settings: { PUBLIC_URL }, logger: capturedLogger(log) });
    t = await createTenant(db());
  });
  after(() => api.close());

  describe('secrets in URLs', () => {
    test('an invitation link carries its token in the fragment, which browsers never send', async () => {
      const res = await api.call('POST', '/api/v1/invitations', {
        token: t.owner.token,
        body: { email: 'fragment.invitee@example.test', role: 'employee' },
      });
      assert.equal(res.status, 201);
      assert.match(res.body.inviteUrl, /^https:\/\/crm\.example\.test\/invite#pli_[A-Za-z0-9_-]+$/);
      assert.equal(new URL(res.body.inviteUrl).pathname, '/invite');
    });

    test('the access log never shows a token from a path or a query, even at info level', async () => {
      const invitation = await api.call('POST', '/api/v1/invitations', {
        token: t.owner.token,
        body: { email: 'old.link@example.test', role: 'employee' },
      });
      const token = String(invitation.body.inviteUrl).split('#')[1]!;
      log.length = 0;
      // A link in the old form, and secrets pasted into query strings.
      await api.app.inject({ method: 'GET', url: `/invite/${token}` });
      await api.app.inject({
        method: 'GET',
        url: `/api/v1/customers?q=${t.owner.token}&token=Zx9-link-code`,
      });
      const text = log.join('');
      assert.match(text, /"url":"\/invite\/pli_\[redacted\]"/, 'the request is logged, redacted');
      assert.ok(!text.includes(token), 'the invitation token is not in the log');
      assert.ok(!text.includes(t.owner.token), 'the session token is not in the log');
      assert.ok(!text.includes('Zx9-link-code'), 'a token query value is not in the log');
    });
  });

  describe('CSRF', () => {
    let pipelineId: number;
    before(async () => {
      const res = await api.call('POST', '/api/v1/pipelines', {
        token: t.owner.token,
        body: { name: 'Not the default' },
      });
      pipelineId = res.body.id;
    });

    /** A browser form posted from a page of another site: text/plain, the session cookie, Origin. */
    function crossSite(url: string, cookieToken: string | null, origin = EVIL, site = 'cross-site') {
      return api.call('POST', url, {
        body: '{"email":"x"}',
        headers: {
          'content-type': 'text/plain',
          origin,
          'sec-fetch-site': site,
          ...(cookieToken ? cookieOf(cookieToken) : {}),
        },
      });
    }

    async function isDefault(id: number) {
      const res = await api.call('GET', `/api/v1/pipelines/${id}`, { token: t.owner.token });
      return res.body.isDefault as boolean;
    }

    test('making a pipeline the default from another site is refused with 403 and changes nothing', async () => {
      const res = await crossSite(`/api/v1/pipelines/${pipelineId}/default`, t.owner.token);
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
      assert.match(res.body.error.message, /another site/);
      assert.equal(await isDefault(pipelineId), false);
    });

    test('a same-site page (another port on this host) cannot ask for a Telegram link code', async () => {
      const res = await crossSite('/api/v1/telegram/link-code', t.owner.token, SAME_SITE_PAGE, 'same-site');
      assert.equal(res.status, 403);
      // From our own page the request gets through to the route (which answers that no bot is set up).
      const own = await api.call('POST', '/api/v1/telegram/link-code', {
        headers: { ...cookieOf(t.owner.token), origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' },
      });
      assert.equal(own.status, 409);
    });

    test('another site cannot sign a browser out, and its session keeps working', async () => {
      const res = await crossSite('/api/v1/auth/logout', t.employee.token);
      assert.equal(res.status, 403);
      const me = await api.call('GET', '/api/v1/auth/me', { headers: cookieOf(t.employee.token) });
      assert.equal(me.status, 200);
    });

    test('another site cannot sign a browser in (login CSRF) nor accept an invitation for it', async () => {
      const login = await api.call('POST', '/api/v1/auth/login', {
        body: { email: t.owner.email, password: TEST_PASSWORD },
        headers: { origin: EVIL },
      });
      assert.equal(login.status, 403);
      assert.equal(login.headers['set-cookie'], undefined);
      const accept = await crossSite('/api/v1/invitations/accept', null, 'null');
      assert.equal(accept.status, 403);
    });

    test('our own pages, scripts without Origin and bearer tokens from anywhere still work', async () => {
      const own = await api.call('POST', '/api/v1/auth/login', {
        body: { email: t.owner.email, password: TEST_PASSWORD },
        headers: { origin: PUBLIC_URL },
      });
      assert.equal(own.status, 200);
      // The request's own address counts as our origin too (no Sec-Fetch-Site: an older browser).
      const byHost = await api.call('POST', `/api/v1/pipelines/${pipelineId}/default`, {
        headers: { ...cookieOf(own.body.token), origin: 'http://localhost:80' },
      });
      assert.equal(byHost.status, 200);
      const script = await api.call('POST', '/api/v1/auth/logout', { headers: cookieOf(own.body.token) });
      assert.equal(script.status, 204);

      const bearer = await api.call('POST', `/api/v1/pipelines/${pipelineId}/default`, {
        token: t.owner.token,
        headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      });
      assert.equal(bearer.status, 200);
      assert.equal(await isDefault(pipelineId), true);
      // Reading is not state-changing: a cross-site GET is left to CORS and SameSite.
      const read = await api.call('GET', '/api/v1/auth/me', {
        headers: { ...cookieOf(t.owner.token), origin: EVIL, 'sec-fetch-site': 'cross-site' },
      });
      assert.equal(read.status, 200);
    });
  });

  describe('headers', () => {
    test('API answers are nosniff, unframeable, and never stored when they carry a secret', async () => {
      const list = await api.call('GET', '/api/v1/customers', { token: t.owner.token });
      assert.equal(list.headers['x-content-type-options'], 'nosniff');
      assert.match(String(list.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(list.headers['cache-control'], 'no-store');

      const login = await api.call('POST', '/api/v1/auth/login', {
        body: { email: t.employee.email, password: TEST_PASSWORD },
      });
      assert.equal(login.status, 200);
      assert.equal(login.headers['cache-control'], 'no-store');
      assert.equal(login.headers['x-content-type-options'], 'nosniff');

      const made = await api.call('POST', '/api/v1/tokens', {
        headers: cookieOf(login.body.token),
        body: { name: 'Script', currentPassword: TEST_PASSWORD },
      });
      assert.equal(made.status, 201);
      assert.equal(made.headers['cache-control'], 'no-store');
      const invited = await api.call('POST', '/api/v1/invitations', {
        token: t.owner.token,
        body: { email: 'no.store@example.test', role: 'customer' },
      });
      assert.equal(invited.headers['cache-control'], 'no-store');
    });

    test('the API explorer is served under the same policy, which it runs under unchanged', async () => {
      const res = await api.app.inject('/api/docs/');
      assert.equal(res.statusCode, 200);
      const policy = String(res.headers['content-security-policy']);
      assert.match(policy, /script-src 'self';/);
      assert.match(policy, /frame-ancestors 'none'/);
      assert.doesNotMatch(policy, /upgrade-insecure-requests/);
    });
  });

  describe('errors in the assistant stream', () => {
    test('text PostgreSQL cannot store never shows a database error to the client', async () => {
      for (const text of ['find acme\u0000 please', 'show customer "a\u0000"', 'find acme\ud800']) {
        const res = await api.call('POST', '/api/v1/assistant/messages/stream', {
          token: t.owner.token,
          body: { text },
        });
        const body = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        assert.doesNotMatch(body, /22021|invalid byte sequence|encoding|postgres|sqlite|\.ts:\d+/i, text);
        // Refused as input (400), answered, or an error event in the public shape.
        if (res.status !== 200) {
          assert.equal(res.status, 400, text);
          continue;
        }
        const error = /event: error\ndata: (.*)\n/.exec(body);
        if (!error) continue;
        const event = JSON.parse(error[1]!);
        if (event.code === 'validation_failed') assert.match(event.message, /NUL character/, text);
        else
          assert.deepEqual(event, { code: 'internal_error', message: 'Something went wrong on our side.' });
      }
    });
  });
});

onEachDatabase('HTTP: the assistant stream maps every error to the public shape', ({ db }) => {
  const log: string[] = [];
  let app: FastifyInstance;
  let t: Tenant;
  let failure: unknown;

  before(async () => {
    const config = loadConfig({ DATABASE_URL: 'file::memory:' });
    const deps = createServices({ config, db: db(), clock: systemClock });
    const assistant = {
      ...deps.assistant,
      send: async () => {
        throw failure;
      },
    };
    app = await buildApp({ ...deps, assistant }, { logger: capturedLogger(log) });
    t = await createTenant(db());
  });
  after(() => app.close());

  async function streamError() {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/assistant/messages/stream',
      headers: { authorization: `Bearer ${t.owner.token}` },
      payload: { text: 'hello' },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/event-stream/);
    const data = /event: error\ndata: (.*)\n/.exec(res.body);
    assert.ok(data, `an error event in ${res.body}`);
    return { event: JSON.parse(data[1]!), body: res.body };
  }

  test('a raw database error becomes "Something went wrong on our side." and is logged', async () => {
    failure = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    log.length = 0;
    const { event, body } = await streamError();
    assert.deepEqual(event, { code: 'internal_error', message: 'Something went wrong on our side.' });
    assert.doesNotMatch(body, /22021|invalid byte/);
    const logged = log.map((l) => JSON.parse(l)).find((l) => l.msg === 'request failed');
    assert.ok(logged, 'the fault is logged');
    assert.equal(logged.level, 50);
    assert.equal(logged.err.code, '22021');
  });

  test('a refusal keeps its code and message, as the error handler gives them', async () => {
    failure = new DomainError('validation_failed', 'text: must not be empty');
    const { event } = await streamError();
    assert.deepEqual(event, { code: 'validation_failed', message: 'text: must not be empty' });
  });
});

describe('HTTP: headers on the web app', () => {
  let dist: string;
  let app: FastifyInstance;
  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'parley-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    const config = loadConfig({ DATABASE_URL: 'file::memory:' });
    const database = await openTestDatabase('sqlite');
    app = await buildApp(createServices({ config, db: database.db, clock: systemClock }), { webDist: dist });
    app.addHook('onClose', () => database.close());
  });
  after(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  for (const path of ['/', '/index.html', '/deals/12', '/assets/index-abc123.js']) {
    test(`${path} carries the content security policy, no framing and nosniff`, async () => {
      const res = await app.inject(path);
      assert.equal(res.statusCode, 200);
      const policy = String(res.headers['content-security-policy']);
      assert.match(policy, /default-src 'self'/);
      assert.match(policy, /script-src 'self'(;|$)/);
      assert.match(policy, /frame-ancestors 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
    });
  }
});

describe('HTTP: an invitation link in the browser', { timeout: 300_000 }, () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  test('the web app reads the token from the fragment, accepts it and signs the invitee in', async () => {
    const login = await fetch(`${site.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.0.1' },
      body: JSON.stringify({ email: 'owner@acme.test', password: 'parley-demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const invited = await fetch(`${site.url}/api/v1/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ email: 'fragment.browser@example.test', role: 'employee' }),
    });
    const { inviteUrl } = (await invited.json()) as { inviteUrl: string };
    const link = new URL(inviteUrl);
    assert.equal(link.pathname, '/invite');
    assert.match(link.hash, /^#pli_/);

    const visitor = await openBrowser(site);
    try {
      const { page } = visitor;
      const documents: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'document') documents.push(request.url());
      });
      await page.goto(`/invite${link.hash}`);
      await page.getByLabel('Your name').fill('Fran Fragment');
      await page.getByRole('textbox', { name: 'Password' }).fill('fragment-password-1');
      await page.getByRole('button', { name: 'Accept invitation' }).click();
      await page.getByTestId('user-menu').waitFor();
      assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar once used');
      assert.ok(
        documents.every((url) => !url.includes('pli_')),
        `the server was asked for ${documents.join(', ')}`,
      );
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { createCrm } from '../src/crm/index.ts';
import type { Clock } from '../src/domain/time.ts';
import { createServices } from '../src/services.ts';
import { type FakeModelServer, startFakeOpenAI } from './fakes/llm.ts';
import { FakeTelegram, textUpdate } from './fakes/telegram-api.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';
import { startBot } from './telegram-support.ts';

/**
 * Regression tests of issue #25: limits on paid model requests (item 10) and NUL bytes on PostgreSQL (item 7).
 * Portal access (item 9) is tested in customers.test.ts, the notification outbox (item 13) in
 * faults-notify.test.ts.
 */

/** 13:20 UTC, so the hour's window ends at 14:00. */
const START = Date.parse('2026-12-05T13:20:00.000Z');

function movableClock() {
  let at = START;
  const clock: Clock = () => new Date(at);
  return { clock, set: (iso: string) => (at = Date.parse(iso)) };
}

/** Two requests a person, three an organization, each hour; the day limits off. */
const LIMITS = {
  ASSISTANT_USER_REQUESTS_PER_HOUR: '2',
  ASSISTANT_USER_REQUESTS_PER_DAY: '0',
  ASSISTANT_ORGANIZATION_REQUESTS_PER_HOUR: '3',
  ASSISTANT_ORGANIZATION_REQUESTS_PER_DAY: '0',
};

onEachDatabase('limits on requests to the language model', ({ db }) => {
  let openai: FakeModelServer;
  let settings: Record<string, string>;

  before(async () => {
    openai = await startFakeOpenAI();
    settings = { OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'k', OPENAI_MODEL: 'llama-test', ...LIMITS };
  });
  after(() => openai.close());

  const say = (api: TestApp, token: string, text = 'How are we doing?') =>
    api.call('POST', '/api/v1/assistant/messages', { token, body: { text } });

  test('a person and an organization are refused past their hourly limits, in words, until the hour ends', async () => {
    const time = movableClock();
    const api = await startTestApp(db(), { clock: time.clock, settings });
    const t = await createTenant(db());
    openai.requests.length = 0;

    assert.equal((await say(api, t.employee.token)).status, 200);
    assert.equal((await say(api, t.employee.token)).status, 200);
    const refused = await say(api, t.employee.token);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'rate_limited');
    assert.equal(
      refused.body.error.message,
      'You have reached the limit of 2 assistant requests per hour; try again at 14:00 UTC.',
    );
    assert.equal(refused.body.error.details.retryAt, '2026-12-05T14:00:00.000Z');
    assert.equal(openai.requests.length, 2, 'a refused request never reaches the model');

    // The organization's third request is the owner's; its fourth is refused whoever sends it.
    assert.equal((await say(api, t.owner.token)).status, 200);
    const orgRefused = await say(api, t.colleague.token);
    assert.equal(orgRefused.status, 429);
    assert.match(orgRefused.body.error.message, /^Your organization has reached the limit of 3 assistant/);
    // Other organizations have their own allowance.
    const other = await createTenant(db());
    assert.equal((await say(api, other.employee.token)).status, 200);

    time.set('2026-12-05T14:00:01.000Z');
    assert.equal((await say(api, t.employee.token)).status, 200, 'a new hour, a new allowance');
    await api.app.close();
  });

  test('the web panel’s stream answers with the same words as an error event', async () => {
    const api = await startTestApp(db(), {
      settings: { ...settings, ASSISTANT_USER_REQUESTS_PER_HOUR: '1' },
    });
    const t = await createTenant(db());
    const stream = () =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/assistant/messages/stream',
        headers: { authorization: `Bearer ${t.employee.token}` },
        payload: { text: 'hello' },
      });
    assert.match((await stream()).body, /event: turn/);
    const refused = (await stream()).body;
    assert.match(refused, /event: error/);
    assert.match(refused, /"code":"rate_limited"/);
    assert.match(
      refused,
      /You have reached the limit of 1 assistant request per hour; try again at \d\d:00 UTC\./,
    );
    await api.app.close();
  });

  test('concurrent requests from several processes never pass the limit together', async () => {
    // Two apps over one database stand for two processes; their counters are the database's.
    const limited = {
      ...settings,
      ASSISTANT_USER_REQUESTS_PER_HOUR: '5',
      ASSISTANT_ORGANIZATION_REQUESTS_PER_HOUR: '0',
    };
    const [one, two] = [
      await startTestApp(db(), { settings: limited }),
      await startTestApp(db(), { settings: limited }),
    ];
    const t = await createTenant(db());
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => say(i % 2 ? one : two, t.employee.token, `question ${i}`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [...Array(5).fill(200), ...Array(7).fill(429)]);
    await one.app.close();
    await two.app.close();
  });

  test('the offline engine costs nothing and is not limited', async () => {
    const api = await startTestApp(db(), { settings: { ...LIMITS, ASSISTANT_USER_REQUESTS_PER_HOUR: '1' } });
    const t = await createTenant(db());
    for (let i = 0; i < 4; i++) assert.equal((await say(api, t.employee.token, 'show my deals')).status, 200);
    await api.app.close();
  });

  test('in Telegram the limit is told in the chat', async () => {
    const fake = await FakeTelegram.start();
    const config = loadConfig({
      DATABASE_URL: 'file::memory:',
      ...settings,
      ASSISTANT_USER_REQUESTS_PER_HOUR: '1',
    });
    const clock: Clock = () => new Date();
    const { assistant } = createServices({ config, db: db(), clock });
    const bot = await startBot(db(), { assistant, clock, fake });
    try {
      const t = await createTenant(db());
      const chat = 9_100_000 + Math.floor(Math.random() * 100_000);
      await bot.deliver(textUpdate(chat, `/login ${t.employee.email}`), textUpdate(chat, TEST_PASSWORD));
      assert.match(fake.sentTo(chat).at(-1) ?? '', /Signed in as/);
      await bot.deliver(textUpdate(chat, 'How are we doing?'));
      await bot.deliver(textUpdate(chat, 'And now?'));
      assert.match(
        fake.sentTo(chat).at(-1) ?? '',
        /^You have reached the limit of 1 assistant request per hour; try again at \d\d:00 UTC\.$/,
      );
    } finally {
      await bot.close();
      await fake.close();
    }
  });

  test('the counters are kept per window and old windows are cleared', async () => {
    const time = movableClock();
    const crm = createCrm({ db: db(), clock: time.clock });
    const t = await createTenant(db());
    const limits = { userPerHour: 10, userPerDay: 10, organizationPerHour: 0, organizationPerDay: 0 };
    await crm.assistantUsage.take(t.owner.actor, limits);
    time.set('2026-12-07T09:00:00.000Z');
    await crm.assistantUsage.take(t.owner.actor, limits);
    const rows = await db()
      .selectFrom('assistant_usage')
      .select(['period', 'count'])
      .where('subject', '=', `user:${t.owner.userId}`)
      .orderBy('period')
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.period, Number(r.count)]),
      [
        ['day:2026-12-07', 1],
        ['hour:2026-12-07T09', 1],
      ],
    );
  });
});

/** Item 7: a NUL byte anywhere a person can type is a 400 on PostgreSQL (and never a 500 on SQLite). */
onEachDatabase('NUL bytes in input', ({ kind, db }) => {
  let api: TestApp;
  let t: Tenant;
  before(async () => {
    api = await startTestApp(db());
    t = await createTenant(db());
  });

  const cases: [string, string, 'GET' | 'POST' | 'PATCH', unknown?][] = [
    ['q', '/api/v1/customers?q=a%00b', 'GET'],
    ['a filter', '/api/v1/customers?source=web%00', 'GET'],
    ['a search on deals', '/api/v1/deals?q=%00', 'GET'],
    ['a body', '/api/v1/customers', 'POST', { name: 'Nul\u0000Co' }],
    ['a body field of a deal', '/api/v1/deals', 'POST', { title: 'ok', notes: 'nul \u0000 here' }],
  ];
  for (const [what, url, method, body] of cases) {
    test(`${what} holding U+0000 is a 400 [${kind}]`, async () => {
      const res = await api.call(method, url, { token: t.owner.token, ...(body ? { body } : {}) });
      if (kind === 'postgres') assert.equal(res.status, 400, JSON.stringify(res.body));
      else assert.ok(res.status < 500, `${res.status}`);
    });
  }

  test(`the login email holding U+0000 is a 400 [${kind}]`, async () => {
    const res = await api.call('POST', '/api/v1/auth/login', {
      body: { email: `${t.owner.email}\u0000`, password: TEST_PASSWORD },
    });
    if (kind === 'postgres') assert.equal(res.status, 400, JSON.stringify(res.body));
    else assert.ok(res.status < 500 && res.status !== 200, `${res.status}`);
  });
});

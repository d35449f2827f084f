import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { type Crm, createCrm } from '../src/crm/index.ts';
import type { Db } from '../src/db/index.ts';
import type { Actor } from '../src/domain/actor.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * A month of business seeded at known instants, with every expected figure worked out by hand below. The
 * clock reads Wednesday 18 March 2026, noon UTC, so "this_month" is March 2026 and "this_week" 16-22 March.
 */
const NOW = new Date('2026-03-18T12:00:00.000Z');

interface Fixture {
  t: Tenant;
}

async function seed(db: Db, crm: Crm, setNow: (iso: string) => void): Promise<Fixture> {
  const t = await createTenant(db, { settings: { employeeVisibility: 'assigned', timezone: 'UTC' } });
  const { owner } = t;
  const E = t.employee.userId;
  const C = t.colleague.userId;
  const at = async <T>(iso: string, fn: () => Promise<T>): Promise<T> => {
    setNow(iso);
    try {
      return await fn();
    } finally {
      setNow(NOW.toISOString());
    }
  };

  // Leads: LF is February's and converted in March; L4 is a millisecond before March, L5 March's first instant.
  const lead = (name: string, assignedTo: number, iso: string) =>
    at(iso, () => crm.leads.create(owner.actor, { name, assignedTo }));
  const LF = await lead('LF', E, '2026-02-20T10:00:00.000Z');
  const L1 = await lead('L1', E, '2026-03-02T09:00:00.000Z');
  await lead('L2', C, '2026-03-05T09:00:00.000Z');
  await lead('L3', E, '2026-03-10T09:00:00.000Z');
  await lead('L4', C, '2026-02-28T23:59:59.999Z');
  await lead('L5', C, '2026-03-01T00:00:00.000Z');
  await at('2026-03-03T09:00:00.000Z', () => crm.leads.convert(owner.actor, LF.id, {}));
  await at('2026-03-06T09:00:00.000Z', () => crm.leads.convert(owner.actor, L1.id, {}));

  // Deals: two won and one lost in March, one won in February, four open across stages and currencies.
  const deal = async (title: string, value: number, currency: string, assignedTo: number, stage: string) =>
    at('2026-02-15T08:00:00.000Z', () =>
      crm.deals.create(owner.actor, { title, value, currency, assignedTo, stage }),
    );
  const close = (id: number, stage: string, iso: string) =>
    at(iso, () => crm.deals.moveStage(owner.actor, id, { stage }));
  const D1 = await deal('D1', 100_000, 'USD', E, 'Proposal');
  const D2 = await deal('D2', 50_000, 'EUR', C, 'Proposal');
  const D3 = await deal('D3', 20_000, 'USD', E, 'Proposal');
  const D4 = await deal('D4', 30_000, 'USD', C, 'Proposal');
  await close(D1.id, 'Closed Won', '2026-03-04T10:00:00.000Z');
  await close(D2.id, 'Closed Won', '2026-03-09T10:00:00.000Z');
  await close(D3.id, 'Closed Won', '2026-02-27T10:00:00.000Z');
  await close(D4.id, 'Closed Lost', '2026-03-11T10:00:00.000Z');
  await deal('D5', 10_001, 'USD', E, 'Qualified');
  await deal('D6', 33_334, 'USD', C, 'Proposal');
  await deal('D7', 3, 'USD', E, 'Proposal');
  await deal('D8', 7_000, 'EUR', E, 'Negotiation');

  // Payments, dated by calendar day; only completed ones count, refunds (outgoing) subtract.
  const pay = (amount: number, currency: string, paidAt: string, assignedTo: number | null, extra = {}) =>
    crm.payments.create(owner.actor, {
      customerId: t.customerRecordId,
      amount,
      currency,
      paidAt,
      assignedTo,
      ...extra,
    });
  await pay(5_000, 'USD', '2026-03-02', E);
  await pay(7_000, 'USD', '2026-03-10', C);
  await pay(2_000, 'USD', '2026-03-12', E, { direction: 'outgoing' });
  await pay(9_000, 'EUR', '2026-03-15', null);
  await pay(1_000, 'USD', '2026-03-05', E, { status: 'pending' });
  await pay(3_000, 'USD', '2026-02-28', E);
  await pay(4_000, 'USD', '2026-03-06', E, { status: 'failed' });
  await pay(600, 'USD', '2026-03-31', E);

  const stamp = '2026-03-01T00:00:00.000Z';
  const issue = (n: number, priority: string, status: string, assignedTo: number) =>
    db
      .insertInto('issues')
      .values({
        organization_id: t.orgId,
        number: `ISS-2026-${String(n).padStart(4, '0')}`,
        title: `Issue ${n}`,
        title_key: `issue ${n}`,
        priority,
        category: 'general',
        status,
        assigned_to: assignedTo,
        created_by: owner.userId,
        created_at: stamp,
        updated_at: stamp,
      } as never)
      .execute();
  await issue(1, 'high', 'open', E);
  await issue(2, 'high', 'open', C);
  await issue(3, 'urgent', 'in_progress', C);
  await issue(4, 'high', 'resolved', E);
  await issue(5, 'low', 'open', E);
  await issue(6, 'medium', 'closed', C);

  const activity = (createdBy: number, assignedTo: number | null, createdAt: string, doneAt: string | null) =>
    db
      .insertInto('activities')
      .values({
        organization_id: t.orgId,
        type: 'call',
        subject: 'Call',
        assigned_to: assignedTo,
        done_at: doneAt,
        created_by: createdBy,
        created_at: createdAt,
        updated_at: createdAt,
      } as never)
      .execute();
  await activity(E, E, '2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z');
  await activity(owner.userId, E, '2026-03-04T10:00:00.000Z', null);
  await activity(C, C, '2026-02-25T10:00:00.000Z', '2026-03-05T10:00:00.000Z');
  await activity(C, C, '2026-03-06T10:00:00.000Z', '2026-04-01T00:00:00.000Z');
  await activity(E, null, '2026-03-07T10:00:00.000Z', '2026-03-08T10:00:00.000Z');
  return { t };
}

onEachDatabase('analytics', ({ db }) => {
  let api: TestApp;
  let crm: Crm;
  let f: Fixture;
  let current = NOW;

  before(async () => {
    const clock = () => current;
    crm = createCrm({ db: db(), clock });
    api = await startTestApp(db(), { clock });
    f = await seed(db(), crm, (iso) => {
      current = new Date(iso);
    });
  });

  /** The employee as if the organization let employees see everything. */
  const seesAll = (actor: Actor): Actor => ({
    ...actor,
    settings: { ...actor.settings, employeeVisibility: 'all' },
  });

  test("the owner's month: leads, deals, pipeline, revenue, issues and activities", async () => {
    const s = await crm.analytics.summary(f.t.owner.actor, { period: 'this_month' });
    assert.deepEqual(s.period, {
      name: 'this_month',
      timezone: 'UTC',
      from: '2026-03-01',
      to: '2026-03-31',
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-04-01T00:00:00.000Z',
    });
    assert.equal(s.scope, 'organization');
    // New: L1, L2, L3, L5. Converted in March: LF, L1; of the new ones only L1.
    assert.deepEqual(s.leads, { new: 4, converted: 2, convertedOfNew: 1, conversionRate: 0.25 });
    assert.deepEqual(s.deals, {
      won: {
        count: 2,
        value: [
          { currency: 'EUR', amount: 50_000 },
          { currency: 'USD', amount: 100_000 },
        ],
      },
      lost: { count: 1, value: [{ currency: 'USD', amount: 30_000 }] },
    });
    // Weighted by stage probability, rounded half up: 10,001 x 25% = 2,500.25; 33,337 x 50% = 16,668.5.
    assert.deepEqual(
      s.pipeline.stages.map((r) => [
        r.stageName,
        r.probability,
        r.currency,
        r.count,
        r.value,
        r.weightedValue,
      ]),
      [
        ['Qualified', 25, 'USD', 1, 10_001, 2_500],
        ['Proposal', 50, 'USD', 2, 33_337, 16_669],
        ['Negotiation', 75, 'EUR', 1, 7_000, 5_250],
      ],
    );
    assert.deepEqual(s.pipeline.totals, [
      { currency: 'EUR', count: 1, value: 7_000, weightedValue: 5_250 },
      { currency: 'USD', count: 3, value: 43_338, weightedValue: 19_169 },
    ]);
    assert.deepEqual(s.revenue, [
      { currency: 'EUR', incoming: 9_000, refunds: 0, net: 9_000 },
      { currency: 'USD', incoming: 12_600, refunds: 2_000, net: 10_600 },
    ]);
    assert.deepEqual(s.issues.open, { total: 4, byPriority: { low: 1, medium: 0, high: 2, urgent: 1 } });
    const { owner, employee, colleague } = f.t;
    assert.deepEqual(
      s.activities.map((a) => [a.userId, a.created, a.done]),
      [
        [owner.userId, 1, 0],
        [employee.userId, 2, 2],
        [colleague.userId, 1, 1],
      ],
    );
  });

  test('an employee of an organization with visibility "assigned" sees figures of their own records only', async () => {
    const s = await crm.analytics.summary(f.t.employee.actor, { period: 'this_month' });
    assert.equal(s.scope, 'assigned');
    assert.deepEqual(s.leads, { new: 2, converted: 2, convertedOfNew: 1, conversionRate: 0.5 });
    assert.deepEqual(s.deals, {
      won: { count: 1, value: [{ currency: 'USD', amount: 100_000 }] },
      lost: { count: 0, value: [] },
    });
    // D7 alone in Proposal: 3 x 50% = 1.5, rounded half up to 2; the total is 10,004 x weights = 2,501.75.
    assert.deepEqual(
      s.pipeline.stages.map((r) => [r.stageName, r.currency, r.count, r.value, r.weightedValue]),
      [
        ['Qualified', 'USD', 1, 10_001, 2_500],
        ['Proposal', 'USD', 1, 3, 2],
        ['Negotiation', 'EUR', 1, 7_000, 5_250],
      ],
    );
    assert.deepEqual(s.pipeline.totals, [
      { currency: 'EUR', count: 1, value: 7_000, weightedValue: 5_250 },
      { currency: 'USD', count: 2, value: 10_004, weightedValue: 2_502 },
    ]);
    assert.deepEqual(s.revenue, [{ currency: 'USD', incoming: 5_600, refunds: 2_000, net: 3_600 }]);
    assert.deepEqual(s.issues.open, { total: 2, byPriority: { low: 1, medium: 0, high: 1, urgent: 0 } });
    assert.deepEqual(
      s.activities.map((a) => [a.userId, a.created, a.done]),
      [
        [f.t.owner.userId, 1, 0],
        [f.t.employee.userId, 1, 1],
      ],
    );
    // With visibility "all" the same employee sees what the owner sees.
    const all = await crm.analytics.summary(seesAll(f.t.employee.actor), { period: 'this_month' });
    const ownerView = await crm.analytics.summary(f.t.owner.actor, { period: 'this_month' });
    assert.deepEqual({ ...all, scope: 'organization' }, ownerView);
  });

  test('weekly time series of new leads, won value and net revenue', async () => {
    const ts = await crm.analytics.timeseries(f.t.owner.actor, { period: 'this_month', bucket: 'week' });
    assert.equal(ts.bucket, 'week');
    assert.deepEqual(
      ts.points.map((p) => [p.key, p.from, p.to, p.newLeads, p.dealsWon, p.wonValue, p.revenue]),
      [
        ['2026-02-23', '2026-03-01', '2026-03-01', 1, 0, [], []],
        [
          '2026-03-02',
          '2026-03-02',
          '2026-03-08',
          2,
          1,
          [{ currency: 'USD', amount: 100_000 }],
          [{ currency: 'USD', amount: 5_000 }],
        ],
        [
          '2026-03-09',
          '2026-03-09',
          '2026-03-15',
          1,
          1,
          [{ currency: 'EUR', amount: 50_000 }],
          [
            { currency: 'EUR', amount: 9_000 },
            { currency: 'USD', amount: 5_000 },
          ],
        ],
        ['2026-03-16', '2026-03-16', '2026-03-22', 0, 0, [], []],
        ['2026-03-23', '2026-03-23', '2026-03-29', 0, 0, [], []],
        ['2026-03-30', '2026-03-30', '2026-03-31', 0, 0, [], [{ currency: 'USD', amount: 600 }]],
      ],
    );
  });

  test('daily and monthly buckets, and the employee scope in a series', async () => {
    const daily = await crm.analytics.timeseries(f.t.owner.actor, {
      from: '2026-02-28',
      to: '2026-03-02',
      bucket: 'day',
    });
    assert.deepEqual(
      daily.points.map((p) => [p.key, p.newLeads, p.revenue]),
      [
        ['2026-02-28', 1, [{ currency: 'USD', amount: 3_000 }]],
        ['2026-03-01', 1, []],
        ['2026-03-02', 1, [{ currency: 'USD', amount: 5_000 }]],
      ],
    );
    const quarter = await crm.analytics.timeseries(f.t.owner.actor, {
      period: 'this_quarter',
      bucket: 'month',
    });
    assert.deepEqual(
      quarter.points.map((p) => [p.key, p.newLeads, p.dealsWon, p.revenue]),
      [
        ['2026-01-01', 0, 0, []],
        ['2026-02-01', 2, 1, [{ currency: 'USD', amount: 3_000 }]],
        [
          '2026-03-01',
          4,
          2,
          [
            { currency: 'EUR', amount: 9_000 },
            { currency: 'USD', amount: 10_600 },
          ],
        ],
      ],
    );
    const mine = await crm.analytics.timeseries(f.t.employee.actor, {
      period: 'this_quarter',
      bucket: 'month',
    });
    assert.deepEqual(
      mine.points.map((p) => [p.newLeads, p.dealsWon, p.revenue]),
      [
        [0, 0, []],
        [1, 1, [{ currency: 'USD', amount: 3_000 }]],
        [2, 1, [{ currency: 'USD', amount: 3_600 }]],
      ],
    );
  });

  test('custom ranges and other named periods', async () => {
    const firstDays = await crm.analytics.summary(f.t.owner.actor, { from: '2026-03-01', to: '2026-03-05' });
    assert.equal(firstDays.period.name, 'custom');
    assert.equal(firstDays.leads.new, 3);
    assert.deepEqual(firstDays.revenue, [{ currency: 'USD', incoming: 5_000, refunds: 0, net: 5_000 }]);
    const lastMonth = await crm.analytics.summary(f.t.owner.actor, { period: 'last_month' });
    assert.deepEqual(lastMonth.leads, { new: 2, converted: 0, convertedOfNew: 1, conversionRate: 0.5 });
    assert.deepEqual(lastMonth.deals.won, { count: 1, value: [{ currency: 'USD', amount: 20_000 }] });
    const thisWeek = await crm.analytics.summary(f.t.owner.actor, { period: 'this_week' });
    assert.deepEqual([thisWeek.period.from, thisWeek.period.to], ['2026-03-16', '2026-03-22']);
    assert.deepEqual(thisWeek.leads, { new: 0, converted: 0, convertedOfNew: 0, conversionRate: null });
    assert.deepEqual(thisWeek.revenue, []);
    // Open pipeline and open issues describe now, whatever the period.
    assert.equal(thisWeek.pipeline.totals.length, 2);
    assert.equal(thisWeek.issues.open.total, 4);
    const defaulted = await crm.analytics.summary(f.t.owner.actor, {});
    assert.equal(defaulted.period.name, 'this_month');
  });

  test("the organization's time zone decides where the period starts", async () => {
    const t = await createTenant(db(), { settings: { timezone: 'Asia/Tokyo' } });
    const lead = async (name: string, iso: string) => {
      current = new Date(iso);
      await crm.leads.create(t.owner.actor, { name });
      current = NOW;
    };
    await lead('before Tokyo March', '2026-02-28T14:59:59.999Z');
    await lead('Tokyo March 1st, 00:00', '2026-02-28T15:00:00.000Z');
    await lead('Tokyo April 1st', '2026-03-31T15:00:00.000Z');
    const s = await crm.analytics.summary(t.owner.actor, { period: 'this_month' });
    assert.equal(s.period.start, '2026-02-28T15:00:00.000Z');
    assert.equal(s.leads.new, 1);
  });

  test('through REST: customers are refused, employees and owners answered, bad periods are 400', async () => {
    const { owner, employee, customer } = f.t;
    for (const path of ['summary', 'timeseries']) {
      const refused = await api.call('GET', `/api/v1/analytics/${path}`, { token: customer.token });
      assert.equal(refused.status, 403, path);
      assert.match(refused.body.error.message, /Your role \(customer\) cannot read analytics/);
    }
    const mine = await api.call('GET', '/api/v1/analytics/summary?period=this_month', {
      token: employee.token,
    });
    assert.equal(mine.status, 200);
    assert.equal(mine.body.scope, 'assigned');
    assert.equal(mine.body.leads.new, 2);
    const series = await api.call(
      'GET',
      '/api/v1/analytics/timeseries?from=2026-03-01&to=2026-03-31&bucket=week',
      {
        token: owner.token,
      },
    );
    assert.equal(series.status, 200);
    assert.equal(series.body.points.length, 6);
    for (const qs of [
      'summary?period=fortnight',
      'summary?from=2026-03-01',
      'summary?period=this_month&from=2026-03-01&to=2026-03-02',
      'summary?from=2026-03-10&to=2026-03-01',
      'summary?from=2026-02-30&to=2026-03-01',
      'summary?limit=5',
      'timeseries?bucket=hour',
      'timeseries?from=2020-01-01&to=2026-01-01&bucket=day',
    ]) {
      const res = await api.call('GET', `/api/v1/analytics/${qs}`, { token: owner.token });
      assert.equal(res.status, 400, `${qs}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(typeof res.body.error.message, 'string');
    }
  });

  test("another organization's owner sees none of these figures", async () => {
    const other = await createTenant(db());
    const s = await crm.analytics.summary(other.owner.actor, { period: 'this_month' });
    assert.deepEqual(s.leads, { new: 0, converted: 0, convertedOfNew: 0, conversionRate: null });
    assert.deepEqual([s.revenue, s.pipeline.stages, s.activities, s.deals.won.value], [[], [], [], []]);
    assert.equal(s.issues.open.total, 0);
  });
});

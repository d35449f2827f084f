import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createCrm } from '../src/crm/index.ts';
import { systemClock } from '../src/domain/time.ts';
import * as resolve from '../src/tools/resolve.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

interface Deal {
  id: number;
  title: string;
  value: number;
  currency: string;
  pipelineId: number;
  stageId: number;
  stageName: string;
  probability: number;
  status: string;
  closeReason: string | null;
  closedAt: string | null;
  customerId: number | null;
  customerName: string | null;
  leadId: number | null;
  assignedTo: number | null;
  priority: string;
  expectedCloseDate: string | null;
  createdAt: string;
  updatedAt: string;
  history: { fromStageName: string | null; toStageName: string; changedBy: number; changedAt: string }[];
}

interface AuditEntry {
  action: string;
  before: Partial<Deal> | null;
  after: Partial<Deal> | null;
  createdAt: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const T0 = Date.parse('2024-03-02T09:00:00.000Z');

onEachDatabase('deals', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;
  /** The app's clock: tests set it so timestamps, ties and date filters are exact. */
  let now = new Date(T0);

  before(async () => {
    api = await startTestApp(db(), { clock: () => now });
    a = await createTenant(db());
    b = await createTenant(db());
  });

  async function call(token: string, method: Method, url: string, body?: unknown) {
    return api.call(method, `/api/v1${url}`, { token, body });
  }

  async function createDeal(token: string, body: Record<string, unknown>): Promise<Deal> {
    const res = await call(token, 'POST', '/deals', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as Deal;
  }

  async function getDeal(t: Tenant, id: number): Promise<Deal> {
    const res = await call(t.owner.token, 'GET', `/deals/${id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as Deal;
  }

  async function auditOf(t: Tenant, id: number): Promise<AuditEntry[]> {
    const res = await call(
      t.owner.token,
      'GET',
      `/audit?entity=deal&entityId=${id}&sort=createdAt&limit=200`,
    );
    assert.equal(res.status, 200);
    return res.body.items as AuditEntry[];
  }

  async function salesPipeline(t: Tenant) {
    const list = await call(t.owner.token, 'GET', '/pipelines');
    return list.body.items.find((p: { name: string }) => p.name === 'Sales') as {
      id: number;
      stages: { id: number; name: string }[];
    };
  }

  /** Every page of a list, following nextCursor to the end. */
  async function allPages(token: string, query: string, limit: number): Promise<Deal[]> {
    const items: Deal[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const url: string = `/deals?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call(token, 'GET', url);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.ok(page.body.items.length <= limit);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('pagination did not end');
  }

  const ids = (items: { id: number }[]) => items.map((d) => d.id);

  test('a new deal lands in the first stage of the default pipeline with its history and audit entry', async () => {
    now = new Date(T0);
    const deal = await createDeal(a.owner.token, { title: 'Website redesign', value: 300_000 });
    const sales = await salesPipeline(a);
    assert.equal(deal.pipelineId, sales.id);
    assert.equal(deal.stageName, 'Lead');
    assert.equal(deal.probability, 10);
    assert.equal(deal.status, 'open');
    assert.equal(deal.currency, 'USD');
    assert.equal(deal.priority, 'medium');
    assert.equal(deal.assignedTo, null);
    assert.equal(deal.closedAt, null);
    assert.equal(deal.createdAt, now.toISOString());
    assert.deepEqual(
      deal.history.map((h) => [h.fromStageName, h.toStageName, h.changedBy]),
      [[null, 'Lead', a.owner.userId]],
    );
    const audit = await auditOf(a, deal.id);
    assert.deepEqual(
      audit.map((e) => e.action),
      ['create'],
    );
    assert.equal(audit[0]!.after!.value, 300_000);
  });

  test('a deal is created in a stage named in any case, with its customer, lead and own probability', async () => {
    const customer = await call(a.owner.token, 'POST', '/customers', { name: 'Globex' });
    const lead = await call(a.owner.token, 'POST', '/leads', { name: 'Hank Scorpio' });
    const deal = await createDeal(a.owner.token, {
      title: 'Globex rollout',
      value: 1_250_050,
      currency: 'eur',
      stage: 'NEGOTIATION',
      probability: 80,
      customerId: customer.body.id,
      leadId: lead.body.id,
      assignedTo: a.employee.userId,
      priority: 'high',
      expectedCloseDate: '2024-04-30',
      notes: 'Board meets in April',
    });
    assert.equal(deal.stageName, 'Negotiation');
    assert.equal(deal.probability, 80);
    assert.equal(deal.currency, 'EUR');
    assert.equal(deal.customerName, 'Globex');
    assert.equal(deal.leadId, lead.body.id);
    assert.equal(deal.assignedTo, a.employee.userId);
    assert.equal(deal.priority, 'high');
    assert.equal(deal.expectedCloseDate, '2024-04-30');
    const byStageId = await createDeal(a.owner.token, {
      title: 'By stage id',
      stage: (await salesPipeline(a)).stages[2]!.id,
    });
    assert.equal(byStageId.stageName, 'Proposal');
    assert.equal(byStageId.probability, 50);
  });

  test('moving a deal between stages, by name in any case or by id, writes history and audit entries', async () => {
    now = new Date(T0);
    const deal = await createDeal(a.owner.token, { title: 'Mover' });
    const sales = await salesPipeline(a);
    const moves: [unknown, string, number][] = [
      ['qualified', 'Qualified', 25],
      [sales.stages[2]!.id, 'Proposal', 50],
      [' negotiation ', 'Negotiation', 75],
      [String(sales.stages[1]!.id), 'Qualified', 25],
    ];
    for (const [i, [stage, name, probability]] of moves.entries()) {
      now = new Date(T0 + (i + 1) * 60_000);
      const res = await call(a.owner.token, 'POST', `/deals/${deal.id}/stage`, { stage });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.stageName, name);
      assert.equal(res.body.probability, probability);
      assert.equal(res.body.status, 'open');
      assert.equal(res.body.updatedAt, now.toISOString());
    }
    // Moving to the stage it is in changes nothing and records nothing.
    const same = await call(a.owner.token, 'POST', `/deals/${deal.id}/stage`, { stage: 'QUALIFIED' });
    assert.equal(same.status, 200);

    const after = await getDeal(a, deal.id);
    assert.deepEqual(
      after.history.map((h) => [h.fromStageName, h.toStageName]),
      [
        [null, 'Lead'],
        ['Lead', 'Qualified'],
        ['Qualified', 'Proposal'],
        ['Proposal', 'Negotiation'],
        ['Negotiation', 'Qualified'],
      ],
    );
    assert.deepEqual(
      after.history.map((h) => h.changedAt),
      [0, 1, 2, 3, 4].map((m) => new Date(T0 + m * 60_000).toISOString()),
    );
    const audit = await auditOf(a, deal.id);
    assert.deepEqual(
      audit.map((e) => e.action),
      ['create', 'move_stage', 'move_stage', 'move_stage', 'move_stage'],
    );
    assert.deepEqual(
      audit.slice(1).map((e) => [e.before!.stageId, e.after!.stageId]),
      [
        [sales.stages[0]!.id, sales.stages[1]!.id],
        [sales.stages[1]!.id, sales.stages[2]!.id],
        [sales.stages[2]!.id, sales.stages[3]!.id],
        [sales.stages[3]!.id, sales.stages[1]!.id],
      ],
    );
  });

  test('a stage that is not in the deal pipeline is refused with the stages listed, and nothing changes', async () => {
    const deal = await createDeal(a.owner.token, { title: 'Stays put' });
    const other = await call(a.owner.token, 'POST', '/pipelines', {
      name: 'Renewals',
      stages: [
        { name: 'Due', probability: 30 },
        { name: 'Renewed', probability: 100, outcome: 'won' },
      ],
    });
    assert.equal(other.status, 201);
    const foreignSales = await salesPipeline(b);
    for (const stage of ['Nowhere', 'Due', other.body.stages[0].id, foreignSales.stages[3]!.id, 0]) {
      const res = await call(a.owner.token, 'POST', `/deals/${deal.id}/stage`, { stage });
      assert.equal(res.status, 400, `stage ${stage}: ${JSON.stringify(res.body)}`);
      if (stage === 'Nowhere') assert.match(res.body.error.message, /Lead, Qualified, Proposal/);
    }
    const after = await getDeal(a, deal.id);
    assert.equal(after.stageName, 'Lead');
    assert.equal(after.history.length, 1);
    assert.deepEqual(
      (await auditOf(a, deal.id)).map((e) => e.action),
      ['create'],
    );
  });

  test('winning and losing set the close date and keep a reason; reopening clears both', async () => {
    now = new Date(T0);
    const deal = await createDeal(a.owner.token, { title: 'Closer', value: 50_000 });
    const url = `/deals/${deal.id}/stage`;

    now = new Date(T0 + 3_600_000);
    const won = await call(a.owner.token, 'POST', url, { stage: 'closed won', reason: 'Best price' });
    assert.equal(won.status, 200);
    assert.equal(won.body.status, 'won');
    assert.equal(won.body.probability, 100);
    assert.equal(won.body.closedAt, now.toISOString());
    assert.equal(won.body.closeReason, 'Best price');
    const wonAt = now.toISOString();

    now = new Date(T0 + 7_200_000);
    const lost = await call(a.owner.token, 'POST', url, { stage: 'Closed Lost' });
    assert.equal(lost.body.status, 'lost');
    assert.equal(lost.body.probability, 0);
    assert.equal(lost.body.closedAt, now.toISOString(), 'a new outcome has a new close date');
    assert.equal(lost.body.closeReason, null, 'the reason for winning does not explain losing');
    const lostAt = now.toISOString();

    // Saying why after the fact records the reason on the closed deal without moving it again.
    now = new Date(T0 + 7_300_000);
    const reason = await call(a.owner.token, 'POST', url, {
      stage: 'closed lost',
      reason: 'Went with a rival',
    });
    assert.equal(reason.status, 200);
    assert.equal(reason.body.closeReason, 'Went with a rival');
    assert.equal(reason.body.closedAt, lostAt);
    assert.notEqual(lostAt, wonAt);

    now = new Date(T0 + 10_800_000);
    const reopened = await call(a.owner.token, 'POST', url, { stage: 'Proposal', reason: 'ignored' });
    assert.equal(reopened.body.status, 'open');
    assert.equal(reopened.body.closedAt, null);
    assert.equal(reopened.body.closeReason, null);
    assert.equal(reopened.body.probability, 50);

    const after = await getDeal(a, deal.id);
    assert.deepEqual(
      after.history.map((h) => h.toStageName),
      ['Lead', 'Closed Won', 'Closed Lost', 'Proposal'],
    );
    const audit = await auditOf(a, deal.id);
    assert.deepEqual(
      audit.map((e) => e.action),
      ['create', 'move_stage', 'move_stage', 'update', 'move_stage'],
    );
    assert.equal(audit[3]!.before!.closeReason, null);
    assert.equal(audit[3]!.after!.closeReason, 'Went with a rival');
  });

  test('a deal created straight into a closed stage is closed at creation', async () => {
    now = new Date(T0);
    const deal = await createDeal(a.owner.token, { title: 'Signed already', stage: 'closed won' });
    assert.equal(deal.status, 'won');
    assert.equal(deal.closedAt, now.toISOString());
    const open = await createDeal(a.owner.token, { title: 'Still open', stage: 'proposal' });
    assert.equal(open.closedAt, null);
  });

  test('an update changes the given fields only, audited before and after; stage changes only by moving', async () => {
    const customer = await call(a.owner.token, 'POST', '/customers', { name: 'Initech' });
    const deal = await createDeal(a.owner.token, { title: 'Printers', value: 1000, priority: 'low' });
    const res = await call(a.owner.token, 'PATCH', `/deals/${deal.id}`, {
      title: 'Printers and fax',
      value: 2500,
      customerId: customer.body.id,
      expectedCloseDate: '2024-05-01',
      assignedTo: 'me',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.title, 'Printers and fax');
    assert.equal(res.body.value, 2500);
    assert.equal(res.body.customerName, 'Initech');
    assert.equal(res.body.assignedTo, a.owner.userId);
    assert.equal(res.body.priority, 'low');
    assert.equal(res.body.stageName, 'Lead');
    const audit = await auditOf(a, deal.id);
    assert.equal(audit.at(-1)!.action, 'update');
    assert.equal(audit.at(-1)!.before!.value, 1000);
    assert.equal(audit.at(-1)!.after!.value, 2500);

    for (const body of [{ stage: 'Proposal' }, { pipelineId: deal.pipelineId }, { status: 'won' }]) {
      const refused = await call(a.owner.token, 'PATCH', `/deals/${deal.id}`, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
    }
    assert.equal((await getDeal(a, deal.id)).stageName, 'Lead');
  });

  test('lists filter by status, stage, pipeline, priority, assignee, customer, value and dates', async () => {
    const t = await createTenant(db());
    const o = t.owner.token;
    const customer = await call(o, 'POST', '/customers', { name: 'Filter Co' });
    const day = (d: string) => new Date(`${d}T12:00:00.000Z`);
    const make = async (when: string, body: Record<string, unknown>, token = o) => {
      now = day(when);
      return createDeal(token, body);
    };
    const d1 = await make('2024-01-05', { title: 'Alpha small', value: 100, priority: 'low' });
    const d2 = await make('2024-01-20', {
      title: 'Alpha big',
      value: 90_000,
      stage: 'negotiation',
      customerId: customer.body.id,
      expectedCloseDate: '2024-02-10',
    });
    const d3 = await make(
      '2024-02-01',
      { title: 'Beta', value: 5_000, expectedCloseDate: '2024-03-15' },
      t.employee.token,
    );
    const d4 = await make('2024-02-14', {
      title: 'Gamma',
      value: 5_000,
      stage: 'closed won',
      priority: 'urgent',
    });
    const d5 = await make(
      '2024-03-01',
      { title: 'Delta', value: 40_000, stage: 'closed lost' },
      t.colleague.token,
    );
    const renewals = await call(o, 'POST', '/pipelines', {
      name: 'Renewals',
      stages: [
        { name: 'Negotiation', probability: 60 },
        { name: 'Done', probability: 100, outcome: 'won' },
      ],
    });
    const d6 = await make('2024-03-02', { title: 'Renewal', value: 7_000, pipelineId: renewals.body.id });

    const listed = async (query: string, token = o) => {
      const res = await call(token, 'GET', `/deals?${query}&sort=createdAt`);
      assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
      return ids(res.body.items);
    };
    const cases: [string, Deal[]][] = [
      ['status=open', [d1, d2, d3, d6]],
      ['status=won', [d4]],
      ['status=lost', [d5]],
      ['stage=Negotiation', [d2, d6]],
      ['stage=NEGOTIATION', [d2, d6]],
      [`stage=negotiation&pipelineId=${renewals.body.id}`, [d6]],
      [`stage=${d2.stageId}`, [d2]],
      [`pipelineId=${renewals.body.id}`, [d6]],
      ['priority=urgent', [d4]],
      ['priority=low', [d1]],
      [`assignedTo=${t.employee.userId}`, [d3]],
      [`customerId=${customer.body.id}`, [d2]],
      ['minValue=5000', [d2, d3, d4, d5, d6]],
      ['maxValue=5000', [d1, d3, d4]],
      ['minValue=5000&maxValue=7000', [d3, d4, d6]],
      ['createdFrom=2024-01-20&createdTo=2024-02-14', [d2, d3, d4]],
      ['createdTo=2024-01-05', [d1]],
      ['createdFrom=2024-03-02', [d6]],
      ['expectedCloseFrom=2024-02-10', [d2, d3]],
      ['expectedCloseTo=2024-02-28', [d2]],
      ['q=alpha', [d1, d2]],
      ['q=ALPHA%20B', [d2]],
      ['q=zzz', []],
      ['status=open&minValue=6000', [d2, d6]],
    ];
    for (const [query, expected] of cases) {
      assert.deepEqual(await listed(query), ids(expected), query);
    }
    assert.deepEqual(await listed('assignedTo=me', t.employee.token), [d3.id]);
    assert.deepEqual(await listed('assignedTo=me', t.colleague.token), [d5.id]);
    assert.deepEqual(await listed('assignedTo=me'), []);
  });

  test('lists sort by value, title, creation and update time in both directions', async () => {
    const t = await createTenant(db());
    const o = t.owner.token;
    const made: Deal[] = [];
    for (const [i, [title, value]] of (
      [
        ['Charlie', 300],
        ['alpha', 100],
        ['Bravo', 200],
      ] as const
    ).entries()) {
      now = new Date(T0 + i * 1000);
      made.push(await createDeal(o, { title, value }));
    }
    now = new Date(T0 + 10_000);
    await call(o, 'PATCH', `/deals/${made[0]!.id}`, { notes: 'touched last' });
    const [charlie, alpha, bravo] = made;
    const cases: [string, Deal[]][] = [
      ['value', [alpha!, bravo!, charlie!]],
      ['-value', [charlie!, bravo!, alpha!]],
      ['title', [alpha!, bravo!, charlie!]],
      ['-title', [charlie!, bravo!, alpha!]],
      ['createdAt', [charlie!, alpha!, bravo!]],
      ['-createdAt', [bravo!, alpha!, charlie!]],
      ['-updatedAt', [charlie!, bravo!, alpha!]],
    ];
    for (const [sort, expected] of cases) {
      const res = await call(o, 'GET', `/deals?sort=${sort}`);
      assert.deepEqual(ids(res.body.items), ids(expected), sort);
    }
    const byDefault = await call(o, 'GET', '/deals');
    assert.deepEqual(ids(byDefault.body.items), ids([bravo!, alpha!, charlie!]), 'newest first by default');
  });

  test('paging through every sort returns each deal exactly once, in order, even when sort values tie', async () => {
    const t = await createTenant(db());
    const o = t.owner.token;
    // One instant for all: every createdAt ties, values fall in three groups, titles repeat.
    now = new Date(T0);
    const made: Deal[] = [];
    for (let i = 0; i < 23; i++) {
      made.push(await createDeal(o, { title: `Tied ${i % 4}`, value: (i % 3) * 100 }));
    }
    const byId = [...made].sort((x, y) => x.id - y.id);
    const sorted = (key: (d: Deal) => string | number, desc: boolean) =>
      [...byId].sort((x, y) => {
        const kx = key(x);
        const ky = key(y);
        const c = kx < ky ? -1 : kx > ky ? 1 : x.id - y.id;
        return desc ? -c : c;
      });
    const cases: [string, Deal[]][] = [
      ['value', sorted((d) => d.value, false)],
      ['-value', sorted((d) => d.value, true)],
      ['title', sorted((d) => d.title.toLowerCase(), false)],
      ['-title', sorted((d) => d.title.toLowerCase(), true)],
      ['createdAt', sorted((d) => d.createdAt, false)],
      ['-createdAt', sorted((d) => d.createdAt, true)],
      ['updatedAt', sorted((d) => d.updatedAt, false)],
    ];
    for (const [sort, expected] of cases) {
      for (const limit of [1, 4, 7, 23, 50]) {
        const seen = await allPages(o, `sort=${sort}`, limit);
        assert.deepEqual(ids(seen), ids(expected), `sort=${sort} limit=${limit}`);
      }
    }
    // A filter narrows every page, not just the first.
    const hundreds = await allPages(o, 'sort=-value&minValue=100&maxValue=100', 3);
    assert.deepEqual(ids(hundreds), ids(sorted((d) => d.value, true).filter((d) => d.value === 100)));
  });

  test('a cursor is bound to its sort order', async () => {
    const first = await call(a.owner.token, 'GET', '/deals?sort=value&limit=1');
    assert.ok(first.body.nextCursor);
    const other = await call(a.owner.token, 'GET', `/deals?sort=title&cursor=${first.body.nextCursor}`);
    assert.equal(other.status, 400);
  });

  test('an employee creates deals assigned to themself and changes only those', async () => {
    const mine = await createDeal(a.employee.token, { title: 'Employee deal' });
    assert.equal(mine.assignedTo, a.employee.userId);
    const theirs = await createDeal(a.colleague.token, { title: 'Colleague deal', value: 10 });
    assert.equal(theirs.assignedTo, a.colleague.userId);

    const ok = await call(a.employee.token, 'PATCH', `/deals/${mine.id}`, { value: 99 });
    assert.equal(ok.status, 200);
    const moved = await call(a.employee.token, 'POST', `/deals/${mine.id}/stage`, { stage: 'proposal' });
    assert.equal(moved.status, 200);

    // Employees read every deal, but changing a colleague's is refused.
    assert.equal((await call(a.employee.token, 'GET', `/deals/${theirs.id}`)).status, 200);
    const refused: [Method, string, unknown][] = [
      ['PATCH', `/deals/${theirs.id}`, { value: 1 }],
      ['PATCH', `/deals/${theirs.id}`, { assignedTo: 'me' }],
      ['POST', `/deals/${theirs.id}/stage`, { stage: 'closed lost', reason: 'sabotage' }],
    ];
    for (const [method, url, body] of refused) {
      const res = await call(a.employee.token, method, url, body);
      assert.equal(res.status, 403, `${method} ${url}`);
      assert.match(res.body.error.message, /assigned to you/);
    }
    // Deleting is for owners only, even one's own deal.
    for (const id of [mine.id, theirs.id]) {
      const res = await call(a.employee.token, 'DELETE', `/deals/${id}`);
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
    }
    const untouched = await getDeal(a, theirs.id);
    assert.equal(untouched.value, 10);
    assert.equal(untouched.assignedTo, a.colleague.userId);
    assert.equal(untouched.stageName, 'Lead');
    assert.equal(untouched.history.length, 1);
    assert.deepEqual(
      (await auditOf(a, theirs.id)).map((e) => e.action),
      ['create'],
    );
    assert.equal((await getDeal(a, mine.id)).value, 99);
  });

  test('an employee hands a deal to a colleague and then can no longer change it', async () => {
    const deal = await createDeal(a.employee.token, { title: 'Hand-off' });
    const handed = await call(a.employee.token, 'PATCH', `/deals/${deal.id}`, {
      assignedTo: a.colleague.userId,
    });
    assert.equal(handed.status, 200);
    assert.equal(handed.body.assignedTo, a.colleague.userId);
    const res = await call(a.employee.token, 'PATCH', `/deals/${deal.id}`, { title: 'Take it back' });
    assert.equal(res.status, 403);
    // Only staff can be responsible for a deal.
    const toCustomer = await call(a.colleague.token, 'PATCH', `/deals/${deal.id}`, {
      assignedTo: a.customer.userId,
    });
    assert.equal(toCustomer.status, 400);
  });

  test('the owner deletes a deal, audited; a lead converted into it forgets it', async () => {
    const lead = await call(a.owner.token, 'POST', '/leads', { name: 'Soon deleted' });
    const converted = await call(a.owner.token, 'POST', `/leads/${lead.body.id}/convert`, {
      createDeal: true,
    });
    assert.equal(converted.status, 200, JSON.stringify(converted.body));
    const dealId = converted.body.deal.id;
    assert.equal((await call(a.owner.token, 'DELETE', `/deals/${dealId}`)).status, 204);
    assert.equal((await call(a.owner.token, 'GET', `/deals/${dealId}`)).status, 404);
    assert.equal((await call(a.owner.token, 'DELETE', `/deals/${dealId}`)).status, 404);
    const leadAfter = await call(a.owner.token, 'GET', `/leads/${lead.body.id}`);
    assert.equal(leadAfter.body.convertedDealId, null);
    const audit = await auditOf(a, dealId);
    assert.deepEqual(
      audit.map((e) => e.action),
      ['create', 'delete'],
    );
    assert.equal(audit[1]!.before!.id, dealId);
  });

  test('customers have no access to deals at all', async () => {
    const deal = await createDeal(a.owner.token, { title: 'Secret', customerId: a.customerRecordId });
    const attempts: [Method, string, unknown][] = [
      ['GET', '/deals', undefined],
      ['GET', `/deals?customerId=${a.customerRecordId}`, undefined],
      ['GET', `/deals/${deal.id}`, undefined],
      ['POST', '/deals', { title: 'From the portal' }],
      ['PATCH', `/deals/${deal.id}`, { value: 1 }],
      ['POST', `/deals/${deal.id}/stage`, { stage: 'closed lost' }],
      ['DELETE', `/deals/${deal.id}`, undefined],
    ];
    for (const [method, url, body] of attempts) {
      const res = await call(a.customer.token, method, url, body);
      assert.equal(res.status, 403, `${method} ${url}`);
      assert.equal(res.body.error.code, 'forbidden');
      assert.match(res.body.error.message, /deals/);
    }
    const after = await getDeal(a, deal.id);
    assert.equal(after.stageName, 'Lead');
    const list = await call(a.owner.token, 'GET', '/deals?q=from%20the%20portal');
    assert.equal(list.body.items.length, 0);
  });

  test('with visibility "assigned" employees neither see nor touch colleagues\' deals', async () => {
    const t = await createTenant(db(), { settings: { employeeVisibility: 'assigned' } });
    const own = await createDeal(t.employee.token, { title: 'Own deal' });
    const foreign = await createDeal(t.colleague.token, { title: 'Colleague deal' });
    const unassigned = await createDeal(t.owner.token, { title: 'Nobody deal' });

    const seen = await call(t.employee.token, 'GET', '/deals?limit=200');
    assert.deepEqual(ids(seen.body.items), [own.id]);
    for (const query of ['q=colleague', `assignedTo=${t.colleague.userId}`, 'stage=lead']) {
      const res = await call(t.employee.token, 'GET', `/deals?${query}`);
      assert.ok(!ids(res.body.items).includes(foreign.id), query);
    }
    for (const id of [foreign.id, unassigned.id]) {
      for (const [method, url, body] of [
        ['GET', `/deals/${id}`, undefined],
        ['PATCH', `/deals/${id}`, { title: 'x' }],
        ['POST', `/deals/${id}/stage`, { stage: 'proposal' }],
        ['DELETE', `/deals/${id}`, undefined],
      ] as [Method, string, unknown][]) {
        const res = await call(t.employee.token, method, url, body);
        assert.equal(res.status, 404, `${method} ${url}`);
        assert.equal(res.body.error.code, 'not_found');
      }
    }
    // Nor can a deal be tied to a customer the employee cannot see.
    const hidden = await call(t.owner.token, 'POST', '/customers', { name: 'Hidden customer' });
    const res = await call(t.employee.token, 'POST', '/deals', {
      title: 'Sneaky',
      customerId: hidden.body.id,
    });
    assert.equal(res.status, 404);
    const ownerView = await call(t.owner.token, 'GET', '/deals?limit=200');
    assert.equal(ownerView.body.items.length, 3);
    // The service enforces the same for every caller, not only over HTTP.
    const crm = createCrm({ db: db(), clock: () => now });
    await assert.rejects(crm.deals.get(t.employee.actor, foreign.id), { code: 'not_found' });
    await assert.rejects(
      resolve.deal({ crm: crm, actor: t.employee.actor, clock: systemClock }, 'Colleague deal'),
      { code: 'not_found' },
    );
    assert.equal(
      (await resolve.deal({ crm: crm, actor: t.employee.actor, clock: systemClock }, 'own')).id,
      own.id,
    );
  });

  test("another organization's deals are not found on any route", async () => {
    const foreign = await createDeal(b.owner.token, { title: 'Foreign deal', value: 77 });
    const routes: [Method, string, unknown][] = [
      ['GET', `/deals/${foreign.id}`, undefined],
      ['PATCH', `/deals/${foreign.id}`, { title: 'Stolen' }],
      ['POST', `/deals/${foreign.id}/stage`, { stage: 'closed lost' }],
      ['DELETE', `/deals/${foreign.id}`, undefined],
    ];
    for (const token of [a.owner.token, a.employee.token]) {
      for (const [method, url, body] of routes) {
        const res = await call(token, method, url, body);
        assert.equal(res.status, 404, `${method} ${url}`);
        assert.equal(res.body.error.code, 'not_found');
      }
      const list = await call(token, 'GET', '/deals?q=foreign&limit=200');
      assert.deepEqual(list.body.items, []);
    }
    const crm = createCrm({ db: db(), clock: () => now });
    await assert.rejects(
      resolve.deal({ crm: crm, actor: a.owner.actor, clock: systemClock }, `#${foreign.id}`),
      { code: 'not_found' },
    );
    await assert.rejects(
      resolve.deal({ crm: crm, actor: a.owner.actor, clock: systemClock }, 'Foreign deal'),
      { code: 'not_found' },
    );
    await assert.rejects(
      resolve.deal({ crm: crm, actor: a.owner.actor, clock: systemClock }, '#99999999999'),
      { code: 'not_found' },
    );
    const untouched = await getDeal(b, foreign.id);
    assert.equal(untouched.title, 'Foreign deal');
    assert.equal(untouched.stageName, 'Lead');
  });

  test("a deal never references another organization's customer, lead, pipeline or stage", async () => {
    const customer = await call(b.owner.token, 'POST', '/customers', { name: 'Their customer' });
    const lead = await call(b.owner.token, 'POST', '/leads', { name: 'Their lead' });
    const theirs = await salesPipeline(b);
    const attempts: [Record<string, unknown>, number][] = [
      [{ customerId: customer.body.id }, 404],
      [{ leadId: lead.body.id }, 404],
      [{ pipelineId: theirs.id }, 404],
      [{ pipelineId: theirs.id, stage: 'negotiation' }, 404],
      [{ stage: theirs.stages[3]!.id }, 400],
    ];
    for (const [fields, status] of attempts) {
      const res = await call(a.owner.token, 'POST', '/deals', { title: 'Cross-org', ...fields });
      assert.equal(res.status, status, JSON.stringify(fields));
    }
    const list = await call(a.owner.token, 'GET', '/deals?q=cross-org');
    assert.deepEqual(list.body.items, []);
    assert.deepEqual((await call(b.owner.token, 'GET', '/deals?q=cross-org')).body.items, []);

    const own = await createDeal(a.owner.token, { title: 'Own deal' });
    for (const body of [{ customerId: customer.body.id }, { leadId: lead.body.id }]) {
      const res = await call(a.owner.token, 'PATCH', `/deals/${own.id}`, body);
      assert.equal(res.status, 404, JSON.stringify(body));
    }
    const after = await getDeal(a, own.id);
    assert.equal(after.customerId, null);
    assert.equal(after.leadId, null);
    // Filters with their ids find nothing and reveal nothing.
    const byCustomer = await call(a.owner.token, 'GET', `/deals?customerId=${customer.body.id}`);
    assert.deepEqual(byCustomer.body.items, []);
    const byStage = await call(a.owner.token, 'GET', `/deals?stage=${theirs.stages[0]!.id}`);
    assert.equal(byStage.status, 400);
    assert.doesNotMatch(JSON.stringify(byStage.body), /Their/);
    const byPipeline = await call(a.owner.token, 'GET', `/deals?pipelineId=${theirs.id}`);
    assert.deepEqual(byPipeline.body.items, []);
  });

  test('bad input is a clear 400, never a 500', async () => {
    const deal = await createDeal(a.owner.token, { title: 'Target' });
    const cases: [Method, string, unknown][] = [
      ['POST', '/deals', {}],
      ['POST', '/deals', { title: '   ' }],
      ['POST', '/deals', { title: 42 }],
      ['POST', '/deals', { title: 'x'.repeat(201) }],
      ['POST', '/deals', { title: 'ok', value: 10.5 }],
      ['POST', '/deals', { title: 'ok', value: -1 }],
      ['POST', '/deals', { title: 'ok', value: '3000' }],
      ['POST', '/deals', { title: 'ok', value: 1e14 }],
      ['POST', '/deals', { title: 'ok', currency: 'dollars' }],
      ['POST', '/deals', { title: 'ok', probability: 101 }],
      ['POST', '/deals', { title: 'ok', priority: 'asap' }],
      ['POST', '/deals', { title: 'ok', expectedCloseDate: '2024-02-30' }],
      ['POST', '/deals', { title: 'ok', expectedCloseDate: 'next week' }],
      ['POST', '/deals', { title: 'ok', stage: 'No such stage' }],
      ['POST', '/deals', { title: 'ok', stage: '' }],
      ['POST', '/deals', { title: 'ok', customerId: 'abc' }],
      ['POST', '/deals', { title: 'ok', customerId: 99_999_999_999 }],
      ['POST', '/deals', { title: 'ok', assignedTo: 99_999 }],
      ['POST', '/deals', { title: 'ok', assignedTo: a.customer.userId }],
      ['POST', '/deals', { title: 'ok', status: 'won' }],
      ['POST', '/deals', '{"title": '],
      ['PATCH', `/deals/${deal.id}`, { value: null }],
      ['PATCH', `/deals/${deal.id}`, { title: '' }],
      ['PATCH', `/deals/${deal.id}`, { sneaky: 1 }],
      ['POST', `/deals/${deal.id}/stage`, {}],
      ['POST', `/deals/${deal.id}/stage`, { stage: 'proposal', reason: 'x'.repeat(1001) }],
      ['POST', `/deals/${deal.id}/stage`, { stage: { id: 1 } }],
      ['POST', `/deals/${deal.id}/stage`, { stage: 99_999_999_999 }],
      ['GET', '/deals?limit=0', undefined],
      ['GET', '/deals?limit=100000', undefined],
      ['GET', '/deals?sort=password', undefined],
      ['GET', '/deals?cursor=garbage', undefined],
      ['GET', '/deals?status=maybe', undefined],
      ['GET', '/deals?stage=nowhere', undefined],
      ['GET', '/deals?stage=99999999999', undefined],
      ['GET', `/deals?stage=${'9'.repeat(100)}`, undefined],
      ['GET', '/deals?minValue=1.5', undefined],
      ['GET', '/deals?minValue=-1', undefined],
      ['GET', '/deals?maxValue=lots', undefined],
      ['GET', '/deals?createdFrom=2024-13-01', undefined],
      ['GET', '/deals?expectedCloseTo=tomorrow', undefined],
      ['GET', '/deals?assignedTo=someone', undefined],
      ['GET', '/deals?customerId=0', undefined],
      ['GET', '/deals?color=red', undefined],
      ['GET', '/deals/abc', undefined],
      ['GET', '/deals/99999999999', undefined],
    ];
    for (const [method, url, body] of cases) {
      const res = await api.call(method, `/api/v1${url}`, {
        token: a.owner.token,
        body,
        ...(typeof body === 'string' ? { headers: { 'content-type': 'application/json' } } : {}),
      });
      assert.equal(
        res.status,
        400,
        `${method} ${url} ${JSON.stringify(body)?.slice(0, 60)} -> ${res.status}`,
      );
      // A body that is not JSON at all fails before validation, as a bad request.
      assert.equal(res.body.error.code, typeof body === 'string' ? 'bad_request' : 'validation_failed');
      assert.equal(typeof res.body.error.message, 'string');
    }
    const after = await getDeal(a, deal.id);
    assert.equal(after.title, 'Target');
    assert.equal(after.history.length, 1);
  });

  test('requests without credentials are 401', async () => {
    assert.equal((await api.call('GET', '/api/v1/deals')).status, 401);
    assert.equal((await api.call('POST', '/api/v1/deals', { body: { title: 'x' } })).status, 401);
  });
});

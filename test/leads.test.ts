import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createCrm } from '../src/crm/index.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

interface Lead {
  id: number;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  source: string;
  sourceLabel: string | null;
  status: string;
  score: number;
  estimatedValue: number | null;
  currency: string;
  notes: string | null;
  assignedTo: number | null;
  convertedCustomerId: number | null;
  convertedDealId: number | null;
  convertedAt: string | null;
  createdAt: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const T0 = Date.parse('2024-03-02T09:00:00.000Z');

onEachDatabase('leads', ({ db }) => {
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

  async function createLead(token: string, body: Record<string, unknown>): Promise<Lead> {
    const res = await call(token, 'POST', '/leads', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as Lead;
  }

  async function getLead(t: Tenant, id: number): Promise<Lead> {
    const res = await call(t.owner.token, 'GET', `/leads/${id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as Lead;
  }

  async function auditOf(t: Tenant, entity: string, id: number) {
    const res = await call(
      t.owner.token,
      'GET',
      `/audit?entity=${entity}&entityId=${id}&sort=createdAt&limit=200`,
    );
    assert.equal(res.status, 200);
    return res.body.items as { action: string; before: any; after: any }[];
  }

  async function customersNamed(t: Tenant, name: string) {
    const res = await call(t.owner.token, 'GET', `/customers?q=${encodeURIComponent(name)}&limit=200`);
    return (res.body.items as { id: number; name: string }[]).filter((c) => c.name === name);
  }

  const ids = (items: { id: number }[]) => items.map((x) => x.id);

  test('an owner creates, updates and deletes a lead, each audited', async () => {
    now = new Date(T0);
    const lead = await createLead(a.owner.token, {
      name: 'Ada Lovelace',
      company: 'Analytical Engines',
      email: 'Ada@Engines.test',
      phone: '+44 20 0000',
      source: 'LinkedIn',
      score: 70,
      estimatedValue: 1_500_000,
      notes: 'Met at the expo',
    });
    assert.equal(lead.email, 'ada@engines.test');
    assert.equal(lead.source, 'linkedin');
    assert.equal(lead.sourceLabel, null);
    assert.equal(lead.status, 'new');
    assert.equal(lead.currency, 'USD');
    assert.equal(lead.assignedTo, null);
    assert.equal(lead.createdAt, now.toISOString());

    const defaults = await createLead(a.owner.token, { name: 'Bare' });
    assert.equal(defaults.source, 'other');
    assert.equal(defaults.score, 0);
    assert.equal(defaults.estimatedValue, null);

    now = new Date(T0 + 60_000);
    const patched = await call(a.owner.token, 'PATCH', `/leads/${lead.id}`, {
      status: 'qualified',
      score: 85,
      company: '',
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.status, 'qualified');
    assert.equal(patched.body.score, 85);
    assert.equal(patched.body.company, null);
    assert.equal(patched.body.email, 'ada@engines.test', 'fields left out stay as they were');

    assert.equal((await call(a.owner.token, 'DELETE', `/leads/${lead.id}`)).status, 204);
    assert.equal((await call(a.owner.token, 'GET', `/leads/${lead.id}`)).status, 404);
    const audit = await auditOf(a, 'lead', lead.id);
    assert.deepEqual(
      audit.map((e) => e.action),
      ['create', 'update', 'delete'],
    );
    assert.equal(audit[1]!.before.score, 70);
    assert.equal(audit[1]!.after.score, 85);
  });

  test('lead sources are normalised to known channels; an unknown label is kept beside "other"', async () => {
    const cases: [string | null, string, string | null][] = [
      ['Facebook', 'facebook', null],
      ['FB', 'facebook', null],
      ['facebook ads', 'facebook', null],
      ['  FACEBOOK   Ads ', 'facebook', null],
      ['linkedin', 'linkedin', null],
      ['Web form', 'website', null],
      ['website', 'website', null],
      ['Word of mouth', 'referral', null],
      ['E-mail', 'email', null],
      ['Cold calling', 'cold_call', null],
      ['cold_call', 'cold_call', null],
      ['Trade show', 'event', null],
      ['Reseller', 'partner', null],
      ['Other', 'other', null],
      ['TikTok', 'other', 'TikTok'],
      ['  Radio   ad ', 'other', 'Radio ad'],
      ['', 'other', null],
      [null, 'other', null],
    ];
    const crm = createCrm({ db: db(), clock: () => now });
    for (const [source, channel, label] of cases) {
      // Over HTTP the body is parsed twice (route, then service); the label must survive both.
      const viaHttp = await createLead(a.owner.token, { name: `Source ${source}`, source });
      assert.deepEqual([viaHttp.source, viaHttp.sourceLabel], [channel, label], `HTTP ${source}`);
      const direct = await crm.leads.create(a.owner.actor, { name: `Direct ${source}`, source });
      assert.deepEqual([direct.source, direct.sourceLabel], [channel, label], `service ${source}`);
    }
    const relabelled = await createLead(a.owner.token, { name: 'Relabelled', source: 'Podcast' });
    const toKnown = await call(a.owner.token, 'PATCH', `/leads/${relabelled.id}`, { source: 'fb' });
    assert.deepEqual([toKnown.body.source, toKnown.body.sourceLabel], ['facebook', null]);
    const toUnknown = await call(a.owner.token, 'PATCH', `/leads/${relabelled.id}`, { source: 'Billboard' });
    assert.deepEqual([toUnknown.body.source, toUnknown.body.sourceLabel], ['other', 'Billboard']);
    const untouched = await call(a.owner.token, 'PATCH', `/leads/${relabelled.id}`, { score: 5 });
    assert.deepEqual([untouched.body.source, untouched.body.sourceLabel], ['other', 'Billboard']);
  });

  test('a source named like a property every object has is an unknown label, not a 500', async () => {
    for (const source of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const lead = await createLead(a.owner.token, { name: `Odd source ${source}`, source });
      assert.deepEqual([lead.source, lead.sourceLabel], ['other', source], source);
      const found = await call(a.owner.token, 'GET', `/leads?source=${source}`);
      assert.equal(found.status, 200, `${source}: ${JSON.stringify(found.body)}`);
      assert.deepEqual(ids(found.body.items), [lead.id], source);
    }
  });

  test('lists filter by status, source, assignee, score, value and creation date', async () => {
    const t = await createTenant(db());
    const o = t.owner.token;
    const at = async (day: string, token: string, body: Record<string, unknown>) => {
      now = new Date(`${day}T08:30:00.000Z`);
      return createLead(token, body);
    };
    const l1 = await at('2024-01-10', o, {
      name: 'Carla Facebook',
      email: 'carla@fb.test',
      source: 'Facebook',
      score: 20,
      estimatedValue: 1000,
    });
    const l2 = await at('2024-01-25', t.employee.token, {
      name: 'Dan Referral',
      source: 'referral',
      score: 60,
      status: 'contacted',
      estimatedValue: 50_000,
    });
    const l3 = await at('2024-02-05', o, {
      name: 'Eve TikTok',
      source: 'TikTok',
      score: 90,
      status: 'qualified',
    });
    const l4 = await at('2024-02-28', t.colleague.token, {
      name: 'Finn Ads',
      source: 'fb',
      score: 60,
      estimatedValue: 20_000,
      status: 'unqualified',
    });
    const l5 = await at('2024-03-01', o, { name: 'Gus Radio', source: 'Radio', email: 'gus@radio.test' });

    const listed = async (query: string, token = o) => {
      const res = await call(token, 'GET', `/leads?${query}&sort=createdAt`);
      assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
      return ids(res.body.items);
    };
    const cases: [string, Lead[]][] = [
      ['status=new', [l1, l5]],
      ['status=contacted', [l2]],
      ['status=qualified', [l3]],
      ['status=unqualified', [l4]],
      ['source=facebook', [l1, l4]],
      ['source=FB', [l1, l4]],
      ['source=other', [l3, l5]],
      ['source=tiktok', [l3]],
      ['source=radio', [l5]],
      ['source=podcast', []],
      [`assignedTo=${t.employee.userId}`, [l2]],
      ['minScore=60', [l2, l3, l4]],
      ['maxScore=20', [l1, l5]],
      ['minScore=50&maxScore=70', [l2, l4]],
      ['minValue=20000', [l2, l4]],
      ['maxValue=20000', [l1, l4]],
      ['minValue=1000&maxValue=1000', [l1]],
      ['createdFrom=2024-01-25&createdTo=2024-02-28', [l2, l3, l4]],
      ['createdTo=2024-01-10', [l1]],
      ['createdFrom=2024-03-01', [l5]],
      ['q=eve', [l3]],
      ['q=GUS@', [l5]],
      ['q=carla@fb', [l1]],
      ['q=nobody', []],
      ['source=facebook&minScore=50', [l4]],
    ];
    for (const [query, expected] of cases) {
      assert.deepEqual(await listed(query), ids(expected), query);
    }
    assert.deepEqual(await listed('assignedTo=me', t.employee.token), [l2.id]);
    assert.deepEqual(await listed('assignedTo=me', t.colleague.token), [l4.id]);
  });

  test('lists sort by score, name and time, and page through ties without gaps or repeats', async () => {
    const t = await createTenant(db());
    const o = t.owner.token;
    now = new Date(T0);
    const made: Lead[] = [];
    for (let i = 0; i < 19; i++) {
      made.push(await createLead(o, { name: `Same ${i % 3}`, score: (i % 4) * 10 }));
    }
    const byId = [...made].sort((x, y) => x.id - y.id);
    const sorted = (key: (l: Lead) => string | number, desc: boolean) =>
      [...byId].sort((x, y) => {
        const kx = key(x);
        const ky = key(y);
        const c = kx < ky ? -1 : kx > ky ? 1 : x.id - y.id;
        return desc ? -c : c;
      });
    const cases: [string, Lead[]][] = [
      ['score', sorted((l) => l.score, false)],
      ['-score', sorted((l) => l.score, true)],
      ['name', sorted((l) => l.name.toLowerCase(), false)],
      ['-name', sorted((l) => l.name.toLowerCase(), true)],
      ['createdAt', sorted((l) => l.createdAt, false)],
      ['-createdAt', sorted((l) => l.createdAt, true)],
      ['-updatedAt', sorted((l) => l.createdAt, true)],
    ];
    for (const [sort, expected] of cases) {
      for (const limit of [1, 5, 19, 200]) {
        const seen: Lead[] = [];
        let cursor: string | null = null;
        do {
          const url: string = `/leads?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
          const page = await call(o, 'GET', url);
          assert.equal(page.status, 200, JSON.stringify(page.body));
          seen.push(...page.body.items);
          cursor = page.body.nextCursor;
        } while (cursor);
        assert.deepEqual(ids(seen), ids(expected), `sort=${sort} limit=${limit}`);
      }
    }
  });

  test('converting a lead creates its customer in one step and marks the lead converted', async () => {
    now = new Date(T0);
    const lead = await createLead(a.employee.token, {
      name: 'Grace Hopper',
      company: 'Compilers Inc',
      email: 'grace@compilers.test',
      phone: '555-0100',
      source: 'referral',
      estimatedValue: 420_000,
      notes: 'Wants a pilot',
    });
    now = new Date(T0 + 60_000);
    const res = await call(a.employee.token, 'POST', `/leads/${lead.id}/convert`, {});
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { customer, deal } = res.body;
    assert.equal(deal, null, 'no deal unless asked');
    assert.equal(customer.name, 'Grace Hopper');
    assert.equal(customer.kind, 'business');
    assert.equal(customer.companyName, 'Compilers Inc');
    assert.equal(customer.email, 'grace@compilers.test');
    assert.equal(customer.phone, '555-0100');
    assert.equal(customer.source, 'referral');
    assert.equal(customer.notes, 'Wants a pilot');
    assert.equal(customer.assignedTo, a.employee.userId);
    assert.equal(res.body.lead.status, 'converted');
    assert.equal(res.body.lead.convertedCustomerId, customer.id);
    assert.equal(res.body.lead.convertedDealId, null);
    assert.equal(res.body.lead.convertedAt, now.toISOString());

    const stored = await getLead(a, lead.id);
    assert.equal(stored.status, 'converted');
    assert.equal((await call(a.owner.token, 'GET', `/customers/${customer.id}`)).status, 200);
    assert.deepEqual(
      (await auditOf(a, 'lead', lead.id)).map((e) => e.action),
      ['create', 'convert'],
    );
    assert.deepEqual(
      (await auditOf(a, 'customer', customer.id)).map((e) => e.action),
      ['create'],
    );
  });

  test('conversion can also open a deal for the new customer, with overrides', async () => {
    const lead = await createLead(a.owner.token, {
      name: 'Linus',
      company: 'Kernel Co',
      estimatedValue: 99_900,
      currency: 'eur',
      assignedTo: a.colleague.userId,
    });
    const res = await call(a.owner.token, 'POST', `/leads/${lead.id}/convert`, {
      createDeal: true,
      customer: { name: 'Kernel Company', kind: 'business', city: 'Helsinki' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { customer, deal } = res.body;
    assert.equal(customer.name, 'Kernel Company');
    assert.equal(customer.city, 'Helsinki');
    assert.equal(customer.assignedTo, a.colleague.userId);
    assert.equal(deal.title, 'Kernel Co');
    assert.equal(deal.value, 99_900);
    assert.equal(deal.currency, 'EUR');
    assert.equal(deal.customerId, customer.id);
    assert.equal(deal.leadId, lead.id);
    assert.equal(deal.assignedTo, a.colleague.userId);
    assert.equal(deal.status, 'open');
    assert.equal(res.body.lead.convertedDealId, deal.id);
    const shown = await call(a.owner.token, 'GET', `/deals/${deal.id}`);
    assert.equal(shown.body.stageName, 'Lead');
    assert.equal(shown.body.customerName, 'Kernel Company');
    assert.deepEqual(
      shown.body.history.map((h: { toStageName: string }) => h.toStageName),
      ['Lead'],
    );
    assert.deepEqual(
      (await call(a.owner.token, 'GET', `/audit?entity=deal&entityId=${deal.id}`)).body.items.map(
        (e: { action: string }) => e.action,
      ),
      ['create'],
    );

    // A deal title or value implies a deal.
    const second = await createLead(a.owner.token, { name: 'Implied deal' });
    const implied = await call(a.owner.token, 'POST', `/leads/${second.id}/convert`, {
      dealTitle: 'Pilot project',
      dealValue: 12_345,
    });
    assert.equal(implied.body.deal.title, 'Pilot project');
    assert.equal(implied.body.deal.value, 12_345);
    assert.equal(implied.body.customer.kind, 'individual');

    const third = await createLead(a.owner.token, { name: 'Contradiction' });
    const refused = await call(a.owner.token, 'POST', `/leads/${third.id}/convert`, {
      createDeal: false,
      dealTitle: 'Which is it',
    });
    assert.equal(refused.status, 400);
    assert.equal((await getLead(a, third.id)).convertedAt, null);
    assert.deepEqual(await customersNamed(a, 'Contradiction'), []);
  });

  test('a lead converts once: a second conversion is refused and creates nothing', async () => {
    const lead = await createLead(a.owner.token, { name: 'Once Only' });
    const first = await call(a.owner.token, 'POST', `/leads/${lead.id}/convert`, { createDeal: true });
    assert.equal(first.status, 200);
    for (const body of [{}, { createDeal: true }]) {
      const again = await call(a.owner.token, 'POST', `/leads/${lead.id}/convert`, body);
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'conflict');
      assert.match(again.body.error.message, /already converted/);
    }
    assert.equal((await customersNamed(a, 'Once Only')).length, 1);
    const deals = await call(a.owner.token, 'GET', '/deals?q=once%20only');
    assert.equal(deals.body.items.length, 1);
    // Its status stays "converted"; other details may still be corrected.
    const status = await call(a.owner.token, 'PATCH', `/leads/${lead.id}`, { status: 'new' });
    assert.equal(status.status, 409);
    const note = await call(a.owner.token, 'PATCH', `/leads/${lead.id}`, { notes: 'signed' });
    assert.equal(note.status, 200);
    assert.equal(note.body.status, 'converted');
    // "converted" is reached only by converting.
    const fresh = await createLead(a.owner.token, { name: 'Not yet' });
    const shortcut = await call(a.owner.token, 'PATCH', `/leads/${fresh.id}`, { status: 'converted' });
    assert.equal(shortcut.status, 400);
    assert.equal(
      (await call(a.owner.token, 'POST', '/leads', { name: 'x', status: 'converted' })).status,
      400,
    );
  });

  test('two conversions racing each other leave exactly one customer and one deal', async () => {
    const crm = createCrm({ db: db(), clock: () => now });
    const lead = await crm.leads.create(a.owner.actor, { name: 'Raced Lead' });
    const results = await Promise.allSettled([
      crm.leads.convert(a.owner.actor, lead.id, { createDeal: true }),
      crm.leads.convert(a.owner.actor, lead.id, { createDeal: true }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.equal((lost[0] as PromiseRejectedResult).reason.code, 'conflict');
    assert.equal((await customersNamed(a, 'Raced Lead')).length, 1);
    const deals = await crm.deals.list(a.owner.actor, { q: 'raced lead' });
    assert.equal(deals.items.length, 1);
    const audit = await crm.audit.list(a.owner.actor, { entity: 'lead', entityId: lead.id });
    assert.deepEqual(audit.items.map((e) => e.action).sort(), ['convert', 'create']);
  });

  test('an employee creates leads assigned to themself and changes only those', async () => {
    const mine = await createLead(a.employee.token, { name: 'Employee lead' });
    assert.equal(mine.assignedTo, a.employee.userId);
    const theirs = await createLead(a.colleague.token, { name: 'Colleague lead', score: 10 });
    assert.equal((await call(a.employee.token, 'GET', `/leads/${theirs.id}`)).status, 200);
    assert.equal((await call(a.employee.token, 'PATCH', `/leads/${mine.id}`, { score: 50 })).status, 200);

    for (const [method, url, body] of [
      ['PATCH', `/leads/${theirs.id}`, { score: 99 }],
      ['PATCH', `/leads/${theirs.id}`, { assignedTo: 'me' }],
      ['POST', `/leads/${theirs.id}/convert`, { createDeal: true }],
    ] as [Method, string, unknown][]) {
      const res = await call(a.employee.token, method, url, body);
      assert.equal(res.status, 403, `${method} ${url}`);
      assert.match(res.body.error.message, /assigned to you/);
    }
    for (const id of [mine.id, theirs.id]) {
      const res = await call(a.employee.token, 'DELETE', `/leads/${id}`);
      assert.equal(res.status, 403);
    }
    const after = await getLead(a, theirs.id);
    assert.equal(after.score, 10);
    assert.equal(after.assignedTo, a.colleague.userId);
    assert.equal(after.convertedAt, null);
    assert.deepEqual(await customersNamed(a, 'Colleague lead'), []);
    assert.deepEqual(
      (await auditOf(a, 'lead', theirs.id)).map((e) => e.action),
      ['create'],
    );
  });

  test('customers have no access to leads at all', async () => {
    const lead = await createLead(a.owner.token, { name: 'Hidden from portal' });
    for (const [method, url, body] of [
      ['GET', '/leads', undefined],
      ['GET', `/leads/${lead.id}`, undefined],
      ['POST', '/leads', { name: 'Portal lead' }],
      ['PATCH', `/leads/${lead.id}`, { score: 1 }],
      ['POST', `/leads/${lead.id}/convert`, {}],
      ['DELETE', `/leads/${lead.id}`, undefined],
    ] as [Method, string, unknown][]) {
      const res = await call(a.customer.token, method, url, body);
      assert.equal(res.status, 403, `${method} ${url}`);
      assert.equal(res.body.error.code, 'forbidden');
      assert.match(res.body.error.message, /leads/);
    }
    const after = await getLead(a, lead.id);
    assert.equal(after.convertedAt, null);
    assert.equal((await call(a.owner.token, 'GET', '/leads?q=portal%20lead')).body.items.length, 0);
  });

  test('with visibility "assigned" employees neither see nor touch colleagues\' leads', async () => {
    const t = await createTenant(db(), { settings: { employeeVisibility: 'assigned' } });
    const own = await createLead(t.employee.token, { name: 'Own lead' });
    const foreign = await createLead(t.colleague.token, { name: 'Their lead' });
    const seen = await call(t.employee.token, 'GET', '/leads?limit=200');
    assert.deepEqual(ids(seen.body.items), [own.id]);
    const searched = await call(t.employee.token, 'GET', '/leads?q=their');
    assert.deepEqual(searched.body.items, []);
    for (const [method, url, body] of [
      ['GET', `/leads/${foreign.id}`, undefined],
      ['PATCH', `/leads/${foreign.id}`, { score: 1 }],
      ['POST', `/leads/${foreign.id}/convert`, {}],
      ['DELETE', `/leads/${foreign.id}`, undefined],
    ] as [Method, string, unknown][]) {
      const res = await call(t.employee.token, method, url, body);
      assert.equal(res.status, 404, `${method} ${url}`);
    }
    // A deal cannot point at a lead its creator cannot see.
    const deal = await call(t.employee.token, 'POST', '/deals', {
      title: 'From their lead',
      leadId: foreign.id,
    });
    assert.equal(deal.status, 404);
    assert.equal((await call(t.owner.token, 'GET', '/leads?limit=200')).body.items.length, 2);
  });

  test("another organization's leads are not found on any route and cannot be converted", async () => {
    const foreign = await createLead(b.owner.token, { name: 'Foreign lead', score: 3 });
    for (const token of [a.owner.token, a.employee.token]) {
      for (const [method, url, body] of [
        ['GET', `/leads/${foreign.id}`, undefined],
        ['PATCH', `/leads/${foreign.id}`, { score: 100 }],
        ['POST', `/leads/${foreign.id}/convert`, { createDeal: true }],
        ['DELETE', `/leads/${foreign.id}`, undefined],
      ] as [Method, string, unknown][]) {
        const res = await call(token, method, url, body);
        assert.equal(res.status, 404, `${method} ${url}`);
        assert.equal(res.body.error.code, 'not_found');
      }
      assert.deepEqual((await call(token, 'GET', '/leads?q=foreign')).body.items, []);
    }
    const after = await getLead(b, foreign.id);
    assert.equal(after.score, 3);
    assert.equal(after.convertedAt, null);
    assert.deepEqual(await customersNamed(a, 'Foreign lead'), []);
    assert.deepEqual(await customersNamed(b, 'Foreign lead'), []);
  });

  test('assignees must be staff of the organization', async () => {
    for (const assignedTo of [a.customer.userId, b.owner.userId, 999_999]) {
      const res = await call(a.owner.token, 'POST', '/leads', { name: 'Assigned badly', assignedTo });
      assert.equal(res.status, 400, String(assignedTo));
    }
    const lead = await createLead(a.owner.token, { name: 'Reassigned' });
    const res = await call(a.owner.token, 'PATCH', `/leads/${lead.id}`, { assignedTo: b.employee.userId });
    assert.equal(res.status, 400);
    const convert = await call(a.owner.token, 'POST', `/leads/${lead.id}/convert`, {
      customer: { assignedTo: a.customer.userId },
    });
    assert.equal(convert.status, 400);
    assert.equal((await getLead(a, lead.id)).convertedAt, null);
    assert.deepEqual(await customersNamed(a, 'Reassigned'), []);
  });

  test('bad input is a clear 400, never a 500', async () => {
    const lead = await createLead(a.owner.token, { name: 'Target lead' });
    const cases: [Method, string, unknown][] = [
      ['POST', '/leads', {}],
      ['POST', '/leads', { name: '' }],
      ['POST', '/leads', { name: 7 }],
      ['POST', '/leads', { name: 'x'.repeat(201) }],
      ['POST', '/leads', { name: 'ok', score: 101 }],
      ['POST', '/leads', { name: 'ok', score: -1 }],
      ['POST', '/leads', { name: 'ok', score: 5.5 }],
      ['POST', '/leads', { name: 'ok', status: 'hot' }],
      ['POST', '/leads', { name: 'ok', email: 'nope' }],
      ['POST', '/leads', { name: 'ok', estimatedValue: 12.34 }],
      ['POST', '/leads', { name: 'ok', estimatedValue: -5 }],
      ['POST', '/leads', { name: 'ok', currency: 'euros' }],
      ['POST', '/leads', { name: 'ok', source: 'x'.repeat(61) }],
      ['POST', '/leads', { name: 'ok', source: 42 }],
      ['POST', '/leads', { name: 'ok', sourceLabel: 'sneaky' }],
      ['POST', '/leads', { name: 'ok', convertedCustomerId: 1 }],
      ['PATCH', `/leads/${lead.id}`, { score: null }],
      ['PATCH', `/leads/${lead.id}`, { name: '   ' }],
      ['PATCH', `/leads/${lead.id}`, { id: 5 }],
      ['POST', `/leads/${lead.id}/convert`, { createDeal: 'yes' }],
      ['POST', `/leads/${lead.id}/convert`, { dealValue: 1.5 }],
      ['POST', `/leads/${lead.id}/convert`, { customer: { portalUserId: a.customer.userId } }],
      ['POST', `/leads/${lead.id}/convert`, { customer: { email: 'bad' } }],
      ['POST', `/leads/${lead.id}/convert`, { extra: true }],
      ['GET', '/leads?limit=0', undefined],
      ['GET', '/leads?sort=email', undefined],
      ['GET', '/leads?cursor=garbage', undefined],
      ['GET', '/leads?status=hot', undefined],
      ['GET', '/leads?minScore=abc', undefined],
      ['GET', '/leads?maxScore=101', undefined],
      ['GET', '/leads?minValue=-1', undefined],
      ['GET', '/leads?createdTo=yesterday', undefined],
      ['GET', '/leads?source=', undefined],
      ['GET', '/leads?bogus=1', undefined],
      ['GET', '/leads/abc', undefined],
      ['GET', '/leads/99999999999', undefined],
    ];
    for (const [method, url, body] of cases) {
      const res = await call(a.owner.token, method, url, body);
      assert.equal(
        res.status,
        400,
        `${method} ${url} ${JSON.stringify(body)?.slice(0, 60)} -> ${res.status}`,
      );
      assert.equal(res.body.error.code, 'validation_failed');
      assert.equal(typeof res.body.error.message, 'string');
    }
    const after = await getLead(a, lead.id);
    assert.equal(after.name, 'Target lead');
    assert.equal(after.convertedAt, null);
  });

  test('requests without credentials are 401', async () => {
    assert.equal((await api.call('GET', '/api/v1/leads')).status, 401);
    assert.equal((await api.call('POST', '/api/v1/leads', { body: { name: 'x' } })).status, 401);
  });
});

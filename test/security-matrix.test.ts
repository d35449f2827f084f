import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { sql } from 'kysely';
import { apiTokensService } from '../src/crm/api-tokens.ts';
import type { Crm } from '../src/crm/index.ts';
import type { Database } from '../src/db/schema.ts';
import { type Action, type Area, grantFor } from '../src/domain/policy.ts';
import { systemClock } from '../src/domain/time.ts';
import { ERROR_CODE_META } from '../src/mcp/calls.ts';
import { runTool, type ToolName, type ToolOutcome } from '../src/tools/index.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant, type TestUser } from './support/tenants.ts';

/**
 * The role × resource × action matrix, one table of cases driven through the three doors into the CRM: REST,
 * the tool catalogue as the assistant calls it, and MCP over HTTP with the SDK's client. Every case must come
 * out the same on all three: allowed, refused (403 / forbidden) or not found (404 / not_found, which is what
 * another organization's or another customer's record looks like). A call that is not allowed must leave its
 * table and the audit log exactly as they were. test/permissions.test.ts covers the REST-only areas
 * (members, pipelines, settings, audit) cell by cell.
 */

type Outcome = 'allowed' | 'refused' | 'not found';

/** Who the record a case acts on belongs to, seen from the caller. */
type Relation = 'mine' | 'theirs';

interface Ref {
  /** The employee the record is assigned to. */
  assignee: number;
  /** The customer record it belongs to: the caller's own portal record for a customer's "mine". */
  customerId: number;
}

interface Target {
  id: number;
  customerId: number;
}

interface Case {
  area: Area;
  action: Action;
  what: string;
  /** The table a call that is not allowed must leave unchanged. */
  table: keyof Database;
  setup(make: Maker, ref: Ref): Promise<Target>;
  rest(t: Target): { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown };
  tool(t: Target): { name: ToolName; input: Record<string, unknown> };
  /** Creates that point at no record: run only by members of the organization, where they are allowed. */
  standalone?: true;
  /** The record belongs to no customer, so no portal customer ever sees it. */
  unowned?: true;
}

/** Makes records in the organization under test, as its owner. */
type Maker = (path: string, body: Record<string, unknown>) => Promise<number>;

const items = [{ description: 'Matrix item', quantity: 1, unitPrice: 1000 }];

const fresh =
  (path: string, body: (ref: Ref) => Record<string, unknown>) =>
  async (make: Maker, ref: Ref): Promise<Target> => ({
    id: await make(path, body(ref)),
    customerId: ref.customerId,
  });

const customer = fresh('customers', (r) => ({ name: 'Matrix Customer', assignedTo: r.assignee }));
const lead = fresh('leads', (r) => ({ name: 'Matrix Lead', assignedTo: r.assignee }));
const deal = fresh('deals', (r) => ({
  title: 'Matrix Deal',
  customerId: r.customerId,
  assignedTo: r.assignee,
}));
const issue = fresh('issues', (r) => ({
  title: 'Matrix Issue',
  customerId: r.customerId,
  assignedTo: r.assignee,
}));
const order = fresh('orders', (r) => ({ customerId: r.customerId, items, assignedTo: r.assignee }));
const payment = fresh('payments', (r) => ({ customerId: r.customerId, amount: 500, assignedTo: r.assignee }));
const activity = fresh('activities', (r) => ({
  type: 'call',
  subject: 'Matrix call',
  assignedTo: r.assignee,
}));
/** An existing customer record, so a portal customer's own record is the one read. */
const theCustomer = async (_: Maker, ref: Ref): Promise<Target> => ({
  id: ref.customerId,
  customerId: ref.customerId,
});
const nothing = async (_: Maker, ref: Ref): Promise<Target> => ({ id: 0, customerId: ref.customerId });

const CASES: Case[] = [
  {
    area: 'customers',
    action: 'read',
    what: 'read a customer',
    table: 'customers',
    setup: theCustomer,
    rest: (t) => ({ method: 'GET', url: `/api/v1/customers/${t.id}` }),
    tool: (t) => ({ name: 'get_customer', input: { customer: t.id } }),
  },
  {
    area: 'customers',
    action: 'create',
    what: 'create a customer',
    table: 'customers',
    setup: nothing,
    rest: () => ({ method: 'POST', url: '/api/v1/customers', body: { name: 'Matrix New Customer' } }),
    tool: () => ({ name: 'create_customer', input: { name: 'Matrix New Customer' } }),
    standalone: true,
  },
  {
    area: 'customers',
    action: 'update',
    what: 'update a customer',
    table: 'customers',
    setup: customer,
    unowned: true,
    rest: (t) => ({ method: 'PATCH', url: `/api/v1/customers/${t.id}`, body: { notes: 'matrix edit' } }),
    tool: (t) => ({ name: 'update_customer', input: { customer: t.id, notes: 'matrix edit' } }),
  },
  {
    area: 'customers',
    action: 'delete',
    what: 'delete a customer',
    table: 'customers',
    setup: customer,
    unowned: true,
    rest: (t) => ({ method: 'DELETE', url: `/api/v1/customers/${t.id}` }),
    tool: (t) => ({ name: 'delete_record', input: { type: 'customer', record: t.id } }),
  },
  {
    area: 'leads',
    action: 'read',
    what: 'read a lead',
    table: 'leads',
    setup: lead,
    rest: (t) => ({ method: 'GET', url: `/api/v1/leads/${t.id}` }),
    tool: (t) => ({ name: 'get_lead', input: { lead: t.id } }),
  },
  {
    area: 'leads',
    action: 'create',
    what: 'create a lead',
    table: 'leads',
    setup: nothing,
    rest: () => ({ method: 'POST', url: '/api/v1/leads', body: { name: 'Matrix New Lead' } }),
    tool: () => ({ name: 'create_lead', input: { name: 'Matrix New Lead' } }),
    standalone: true,
  },
  {
    area: 'leads',
    action: 'update',
    what: 'update a lead',
    table: 'leads',
    setup: lead,
    rest: (t) => ({ method: 'PATCH', url: `/api/v1/leads/${t.id}`, body: { notes: 'matrix edit' } }),
    tool: (t) => ({ name: 'update_lead', input: { lead: t.id, notes: 'matrix edit' } }),
  },
  {
    area: 'leads',
    action: 'update',
    what: 'convert a lead',
    table: 'leads',
    setup: lead,
    rest: (t) => ({ method: 'POST', url: `/api/v1/leads/${t.id}/convert`, body: {} }),
    tool: (t) => ({ name: 'convert_lead', input: { lead: t.id } }),
  },
  {
    area: 'leads',
    action: 'delete',
    what: 'delete a lead',
    table: 'leads',
    setup: lead,
    rest: (t) => ({ method: 'DELETE', url: `/api/v1/leads/${t.id}` }),
    tool: (t) => ({ name: 'delete_record', input: { type: 'lead', record: t.id } }),
  },
  {
    area: 'deals',
    action: 'read',
    what: 'read a deal',
    table: 'deals',
    setup: deal,
    rest: (t) => ({ method: 'GET', url: `/api/v1/deals/${t.id}` }),
    tool: (t) => ({ name: 'get_deal', input: { deal: t.id } }),
  },
  {
    area: 'deals',
    action: 'create',
    what: "create a deal for the record's customer",
    table: 'deals',
    setup: theCustomer,
    rest: (t) => ({
      method: 'POST',
      url: '/api/v1/deals',
      body: { title: 'Matrix New Deal', customerId: t.id },
    }),
    tool: (t) => ({ name: 'create_deal', input: { title: 'Matrix New Deal', customer: t.id } }),
  },
  {
    area: 'deals',
    action: 'update',
    what: 'update a deal',
    table: 'deals',
    setup: deal,
    rest: (t) => ({ method: 'PATCH', url: `/api/v1/deals/${t.id}`, body: { title: 'Matrix edit' } }),
    tool: (t) => ({ name: 'update_deal', input: { deal: t.id, title: 'Matrix edit' } }),
  },
  {
    area: 'deals',
    action: 'update',
    what: "move a deal's stage",
    table: 'deals',
    setup: deal,
    rest: (t) => ({ method: 'POST', url: `/api/v1/deals/${t.id}/stage`, body: { stage: 'negotiation' } }),
    tool: (t) => ({ name: 'move_deal_stage', input: { deal: t.id, stage: 'negotiation' } }),
  },
  {
    area: 'deals',
    action: 'delete',
    what: 'delete a deal',
    table: 'deals',
    setup: deal,
    rest: (t) => ({ method: 'DELETE', url: `/api/v1/deals/${t.id}` }),
    tool: (t) => ({ name: 'delete_record', input: { type: 'deal', record: t.id } }),
  },
  {
    area: 'issues',
    action: 'read',
    what: 'read an issue',
    table: 'issues',
    setup: issue,
    rest: (t) => ({ method: 'GET', url: `/api/v1/issues/${t.id}` }),
    tool: (t) => ({ name: 'get_issue', input: { issue: t.id } }),
  },
  {
    area: 'issues',
    action: 'create',
    what: "raise an issue for the record's customer",
    table: 'issues',
    setup: theCustomer,
    rest: (t) => ({
      method: 'POST',
      url: '/api/v1/issues',
      body: { title: 'Matrix New Issue', customerId: t.id },
    }),
    tool: (t) => ({ name: 'create_issue', input: { title: 'Matrix New Issue', customer: t.id } }),
  },
  {
    area: 'issues',
    action: 'update',
    what: 'update an issue',
    table: 'issues',
    setup: issue,
    rest: (t) => ({ method: 'PATCH', url: `/api/v1/issues/${t.id}`, body: { priority: 'high' } }),
    tool: (t) => ({ name: 'update_issue', input: { issue: t.id, priority: 'high' } }),
  },
  {
    area: 'issues',
    action: 'comment',
    what: 'comment on an issue',
    table: 'issue_comments',
    setup: issue,
    rest: (t) => ({
      method: 'POST',
      url: `/api/v1/issues/${t.id}/comments`,
      body: { body: 'Matrix comment' },
    }),
    tool: (t) => ({ name: 'comment_on_issue', input: { issue: t.id, comment: 'Matrix comment' } }),
  },
  {
    area: 'issues',
    action: 'delete',
    what: 'delete an issue',
    table: 'issues',
    setup: issue,
    rest: (t) => ({ method: 'DELETE', url: `/api/v1/issues/${t.id}` }),
    tool: (t) => ({ name: 'delete_record', input: { type: 'issue', record: t.id } }),
  },
  {
    area: 'orders',
    action: 'read',
    what: 'read an order',
    table: 'orders',
    setup: order,
    rest: (t) => ({ method: 'GET', url: `/api/v1/orders/${t.id}` }),
    tool: (t) => ({ name: 'get_order', input: { order: t.id } }),
  },
  {
    area: 'orders',
    action: 'create',
    what: "create an order for the record's customer",
    table: 'orders',
    setup: theCustomer,
    rest: (t) => ({ method: 'POST', url: '/api/v1/orders', body: { customerId: t.id, items } }),
    tool: (t) => ({
      name: 'create_order',
      input: { customer: t.id, items: [{ description: 'Matrix item', quantity: 1, unitPrice: 10 }] },
    }),
  },
  {
    area: 'orders',
    action: 'delete',
    what: 'delete an order',
    table: 'orders',
    setup: order,
    rest: (t) => ({ method: 'DELETE', url: `/api/v1/orders/${t.id}` }),
    tool: (t) => ({ name: 'delete_record', input: { type: 'order', record: t.id } }),
  },
  {
    area: 'payments',
    action: 'read',
    what: 'read payments of an order',
    table: 'payments',
    setup: payment,
    rest: (t) => ({ method: 'GET', url: `/api/v1/payments/${t.id}` }),
    tool: (t) => ({ name: 'list_payments', input: { customer: t.customerId } }),
  },
  {
    area: 'payments',
    action: 'create',
    what: 'record a payment for an order',
    table: 'payments',
    setup: order,
    rest: (t) => ({
      method: 'POST',
      url: '/api/v1/payments',
      body: { customerId: t.customerId, orderId: t.id, amount: 100 },
    }),
    tool: (t) => ({ name: 'record_payment', input: { amount: 1, order: t.id } }),
  },
  {
    area: 'payments',
    action: 'delete',
    what: 'delete a payment',
    table: 'payments',
    setup: payment,
    rest: (t) => ({ method: 'DELETE', url: `/api/v1/payments/${t.id}` }),
    tool: (t) => ({ name: 'delete_record', input: { type: 'payment', record: t.id } }),
  },
  {
    area: 'activities',
    action: 'create',
    what: 'log an activity on a deal',
    table: 'activities',
    setup: deal,
    rest: (t) => ({
      method: 'POST',
      url: '/api/v1/activities',
      body: { type: 'call', subject: 'Matrix new call', dealId: t.id },
    }),
    tool: (t) => ({ name: 'log_activity', input: { type: 'call', subject: 'Matrix new call', deal: t.id } }),
  },
  {
    area: 'activities',
    action: 'delete',
    what: 'delete an activity',
    table: 'activities',
    setup: activity,
    rest: (t) => ({ method: 'DELETE', url: `/api/v1/activities/${t.id}` }),
    tool: (t) => ({ name: 'delete_record', input: { type: 'activity', record: t.id } }),
  },
  {
    area: 'analytics',
    action: 'read',
    what: 'read the statistics',
    table: 'deals',
    setup: nothing,
    rest: () => ({ method: 'GET', url: '/api/v1/analytics/summary?period=this_month' }),
    tool: () => ({ name: 'get_stats', input: { period: 'this_month' } }),
    standalone: true,
  },
];

const PATHS = ['REST', 'tools', 'MCP'] as const;
type Path = (typeof PATHS)[number];

/**
 * What the policy says should happen. The tool catalogue refuses a role barred from an action before it reads
 * the input, so its refusal says nothing about any id. REST refuses a role barred from a whole area (403) the
 * same way; where the role may read the area, it looks the record up first, so a record out of the caller's
 * sight is not found (404), exactly like an id that was never used.
 */
function expected(
  c: Case,
  role: TestUser['role'],
  sameOrg: boolean,
  relation: Relation,
  path: Path,
): Outcome {
  const grant = grantFor(role, c.area, c.action);
  const read = grantFor(role, c.area, 'read');
  const visible = sameOrg && read !== false && (read !== 'own' || (relation === 'mine' && !c.unowned));
  if (grant === false) {
    const byRole = path !== 'REST' || read === false || c.action === 'create';
    return byRole || visible ? 'refused' : 'not found';
  }
  if (!sameOrg) return 'not found';
  // A customer's "own" reads and writes are scoped by row: someone else's record is simply not there.
  if (grant === 'own') return relation === 'mine' ? 'allowed' : 'not found';
  // Employees create for anyone, and change only what is assigned to them.
  if (grant === 'assigned') return relation === 'mine' ? 'allowed' : 'refused';
  return 'allowed';
}

function outcomeOfCode(code: string | undefined, detail: string): Outcome | string {
  if (code === 'forbidden') return 'refused';
  if (code === 'not_found') return 'not found';
  return `unexpected ${code}: ${detail}`;
}

function outcomeOfStatus(status: number, body: unknown): Outcome | string {
  if (status < 300) return 'allowed';
  if (status === 403) return 'refused';
  if (status === 404) return 'not found';
  return `unexpected ${status}: ${JSON.stringify(body)}`;
}

function outcomeOfTool(o: ToolOutcome): Outcome | string {
  return o.ok ? 'allowed' : outcomeOfCode(o.error.code, o.error.message);
}

function outcomeOfMcp(result: any): Outcome | string {
  if (!result.isError) return 'allowed';
  return outcomeOfCode(result._meta?.[ERROR_CODE_META], result.content?.[0]?.text);
}

onEachDatabase('the permission matrix through REST, tools and MCP, across organizations', ({ db }) => {
  let api: TestApp;
  let crm: Crm;
  let a: Tenant;
  let b: Tenant;
  /** A record of organization A belonging to neither the portal customer nor the employee under test. */
  let otherCustomerId: number;
  const clients = new Map<number, Client>();
  const opened: Client[] = [];

  before(async () => {
    api = await startTestApp(db());
    crm = api.app.deps.crm;
    a = await createTenant(db());
    b = await createTenant(db());
    otherCustomerId = await makeIn(a)('customers', {
      name: 'Matrix Other Customer',
      assignedTo: a.colleague.userId,
    });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const url = new URL(`http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}/mcp`);
    for (const who of [a.owner, a.employee, a.customer, b.owner, b.employee, b.customer]) {
      const { token } = await apiTokensService({ db: db(), clock: systemClock }).issue(who.actor, {
        name: 'matrix',
      });
      const client = new Client({ name: 'matrix', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(url, {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      clients.set(who.userId, client);
      opened.push(client);
    }
  });

  after(async () => {
    for (const client of opened) await client.close();
    await api.close();
  });

  function makeIn(tenant: Tenant): Maker {
    return async (path, body) => {
      const res = await api.call('POST', `/api/v1/${path}`, { token: tenant.owner.token, body });
      assert.equal(res.status, 201, `making ${path}: ${JSON.stringify(res.body)}`);
      return res.body.id;
    };
  }

  /** The table and the audit log, as rows: what a refused call must not have changed. */
  async function snapshot(table: keyof Database): Promise<string> {
    const rows = await sql`select * from ${sql.table(table)} order by id`.execute(db());
    const audit = await sql<{ n: number }>`select count(*) as n from audit_log`.execute(db());
    return JSON.stringify([rows.rows, Number(audit.rows[0]!.n)]);
  }

  async function run(path: Path, me: TestUser, c: Case, t: Target): Promise<Outcome | string> {
    if (path === 'REST') {
      const r = c.rest(t);
      const res = await api.call(r.method, r.url, { token: me.token, ...(r.body ? { body: r.body } : {}) });
      return outcomeOfStatus(res.status, res.body);
    }
    const { name, input } = c.tool(t);
    if (path === 'tools') {
      const actor = { ...me.actor, via: 'assistant' as const, model: 'matrix-model' };
      return outcomeOfTool(await runTool({ crm, actor, clock: systemClock }, name, input));
    }
    return outcomeOfMcp(await clients.get(me.userId)!.callTool({ name, arguments: input }));
  }

  /**
   * Every case for one caller and one relation, through every path; returns the disagreements (empty when
   * all is well) so a failure lists every broken cell at once.
   */
  async function check(me: TestUser, home: Tenant, relation: Relation, ref: Ref): Promise<string[]> {
    const wrong: string[] = [];
    const sameOrg = me.actor.organizationId === home.orgId;
    for (const c of CASES) {
      if (c.standalone && !sameOrg) continue;
      for (const path of PATHS) {
        const want = expected(c, me.role, sameOrg, relation, path);
        const target = await c.setup(makeIn(home), ref);
        const before = want === 'allowed' ? '' : await snapshot(c.table);
        const got = await run(path, me, c, target);
        const label = `${me.role} of ${sameOrg ? 'the same' : 'another'} organization, ${relation}: ${c.what} via ${path}`;
        if (got !== want) wrong.push(`${label}: expected ${want}, got ${got}`);
        else if (want !== 'allowed' && (await snapshot(c.table)) !== before) {
          wrong.push(`${label}: ${got}, yet ${c.table} or the audit log changed`);
        }
      }
    }
    return wrong;
  }

  const mine = (me: TestUser): Ref => ({
    assignee: me.role === 'employee' ? me.userId : a.employee.userId,
    customerId: a.customerRecordId,
  });
  const theirs = (): Ref => ({ assignee: a.colleague.userId, customerId: otherCustomerId });

  test('the table of cases covers every area and action the tools can reach', () => {
    const covered = new Set(CASES.map((c) => `${c.area}.${c.action}`));
    for (const cell of [
      'customers.read',
      'customers.update',
      'customers.delete',
      'leads.update',
      'deals.update',
      'issues.comment',
      'orders.create',
      'payments.create',
      'activities.create',
      'analytics.read',
    ]) {
      assert.ok(covered.has(cell), cell);
    }
  });

  test('an owner may do everything in their own organization', async () => {
    assert.deepEqual(await check(a.owner, a, 'mine', mine(a.owner)), []);
  });

  test('an employee changes only what is assigned to them, and never deletes', async () => {
    assert.deepEqual(await check(a.employee, a, 'mine', mine(a.employee)), []);
    assert.deepEqual(await check(a.employee, a, 'theirs', theirs()), []);
  });

  test("a customer reaches only their own records, and another customer's do not exist for them", async () => {
    assert.deepEqual(await check(a.customer, a, 'mine', mine(a.customer)), []);
    assert.deepEqual(await check(a.customer, a, 'theirs', theirs()), []);
  });

  for (const role of ['owner', 'employee', 'customer'] as const) {
    test(`the ${role} of another organization neither sees nor changes anything of it`, async () => {
      assert.deepEqual(await check(b[role], a, 'mine', mine(a.employee)), []);
    });
  }

  /** Lists, search and MCP resources: every id they return, so none can be one of organization A's. */
  const LISTS: { rest: string; tool: ToolName; table: keyof Database; type: string }[] = [
    { rest: 'customers', tool: 'list_customers', table: 'customers', type: 'customer' },
    { rest: 'leads', tool: 'list_leads', table: 'leads', type: 'lead' },
    { rest: 'deals', tool: 'list_deals', table: 'deals', type: 'deal' },
    { rest: 'issues', tool: 'list_issues', table: 'issues', type: 'issue' },
    { rest: 'orders', tool: 'list_orders', table: 'orders', type: 'order' },
    { rest: 'payments', tool: 'list_payments', table: 'payments', type: 'payment' },
    { rest: 'activities', tool: 'list_activities', table: 'activities', type: 'activity' },
  ];

  test("lists, search and resources of another organization's members never hold one of its records", async () => {
    const leaks: string[] = [];
    // B has records of its own, so an empty list would not pass for a sealed one.
    const own = await makeIn(b)('deals', { title: 'Matrix Deal of B' });
    const listed = await runTool({ crm, actor: b.owner.actor, clock: systemClock }, 'list_deals', {});
    assert.deepEqual(listed.ok && (listed.result as { items: { id: number }[] }).items.map((d) => d.id), [
      own,
    ]);
    const ofA = new Map<string, Set<number>>();
    for (const list of LISTS) {
      const rows = await sql<{
        id: number;
      }>`select id from ${sql.table(list.table)} where organization_id = ${a.orgId}`.execute(db());
      assert.ok(rows.rows.length > 0, `organization A has ${list.table}`);
      ofA.set(list.type, new Set(rows.rows.map((r) => Number(r.id))));
    }
    const check = (who: string, where: string, type: string, items: { id: number }[] | undefined) => {
      for (const item of items ?? []) {
        if (ofA.get(type)?.has(item.id)) leaks.push(`${who}: ${where} shows ${type} ${item.id} of A`);
      }
    };
    for (const me of [b.owner, b.employee, b.customer]) {
      const client = clients.get(me.userId)!;
      const ctx = { crm, actor: { ...me.actor, via: 'assistant' as const }, clock: systemClock };
      const found = await runTool(ctx, 'search_records', { query: 'Matrix' });
      const searched = (await client.callTool({
        name: 'search_records',
        arguments: { query: 'Matrix' },
      })) as any;
      for (const [where, results] of [
        ['search_records', found.ok ? found.result : {}],
        ['MCP search_records', searched.isError ? {} : searched.structuredContent],
      ] as const) {
        for (const [type, hits] of Object.entries(results as Record<string, { id: number }[]>)) {
          check(me.role, where, type, hits);
        }
      }
      const resources = new Set((await client.listResources()).resources.map((r) => r.uri));
      for (const list of LISTS) {
        const rest = await api.call('GET', `/api/v1/${list.rest}?limit=100`, { token: me.token });
        if (rest.status === 200) check(me.role, `GET /${list.rest}`, list.type, rest.body.items);
        const tool = await runTool(ctx, list.tool, { limit: 100 });
        if (tool.ok) check(me.role, list.tool, list.type, (tool.result as { items: { id: number }[] }).items);
        const mcp = (await client.callTool({ name: list.tool, arguments: { limit: 100 } })) as any;
        if (!mcp.isError) check(me.role, `MCP ${list.tool}`, list.type, mcp.structuredContent.items);
        for (const id of ofA.get(list.type)!) {
          if (resources.has(`parley://${list.rest}/${id}`))
            leaks.push(`${me.role}: MCP resources list ${list.type} ${id} of A`);
        }
      }
    }
    assert.deepEqual(leaks, []);
  });
});

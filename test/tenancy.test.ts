import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';

/**
 * Organizations are sealed from each other: every documented route that takes a record id answers 404 when
 * the id belongs to another organization, whatever the caller's role, and the record is left untouched.
 * Routes come from the OpenAPI document, so a new route fails here until it has a fixture below.
 */

interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
}

/** A valid body for routes whose body is checked before the record is looked up. */
const BODIES: Record<string, (ids: Ids) => unknown> = {
  'PATCH /api/v1/customers/{id}': () => ({ notes: 'changed by a stranger' }),
  'PATCH /api/v1/leads/{id}': () => ({ notes: 'changed by a stranger' }),
  'POST /api/v1/leads/{id}/convert': () => ({}),
  'PATCH /api/v1/deals/{id}': () => ({ title: 'changed by a stranger' }),
  'POST /api/v1/deals/{id}/stage': () => ({ stage: 'negotiation' }),
  'PATCH /api/v1/pipelines/{id}': () => ({ name: 'changed by a stranger' }),
  'POST /api/v1/pipelines/{id}/stages': () => ({ name: 'Stranger stage', probability: 5 }),
  'POST /api/v1/pipelines/{id}/stages/reorder': (ids) => ({ stageIds: ids.stages }),
  'PATCH /api/v1/pipelines/{id}/stages/{stageId}': () => ({ name: 'changed by a stranger' }),
  'PATCH /api/v1/members/{userId}': () => ({ role: 'owner' }),
  'PATCH /api/v1/issues/{id}': () => ({ title: 'changed by a stranger' }),
  'POST /api/v1/issues/{id}/comments': () => ({ body: 'comment by a stranger' }),
  'PATCH /api/v1/activities/{id}': () => ({ subject: 'changed by a stranger' }),
  'POST /api/v1/assistant/confirmations/{id}': () => ({ approve: true }),
};

const MISSING_ID = 2_000_000_000;

interface Ids {
  /** Record ids of organization A by the first path segment after /api/v1. */
  bySegment: Record<string, number | string>;
  stages: number[];
  member: number;
}

async function operations(api: TestApp): Promise<Operation[]> {
  const doc = (await api.call('GET', '/api/docs/json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => ({ method: m.toUpperCase() as Operation['method'], path })),
  );
}

function fill(op: Operation, ids: Ids): string {
  const segment = op.path.split('/')[3]!;
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'stageId') return String(ids.stages.at(-1));
    if (name === 'userId') return String(ids.member);
    const id = ids.bySegment[segment];
    assert.ok(id, `no fixture for ${op.method} ${op.path}: add a record of "${segment}" to the tenancy test`);
    return String(id);
  });
}

onEachDatabase('organizations are sealed from each other', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;
  let ids: Ids;
  let ops: Operation[];

  async function create(path: string, body: unknown): Promise<any> {
    const res = await api.call('POST', `/api/v1/${path}`, { token: a.owner.token, body });
    assert.equal(res.status, 201, `creating ${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  before(async () => {
    api = await startTestApp(db());
    a = await createTenant(db());
    b = await createTenant(db());
    ops = (await operations(api)).filter((op) => op.path.includes('{'));
    const customer = await create('customers', { name: 'Sealed Customer' });
    const pipeline = await create('pipelines', { name: 'Sealed Pipeline' });
    ids = {
      bySegment: {
        customers: customer.id,
        leads: (await create('leads', { name: 'Sealed Lead' })).id,
        deals: (await create('deals', { title: 'Sealed Deal', customerId: customer.id })).id,
        pipelines: pipeline.id,
        issues: (await create('issues', { title: 'Sealed Issue', customerId: customer.id })).id,
        activities: (await create('activities', { type: 'task', subject: 'Sealed Activity' })).id,
        orders: (
          await create('orders', {
            customerId: customer.id,
            items: [{ description: 'Sealed item', quantity: 1, unitPrice: 1000 }],
          })
        ).id,
        payments: (await create('payments', { customerId: customer.id, amount: 100 })).id,
        assistant: (
          await api.call('POST', '/api/v1/assistant/messages', {
            token: a.owner.token,
            body: { text: 'Create a new lead named Sealed Prospect from Facebook' },
          })
        ).body.confirmation.id,
        tokens: (await create('tokens', { name: 'sealed token', currentPassword: TEST_PASSWORD })).id,
        invitations: (await create('invitations', { email: 'sealed@example.test', role: 'employee' })).id,
      },
      stages: pipeline.stages.map((s: { id: number }) => s.id),
      member: a.employee.userId,
    };
  });

  test('the routes under test are the documented ones with ids', () => {
    assert.ok(ops.length >= 15, `only ${ops.length} routes with ids documented`);
  });

  /**
   * For a role barred from an area (a customer asking for pipelines) the answer is 403 whatever the id; what
   * matters is that it is the very answer a never-used id gets, so nothing about A leaks. Owners may reach
   * every area, so for them it is always 404.
   */
  for (const role of ['owner', 'employee', 'customer'] as const) {
    test(`another organization's ids answer like missing ids for its ${role}, on every route`, async () => {
      for (const op of ops) {
        const url = fill(op, ids);
        const body =
          BODIES[`${op.method} ${op.path}`]?.(ids) ??
          (op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
        const send = (target: string) =>
          api.call(op.method, target, { token: b[role].token, ...(body === undefined ? {} : { body }) });
        const res = await send(url);
        const missing = await send(op.path.replace(/\{\w+\}/g, String(MISSING_ID)));
        const what = `${role} of B: ${op.method} ${url} -> ${res.status} ${JSON.stringify(res.body)}`;
        assert.ok(res.status === 404 || (role !== 'owner' && res.status === 403), what);
        assert.equal(res.status, missing.status, what);
        assert.equal(res.body.error.code, missing.body.error.code, what);
      }
    });
  }

  test("organization A's records are untouched and still visible to A", async () => {
    for (const [segment, id] of Object.entries(ids.bySegment)) {
      if (segment === 'tokens' || segment === 'invitations' || segment === 'assistant') continue;
      const res = await api.call('GET', `/api/v1/${segment}/${id}`, { token: a.owner.token });
      assert.equal(res.status, 200, `${segment}/${id}: ${JSON.stringify(res.body)}`);
      assert.doesNotMatch(JSON.stringify(res.body), /stranger/i);
    }
    const tokens = await api.call('GET', '/api/v1/tokens', { token: a.owner.token });
    assert.ok(tokens.body.items.some((t: { id: number }) => t.id === ids.bySegment.tokens));
    const prospects = await api.call('GET', '/api/v1/leads?q=sealed%20prospect', { token: a.owner.token });
    assert.deepEqual(prospects.body.items, [], "B's approval of A's pending write must not run it");
    const member = await api.call('GET', `/api/v1/members/${ids.member}`, { token: a.owner.token });
    assert.equal(member.body.role, 'employee');
  });
});

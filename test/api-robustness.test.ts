import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { createSession } from '../src/crm/sessions.ts';
import { systemClock } from '../src/domain/time.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * Every documented route, whoever calls it and whatever it is sent, answers with a 2xx/3xx/4xx and the error
 * contract, never a 5xx. Routes come from the OpenAPI document, so new routes are covered without editing this.
 */

interface Operation {
  method: string;
  path: string;
}

async function operations(api: TestApp): Promise<Operation[]> {
  const doc = (await api.call('GET', '/api/docs/json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) ops.push({ method: method.toUpperCase(), path });
  }
  return ops;
}

const PATH_IDS = ['1', '0', '-1', 'abc', '99999999999999999999', '1.5', '%00', "1'%20or%201=1"];

function fill(path: string, id: string): string {
  return path.replace(/\{[^}]+\}/g, id);
}

onEachDatabase('every route survives hostile input', ({ db }) => {
  let api: TestApp;
  let t: Tenant;
  let ops: Operation[];
  before(async () => {
    api = await startTestApp(db());
    t = await createTenant(db());
    ops = await operations(api);
  });

  /** A new session per request: some routes (logout, password change) end the session they are called with. */
  const fresh = (who: 'owner' | 'employee' | 'customer') =>
    createSession(db(), t[who].userId, systemClock, 1);

  function expectHandled(res: { status: number; body: any }, what: string) {
    assert.ok(res.status < 500, `${what} -> ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`);
    if (res.status >= 400) {
      assert.equal(
        typeof res.body?.error?.message,
        'string',
        `${what}: error body ${JSON.stringify(res.body)}`,
      );
      assert.doesNotMatch(JSON.stringify(res.body), /at .+\.ts:\d+/, `${what}: stack trace leaked`);
    }
  }

  test('the OpenAPI document lists the API', () => {
    assert.ok(ops.length >= 5, `only ${ops.length} operations documented`);
  });

  test('requests are answered as signed-in users, not refused wholesale', async () => {
    const res = await api.call('GET', '/api/v1/customers', { token: await fresh('owner') });
    assert.equal(res.status, 200);
  });

  test('odd path ids and malformed bodies', async () => {
    for (const op of ops) {
      for (const id of PATH_IDS) {
        const url = fill(op.path, id);
        for (const who of ['owner', 'customer', undefined] as const) {
          const token = who ? await fresh(who) : undefined;
          const res = await api.call(op.method as 'GET', url, { ...(token ? { token } : {}) });
          expectHandled(res, `${op.method} ${url}`);
        }
      }
      if (op.method === 'GET' || op.method === 'DELETE') continue;
      const url = fill(op.path, '1');
      for (const payload of [
        '{"a": ',
        'null',
        '[]',
        '"text"',
        '{"__proto__": {"x": 1}}',
        'x'.repeat(2_000_000),
      ]) {
        const res = await api.call(op.method as 'POST', url, {
          token: await fresh('owner'),
          body: payload,
          headers: { 'content-type': 'application/json' },
        });
        expectHandled(res, `${op.method} ${url} with ${payload.slice(0, 20)}`);
      }
    }
  });

  test('random JSON bodies and query strings (property)', async () => {
    const writes = ops.filter((o) => o.method !== 'GET' && o.method !== 'DELETE');
    const reads = ops.filter((o) => o.method === 'GET');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom('owner', 'employee', 'customer'),
        async (op, body, who) => {
          const res = await api.call(op.method as 'POST', fill(op.path, '1'), {
            token: await fresh(who as 'owner'),
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          });
          expectHandled(res, `${op.method} ${op.path} ${JSON.stringify(body).slice(0, 80)}`);
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...reads),
        fc.dictionary(
          fc.constantFrom(
            'limit',
            'cursor',
            'sort',
            'q',
            'status',
            'assignedTo',
            'createdFrom',
            'period',
            'stage',
            'x',
          ),
          fc.string({ maxLength: 50 }),
        ),
        async (op, query) => {
          const qs = new URLSearchParams(query).toString();
          const res = await api.call('GET', `${fill(op.path, '1')}?${qs}`, { token: await fresh('owner') });
          expectHandled(res, `GET ${op.path}?${qs}`);
        },
      ),
      { numRuns: 150 },
    );
  });
});

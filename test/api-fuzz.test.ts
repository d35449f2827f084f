import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { createSession } from '../src/crm/sessions.ts';
import { systemClock } from '../src/domain/time.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { type Contract, contractOf, type DocumentedOperation, type Parameter } from './support/contract.ts';
import { onEachDatabase, type TestDbKind } from './support/databases.ts';
import { SchemaArbitraries } from './support/schema-arbitrary.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';

/**
 * Drives every operation of the served API document with input generated from its own schemas: valid input,
 * to reach the services, and input wrong in one way (a wrong type, a missing or unknown field, a value out of
 * range, a random path segment, an empty or absent body), as an owner, an employee, a customer and anonymously.
 *
 * Nothing may answer 5xx. Every answer goes through `call`, which fails on a status the operation does not
 * document and on a body its schema refuses, so a 4xx the document does not list fails here too.
 *
 * Each operation runs under a fixed seed (the same in every run) and a fresh one; `FUZZ_SEED=<seed>` replays
 * a failure, and `FUZZ_RUNS` changes how many requests each operation gets per seed.
 */

const FIXED_SEED = 20_261_205;
const RANDOM_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
/** Requests per operation and seed: fewer on PostgreSQL, where each is slower and the same code runs. */
const RUNS: Record<TestDbKind, number> = { sqlite: 30, postgres: 15 };

type Who = 'owner' | 'employee' | 'customer' | 'anonymous';
/** Owners reach the most code, so they act most often. */
const actors = fc.oneof(
  { arbitrary: fc.constant<Who>('owner'), weight: 3 },
  { arbitrary: fc.constantFrom<Who>('employee', 'customer', 'anonymous'), weight: 3 },
);

/**
 * Operations that end or weaken the session they are called with. They act as the users of a spare tenant,
 * each request with a session of its own, so the sessions the other operations use stay valid.
 */
const SESSION_ENDING = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/password']);

const WHO_SIGNS_IN = ['owner', 'employee', 'customer'] as const;

/** Reads first, then writes, then deletes: a deleted record would turn later reads into plain 404s. */
const ORDER: Record<string, number> = { GET: 0, POST: 1, PUT: 2, PATCH: 2, DELETE: 3 };

interface Attempt {
  url: string;
  body: unknown;
}

const hostileSegment = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', '2147483648', '99999999999999999999', 'NaN', 'me', '%00', '__proto__'),
  fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

onEachDatabase('the API document drives every operation', ({ kind, db }) => {
  const runs = Number(process.env.FUZZ_RUNS ?? RUNS[kind]);
  let api: TestApp;
  let contract: Contract;
  let schemas: SchemaArbitraries;
  let tenant: Tenant;
  let spare: Tenant;
  /** Ids of real records by the collection a path parameter names (`customers`, `stages`, `members`, …). */
  const pools = new Map<string, number[]>();
  /** Tokens of open invitations, so accepting one can succeed. */
  const invitations: string[] = [];
  /** A stage's path names its pipeline too: real pairs, since two real ids drawn apart rarely belong together. */
  const stages: [number, number][] = [];
  let addresses = 0;

  const remember = (collection: string, ...ids: unknown[]) => {
    const pool = pools.get(collection) ?? [];
    for (const id of ids) if (typeof id === 'number' && !pool.includes(id)) pool.push(id);
    pools.set(collection, pool);
  };

  before(async () => {
    api = await startTestApp(db());
    tenant = await createTenant(db());
    spare = await createTenant(db());
    contract = contractOf((await api.call('GET', '/api/docs/json')).body);
    await seed();
    schemas = new SchemaArbitraries(contract.document.components?.schemas, hints);
  });

  /** A few records of every kind, so generated ids and references find rows. */
  async function seed() {
    const owner = { token: tenant.owner.token };
    const post = async (path: string, body: unknown) => {
      const res = await api.call('POST', `/api/v1${path}`, { ...owner, body });
      assert.ok(res.status < 300, `seeding ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    await post('/pipelines', { name: 'Fuzz pipeline' });
    for (let i = 0; i < 2; i++) {
      const customer = await post('/customers', { name: `Fuzz customer ${i}` });
      const deal = await post('/deals', { title: `Fuzz deal ${i}`, customerId: customer.id });
      await post('/leads', { name: `Fuzz lead ${i}` });
      const issue = await post('/issues', { title: `Fuzz issue ${i}`, customerId: customer.id });
      await post(`/issues/${issue.id}/comments`, { body: 'A comment' });
      await post('/activities', { type: 'call', subject: `Fuzz call ${i}`, dealId: deal.id });
      const order = await post('/orders', {
        customerId: customer.id,
        items: [{ description: 'Fuzz', quantity: 1, unitPrice: 100 }],
      });
      await post('/payments', { amount: 100, orderId: order.id });
    }
    for (const role of ['employee', 'customer', 'owner']) {
      const invitation = await post('/invitations', { email: `${role}.invitee@example.test`, role });
      invitations.push(String(invitation.inviteUrl).split('#').at(-1) ?? '');
    }
    await post('/tokens', { name: 'Fuzz token', currentPassword: TEST_PASSWORD });
    for (const collection of ['customers', 'deals', 'leads', 'issues', 'activities', 'orders', 'payments']) {
      const page = await api.call('GET', `/api/v1/${collection}`, owner);
      remember(collection, ...page.body.items.map((r: { id: number }) => r.id));
    }
    const pipelines = await api.call('GET', '/api/v1/pipelines', owner);
    for (const p of pipelines.body.items) {
      remember('pipelines', p.id);
      remember('stages', ...p.stages.map((s: { id: number }) => s.id));
      for (const stage of p.stages) stages.push([p.id, stage.id]);
    }
    for (const collection of ['invitations', 'tokens']) {
      const page = await api.call('GET', `/api/v1/${collection}`, owner);
      remember(collection, ...page.body.items.map((r: { id: number }) => r.id));
    }
    // Only the colleague is changed or removed: the owner, employee and customer keep the roles they act in.
    remember('members', tenant.colleague.userId);
    remember('assignees', tenant.owner.userId, tenant.employee.userId, tenant.colleague.userId);
  }

  /**
   * Real values for properties by name, so references find their records and sign-ins can succeed. Read when
   * an operation's arbitraries are built, so records made by earlier operations count.
   */
  function hints(property: string): fc.Arbitrary<unknown> | undefined {
    const collection =
      property === 'assignedTo'
        ? 'assignees'
        : property.endsWith('Id')
          ? `${property.slice(0, -2)}s`
          : undefined;
    const ids = collection ? pools.get(collection) : undefined;
    if (ids && ids.length > 0) return fc.constantFrom(...ids);
    if (property === 'token') return fc.constantFrom(...invitations);
    if (property === 'email') return fc.constantFrom(...WHO_SIGNS_IN.map((w) => spare[w].email));
    if (/password/i.test(property)) return fc.constant(TEST_PASSWORD);
    return undefined;
  }

  /** A path parameter: a real record's id most of the time, else anything the schema allows, or garbage. */
  function segment(path: string, param: Parameter): fc.Arbitrary<string> {
    const parts = path.split('/');
    const collection = parts[parts.indexOf(`{${param.name}}`) - 1] ?? '';
    const known = pools.get(collection) ?? [];
    // The users the fuzz acts as are never the member changed or removed, or later requests lose their role.
    const acting = collection === 'members' ? WHO_SIGNS_IN.map((w) => String(tenant[w].userId)) : [];
    return fc
      .oneof(
        ...(known.length > 0 ? [{ arbitrary: fc.constantFrom(...known).map(String), weight: 6 }] : []),
        { arbitrary: schemas.valid(param.schema).map((v) => encodeURIComponent(String(v))), weight: 2 },
        { arbitrary: hostileSegment, weight: 1 },
      )
      .filter((v) => !acting.includes(v));
  }

  /**
   * A query string: the parameters read as one object schema, so a query is valid, or wrong in one way like
   * a body (a value out of range, a required parameter missing, an unknown one).
   */
  function query(params: Parameter[]): fc.Arbitrary<string> {
    if (params.length === 0) return fc.constant('');
    const schema = {
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
      required: params.filter((p) => p.required).map((p) => p.name),
    };
    return fc
      .oneof(
        { arbitrary: schemas.valid(schema), weight: 4 },
        { arbitrary: schemas.invalid(schema), weight: 1 },
      )
      .map((chosen) => {
        const qs = new URLSearchParams();
        // A query that is not an object at all (one of the invalid cases) goes as a lone parameter.
        const fields: [string, unknown][] =
          chosen !== null && typeof chosen === 'object' ? Object.entries(chosen) : [['q', chosen]];
        for (const [k, v] of fields) qs.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
        const text = qs.toString();
        return text ? `?${text}` : '';
      });
  }

  function requests({ path, op }: DocumentedOperation): fc.Arbitrary<Attempt> {
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const independent = fc
      .tuple(...pathParams.map((p) => segment(path, p)))
      .map((values) => pathParams.reduce((u, p, i) => u.replace(`{${p.name}}`, values[i]!), path));
    const target = path.includes('{stageId}')
      ? fc.oneof(
          fc
            .constantFrom(...stages)
            .map(([id, stageId]) => path.replace('{id}', `${id}`).replace('{stageId}', `${stageId}`)),
          independent,
        )
      : independent;
    const url = fc
      .tuple(target, query(params.filter((p) => p.in === 'query')))
      .map(([where, qs]) => where + qs);
    const schema = op.requestBody?.content?.['application/json']?.schema;
    const body = schema
      ? fc.oneof(
          { arbitrary: schemas.valid(schema), weight: 3 },
          { arbitrary: schemas.invalid(schema), weight: 2 },
        )
      : fc.constant(undefined);
    return fc.record({ url, body });
  }

  async function tokenOf(who: Who, operation: string): Promise<string | undefined> {
    if (who === 'anonymous') return undefined;
    if (!SESSION_ENDING.has(operation)) return tenant[who].token;
    return createSession(db(), spare[who].userId, systemClock, 1);
  }

  test('no operation answers 5xx or anything its document does not say', async () => {
    const operations = [...contract.operations].sort(
      (a, b) => (ORDER[a.method] ?? 9) - (ORDER[b.method] ?? 9),
    );
    const served = new Map<string, number>();
    const failures: string[] = [];
    const started = Date.now();
    for (const operation of operations) {
      const name = `${operation.method} ${operation.path}`;
      const property = fc.asyncProperty(requests(operation), actors, async (req, actor) => {
        const token = await tokenOf(actor, name);
        const res = await api.call(operation.method as 'GET', req.url, {
          ...(token ? { token } : {}),
          ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
          // A fresh client address each time, so the sign-in rate limits do not answer everything with 429.
          headers: {
            ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
            'x-forwarded-for': `10.9.${addresses >> 8}.${addresses++ & 255}`,
          },
        });
        assert.ok(
          res.status < 500,
          `${actor} ${operation.method} ${req.url} ${JSON.stringify(req.body) ?? ''} → ${res.status} ${JSON.stringify(res.body)}`,
        );
        if (res.status < 300) {
          served.set(name, (served.get(name) ?? 0) + 1);
          if (operation.method === 'POST' && typeof res.body?.id === 'number') {
            remember(operation.path.split('/').at(-1) ?? '', res.body.id);
          }
        }
      });
      for (const seed of [FIXED_SEED, RANDOM_SEED]) {
        // Checked, not asserted, so one run reports every operation that fails, each with its smallest case.
        const run = await fc.check(property, { seed, numRuns: runs });
        if (run.failed) {
          const why =
            run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance);
          failures.push(`${name} (FUZZ_SEED=${seed}): ${why}\ninput: ${JSON.stringify(run.counterexample)}`);
        }
      }
    }
    const never = operations.map((o) => `${o.method} ${o.path}`).filter((n) => !served.has(n));
    console.log(
      `fuzz: ${operations.length} operations, ${runs * 2} requests each, seeds ${FIXED_SEED} and ${RANDOM_SEED}, ` +
        `${Date.now() - started} ms; ${served.size} answered 2xx, never: ${never.join(', ') || 'none'}`,
    );
    assert.ok(
      failures.length === 0,
      `${failures.length} runs broke the contract:\n\n${failures.join('\n\n')}`,
    );
    // Valid input must get through often enough to prove the services, not only validation, were exercised.
    assert.ok(served.size >= operations.length * 0.8, `only ${served.size} operations ever answered 2xx`);
  });
});

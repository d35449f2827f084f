import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import type { Crm } from '../src/crm/index.ts';
import { createSession } from '../src/crm/sessions.ts';
import { systemClock } from '../src/domain/time.ts';
import { runTool, TOOLS, toolInputs } from '../src/tools/index.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * Property-based fuzzing of every documented REST route and every tool: hostile path ids, query strings and
 * JSON bodies (wrong types, huge and odd unicode strings, deep nesting, prototype-pollution keys, NaN-ish
 * numbers, impossible dates), mixed with plausible values taken from the route's own schema so requests get
 * past validation into the services. Nothing may answer 5xx, throw, or pollute Object.prototype.
 *
 * Each property runs once with a fixed seed (reproducible in CI) and once with a fresh one; fast-check prints
 * the seed and path of any failure, so `FUZZ_SEED=<seed>` replays it.
 */

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query: string[];
  body?: JsonSchema;
}

const FIXED_SEED = 20_261_125;
const RANDOM_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

/** Runs a property under the fixed seed, then under the random one, splitting the runs between them. */
async function fuzz<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  await fc.assert(property, { seed: FIXED_SEED, numRuns: Math.ceil(numRuns / 2) });
  await fc.assert(property, { seed: RANDOM_SEED, numRuns: Math.ceil(numRuns / 2) });
}

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e\u0041\u0301',
    '💥'.repeat(300),
    'x'.repeat(70_000),
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-0',
    '0x1F',
    '9007199254740993',
    '2026-02-30',
    '0000-00-00',
    '9999-12-31T99:99:99Z',
    '2026-13-01',
    "'; drop table deals; --",
    '<script>alert(1)</script>',
    '%00',
    '../../etc/passwd',
    'me',
    '#1',
    'ORD-2026-0001',
    'this_month',
  ),
);

const hostileNumber = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.double({ noNaN: true }),
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    2 ** 31,
    2 ** 53 + 1,
    -(2 ** 63),
    1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
  ),
);

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
);

/** Any JSON value, leaning hostile: nested objects and arrays, with prototype-pollution keys among the rest. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc
    .array(
      fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 10 })), tie('value')),
      {
        maxLength: 4,
      },
    )
    .map((entries) => new RawObject(entries)),
})).value;

/**
 * An object written as JSON text key by key, so "__proto__" arrives as a key on the wire: a JavaScript object
 * literal with that key would set the prototype instead and the key would be lost.
 */
class RawObject {
  constructor(readonly entries: [string, unknown][]) {}
}

function toJson(value: unknown): string {
  if (value instanceof RawObject) {
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  return JSON.stringify(value) ?? 'null';
}

/** A plausible value for a documented schema: enum members and the right types, so validation sometimes passes. */
function plausible(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 3) return hostileValue;
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((s) => plausible(s, depth + 1)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
      return fc.integer({ min: 1, max: 40 });
    case 'number':
      return fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('2026-11-25', 'a@b.test'));
    case 'array':
      return fc.array(plausible(schema.items, depth + 1), { maxLength: 3 });
    case 'object':
      return objectFor(schema, depth + 1);
    default:
      return hostileValue;
  }
}

/** Some of the documented properties, each plausible or hostile, plus the odd unknown or polluting key. */
function objectFor(schema: JsonSchema, depth = 0): fc.Arbitrary<RawObject> {
  const props = Object.entries(schema.properties ?? {});
  const known = props.map(([name, s]) =>
    fc.option(
      fc.oneof(plausible(s, depth), hostileValue).map((v): [string, unknown] => [name, v]),
      { nil: undefined },
    ),
  );
  const extra = fc.array(
    fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 8 })), hostileValue),
    { maxLength: 2 },
  );
  return fc
    .tuple(fc.tuple(...known), fc.option(extra, { nil: undefined, freq: 3 }))
    .map(
      ([fields, more]) =>
        new RawObject([...fields.filter((f): f is [string, unknown] => f !== undefined), ...(more ?? [])]),
    );
}

const hostilePathId = fc.oneof(
  fc.integer({ min: -2, max: 40 }).map(String),
  fc.constantFrom(
    '0',
    '1.5',
    '1e3',
    'NaN',
    'Infinity',
    '2147483648',
    '9007199254740993',
    '99999999999999999999999',
    '0x10',
    '%20 1',
    '%00',
    '..%2F..%2Fetc%2Fpasswd',
    '%F0%9F%92%A5',
    "1'%20OR%20'1'%3D'1",
    '__proto__',
    'constructor',
  ),
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
);

function queryFor(op: Operation): fc.Arbitrary<string> {
  const key = fc.oneof(
    ...(op.query.length > 0 ? [fc.constantFrom(...op.query)] : []),
    fc.constantFrom('__proto__', 'constructor[prototype][polluted]', '__proto__[polluted]', 'limit[]'),
  );
  const value = fc.oneof(
    hostileString.filter((s) => s.length < 2000),
    hostileNumber.map(String),
    fc.constantFrom('true', 'false', 'null', '[]', '{}', '2026-01-01', 'value_desc', 'me'),
  );
  return fc.array(fc.tuple(key, value), { maxLength: 5 }).map((pairs) => {
    const qs = new URLSearchParams();
    for (const [k, v] of pairs) qs.append(k, v);
    return qs.toString();
  });
}

async function operationsOf(api: TestApp): Promise<Operation[]> {
  const doc = (await api.call('GET', '/api/docs/json')).body as {
    paths: Record<string, Record<string, any>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase() as Operation['method'],
      path,
      query: (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name as string),
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

function assertHandled(res: { status: number; body: any }, what: string): void {
  assert.ok(res.status < 500, `${what} -> ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`);
  if (res.status >= 400) {
    assert.equal(
      typeof res.body?.error?.code,
      'string',
      `${what}: ${JSON.stringify(res.body)?.slice(0, 300)}`,
    );
    assert.doesNotMatch(JSON.stringify(res.body), /at .+\.[jt]s:\d+/, `${what}: a stack trace leaked`);
  }
}

function assertUnpolluted(what: string): void {
  for (const key of ['polluted', 'x', 'isAdmin']) {
    assert.equal(({} as Record<string, unknown>)[key], undefined, `${what} polluted Object.prototype.${key}`);
  }
}

const ROLES = ['owner', 'employee', 'customer'] as const;

onEachDatabase('fuzzing every REST route and every tool', ({ db }) => {
  let api: TestApp;
  let crm: Crm;
  let t: Tenant;
  let ops: Operation[];

  before(async () => {
    api = await startTestApp(db());
    crm = api.app.deps.crm;
    t = await createTenant(db());
    ops = await operationsOf(api);
    // Records for plausible ids to find, so requests reach the services and not only the 404 path.
    for (let i = 0; i < 3; i++) {
      const owner = { token: t.owner.token };
      const customer = await api.call('POST', '/api/v1/customers', { ...owner, body: { name: `Fuzz ${i}` } });
      await api.call('POST', '/api/v1/deals', { ...owner, body: { title: `Fuzz deal ${i}` } });
      await api.call('POST', '/api/v1/leads', { ...owner, body: { name: `Fuzz lead ${i}` } });
      await api.call('POST', '/api/v1/issues', {
        ...owner,
        body: { title: `Fuzz issue ${i}`, customerId: customer.body.id },
      });
      await api.call('POST', '/api/v1/orders', {
        ...owner,
        body: { customerId: customer.body.id, items: [{ description: 'Fuzz', quantity: 1, unitPrice: 100 }] },
      });
    }
  });

  test('the routes under test are the documented ones', () => {
    assert.ok(ops.length >= 60, `only ${ops.length} operations documented`);
    assert.ok(
      ops.some((op) => op.body?.properties),
      'bodies are described',
    );
  });

  test('every route, with hostile path ids, query strings and bodies, answers without a 5xx', async () => {
    console.log(`fuzz seeds: fixed ${FIXED_SEED}, random ${RANDOM_SEED} (replay with FUZZ_SEED=<seed>)`);
    let served = 0;
    for (const op of ops) {
      const body = op.method === 'GET' || op.method === 'DELETE' ? fc.constant(undefined) : bodyFor(op);
      await fuzz(
        fc.asyncProperty(
          hostilePathId,
          queryFor(op),
          body,
          fc.constantFrom(...ROLES, 'anonymous' as const),
          async (id, query, payload, who) => {
            const url = `${op.path.replace(/\{\w+\}/g, id)}${query ? `?${query}` : ''}`;
            // A session of its own, since logout and password changes end the session they are called with.
            const token =
              who === 'anonymous' ? undefined : await createSession(db(), t[who].userId, systemClock, 1);
            const res = await api.call(op.method, url, {
              ...(token ? { token } : {}),
              ...(payload === undefined ? {} : { body: payload }),
              headers: { 'content-type': 'application/json' },
            });
            const what = `${who} ${op.method} ${url.slice(0, 200)} ${String(payload).slice(0, 200)}`;
            assertHandled(res, what);
            assertUnpolluted(what);
            if (res.status < 300) served += 1;
          },
        ),
        40,
      );
    }
    // Hostile input is mostly refused; enough must get through to prove the services were exercised too.
    assert.ok(served >= ops.length, `only ${served} requests got past validation`);
    console.log(`fuzz: ${served} of ${ops.length * 40} requests answered 2xx`);
  });

  function bodyFor(op: Operation): fc.Arbitrary<string> {
    const documented = op.body?.properties ? objectFor(op.body) : hostileValue;
    return fc.oneof(
      { arbitrary: documented.map(toJson), weight: 4 },
      { arbitrary: hostileValue.map(toJson), weight: 1 },
      {
        arbitrary: fc.constantFrom('{"a":', '{', 'nul', '[1,]', '"\\ud800"', '{"__proto__":{"polluted":1}}'),
        weight: 1,
      },
    );
  }

  test('every tool, with hostile and plausible input, returns an outcome and never throws', async () => {
    let succeeded = 0;
    for (const tool of TOOLS) {
      const schema = z.toJSONSchema(toolInputs[tool.name], { io: 'input' }) as JsonSchema;
      await fuzz(
        fc.asyncProperty(
          fc.oneof(objectFor(schema), hostileValue),
          fc.constantFrom(...ROLES),
          async (raw, role) => {
            // The tools take parsed JSON, as a model's or an MCP client's call arrives.
            const input = JSON.parse(toJson(raw));
            const actor = { ...t[role].actor, via: 'assistant' as const };
            const outcome = await runTool({ crm, actor, clock: systemClock }, tool.name, input);
            if (outcome.ok) succeeded += 1;
            else {
              assert.ok(
                ['validation_failed', 'not_found', 'forbidden', 'conflict'].includes(outcome.error.code),
                `${role} ${tool.name}(${toJson(raw).slice(0, 300)}): ${outcome.error.code} ${outcome.error.message}`,
              );
              assert.ok(outcome.error.message.length > 0);
            }
            assertUnpolluted(`${tool.name}(${toJson(raw).slice(0, 200)})`);
          },
        ),
        100,
      );
    }
    assert.ok(succeeded >= TOOLS.length, `only ${succeeded} tool calls got past validation`);
    console.log(`fuzz: ${succeeded} of ${TOOLS.length * 100} tool calls succeeded`);
  });
});

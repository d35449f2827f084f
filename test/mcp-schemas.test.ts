import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Crm } from '../src/crm/index.ts';
import { type Actor, DEFAULT_ORGANIZATION_SETTINGS, ROLES, type Role } from '../src/domain/actor.ts';
import { systemClock } from '../src/domain/time.ts';
import { createMcpServer } from '../src/mcp/server.ts';
import { toolInputs } from '../src/tools/index.ts';

/**
 * tools/list as an MCP client receives it, checked the way the strictest clients check it: every schema
 * compiles under Ajv's strict mode for JSON Schema 2020-12, uses only portable forms, and the whole listing
 * stays small enough that a client can afford it on every session.
 */

/** The most an owner's listing may cost, in JSON characters (about 4 per token). */
const OWNER_BUDGET = 20_000;

async function listing(role: Role): Promise<McpTool[]> {
  const actor: Actor = {
    userId: 1,
    organizationId: 1,
    role,
    via: 'mcp',
    settings: DEFAULT_ORGANIZATION_SETTINGS,
  };
  // Listing reads no records, so no services are needed.
  const server = await createMcpServer({ crm: {} as Crm, clock: systemClock, actor: async () => actor });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'schema-test', version: '1.0.0' });
  await client.connect(clientSide);
  const { tools } = await client.listTools();
  await client.close();
  return tools;
}

// ajv-formats is CommonJS with a default export; under NodeNext its type is the module namespace.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Strict: unknown keywords, union types and loose types all fail to compile, as in the strictest clients. */
function strictAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** Every object in a schema, with the path to it. */
function* nodes(value: unknown, path = '#'): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* nodes(item, `${path}/${i}`);
  } else if (value && typeof value === 'object') {
    yield [path, value as Record<string, unknown>];
    for (const [key, inner] of Object.entries(value)) yield* nodes(inner, `${path}/${key}`);
  }
}

const schemasOf = (tool: McpTool) =>
  [
    ['input', tool.inputSchema],
    ['output', tool.outputSchema],
  ].filter(([, schema]) => schema !== undefined) as [string, Record<string, unknown>][];

for (const role of ROLES) {
  test(`every schema listed to a ${role} compiles under strict JSON Schema 2020-12`, async () => {
    const failures: string[] = [];
    for (const tool of await listing(role)) {
      for (const [which, schema] of schemasOf(tool)) {
        try {
          strictAjv().compile(schema);
        } catch (error) {
          failures.push(`${tool.name} ${which}: ${(error as Error).message}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
}

test('listed schemas use portable forms only: no type arrays, no empty additionalProperties', async () => {
  const found: string[] = [];
  for (const tool of await listing('owner')) {
    for (const [which, schema] of schemasOf(tool)) {
      assert.equal(schema.type, 'object', `${tool.name} ${which}`);
      for (const [path, node] of nodes(schema)) {
        // A property map is not a schema: its keys are field names (delete_record has one called "type").
        if (path.endsWith('/properties') || path.endsWith('/$defs')) continue;
        if (Array.isArray(node.type)) found.push(`${tool.name} ${which} ${path}: type array`);
        const extra = node.additionalProperties;
        if (extra && typeof extra === 'object' && Object.keys(extra).length === 0) {
          found.push(`${tool.name} ${which} ${path}: additionalProperties {}`);
        }
        for (const key of ['convention', 'noun', '$schema', 'id']) {
          if (key in node) found.push(`${tool.name} ${which} ${path}: ${key}`);
        }
      }
    }
  }
  assert.deepEqual(found, []);
});

test(`an owner's tools/list costs at most ${OWNER_BUDGET} characters, and each role only its own`, async () => {
  const sizes = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, JSON.stringify(await listing(role)).length])),
  ) as Record<Role, number>;
  assert.ok(sizes.owner <= OWNER_BUDGET, `the owner's listing is ${sizes.owner} characters`);
  assert.ok(sizes.employee <= sizes.owner);
  assert.ok(sizes.customer < sizes.employee / 2, `a customer's listing is ${sizes.customer} characters`);
});

test('only the lists and the search declare an output schema', async () => {
  const declared = (await listing('owner'))
    .filter((t) => t.outputSchema)
    .map((t) => t.name)
    .sort();
  assert.deepEqual(declared, [
    'list_activities',
    'list_customers',
    'list_deals',
    'list_issues',
    'list_leads',
    'list_orders',
    'list_payments',
    'search_records',
  ]);
});

test("a property of a shared kind keeps its own words beside the kind's", async () => {
  const byName = new Map((await listing('owner')).map((t) => [t.name, t]));
  const property = (tool: string, name: string) => (byName.get(tool)!.inputSchema.properties as any)[name];
  assert.deepEqual(property('list_deals', 'customer'), { type: 'string' }, 'references are explained once');
  assert.match(property('list_deals', 'createdIn').description, /this_month.*YYYY-MM-DD\.\.YYYY-MM-DD/);
  assert.match(property('list_deals', 'closingIn').description, /^Expected close date.*: today, this_month/);
  assert.match(property('search_records', 'limit').description, /default 5/, "not the lists' default of 20");
  assert.deepEqual(property('record_payment', 'paidAt'), { type: 'string', format: 'date' });
});

test('what a listed input schema allows, the tool accepts, and what it refuses the tool refuses', async () => {
  const byName = new Map((await listing('owner')).map((t) => [t.name, t]));
  const ajv = strictAjv();
  const cases: { tool: keyof typeof toolInputs; input: unknown; valid: boolean }[] = [
    // References, people, amounts and periods as people say them.
    {
      tool: 'list_deals',
      input: {
        customer: '#4',
        assignedTo: 'me',
        minValue: '$3k',
        createdIn: 'last_quarter',
        closingIn: '2026-01-01..2026-03-31',
        sort: 'value_desc',
        limit: 5,
      },
      valid: true,
    },
    { tool: 'get_order', input: { order: 'ORD-2026-0012' }, valid: true },
    { tool: 'record_payment', input: { amount: '250.50', order: '12', paidAt: '2026-11-02' }, valid: true },
    {
      tool: 'create_order',
      input: {
        customer: 'Acme',
        items: [{ description: 'Widget', quantity: 2, unitPrice: '10' }],
        taxRate: 8.25,
      },
      valid: true,
    },
    { tool: 'search_records', input: { query: 'Acme', types: ['customer', 'order'] }, valid: true },
    // Refused by both: a missing required field, an unknown field, a value out of range or not in the list.
    { tool: 'get_deal', input: {}, valid: false },
    { tool: 'create_deal', input: { title: 'X', colour: 'red' }, valid: false },
    { tool: 'list_deals', input: { limit: 0 }, valid: false },
    { tool: 'list_deals', input: { limit: 101 }, valid: false },
    { tool: 'list_deals', input: { status: 'pending' }, valid: false },
    { tool: 'update_lead', input: { lead: 3, score: 101 }, valid: false },
    { tool: 'record_payment', input: { amount: '5', paidAt: 'yesterday' }, valid: false },
  ];
  for (const { tool, input, valid } of cases) {
    const listed = ajv.compile(byName.get(tool)!.inputSchema);
    assert.equal(listed(input), valid, `${tool} listing on ${JSON.stringify(input)}`);
    assert.equal(
      toolInputs[tool].safeParse(input).success,
      valid,
      `${tool} tool on ${JSON.stringify(input)}`,
    );
  }
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { apiTokensService } from '../src/crm/api-tokens.ts';
import type { Crm } from '../src/crm/index.ts';
import { type Db, openDatabase } from '../src/db/index.ts';
import { type Actor, DEFAULT_ORGANIZATION_SETTINGS, ROLES } from '../src/domain/actor.ts';
import { systemClock } from '../src/domain/time.ts';
import { originAllowed } from '../src/http/routes/mcp.ts';
import { CREDENTIAL_REFUSED } from '../src/mcp/caller-check.ts';
import { ERROR_CODE_META, FAULT_MESSAGE } from '../src/mcp/calls.ts';
import { createMcpServer } from '../src/mcp/server.ts';
import { annotationsOf, offeredTools } from '../src/mcp/tools.ts';
import { TOOL_NAMES, TOOLS } from '../src/tools/index.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { PARLEY_BIN, runParley } from './support/cli.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * The MCP server as AI clients meet it: the SDK's own Client over Streamable HTTP against the real app on a
 * port, and over stdio against a `parley mcp` process.
 */

async function apiToken(db: Db, actor: Actor): Promise<string> {
  return (await apiTokensService({ db, clock: systemClock }).issue(actor, { name: 'mcp test' })).token;
}

/**
 * A tool call that worked, as its JSON. Where the tool declares an output schema the result is structured
 * too, and the SDK client has already checked it against the schema.
 */
function ok(result: any): any {
  assert.ok(!result.isError, `expected success, got ${JSON.stringify(result.content)}`);
  const json = JSON.parse(result.content[0].text);
  if (result.structuredContent) assert.deepEqual(json, result.structuredContent, 'the text says the same');
  return json;
}

/** The spec's value for a hint a tool leaves out. */
const HINT_DEFAULTS = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

/** Annotations as a client reads them: every hint, absent ones at their defaults. */
function hints(annotations: object | undefined): typeof HINT_DEFAULTS {
  return { ...HINT_DEFAULTS, ...annotations };
}

function refused(result: any, code: string, message?: RegExp): void {
  assert.equal(result.isError, true, `expected a refusal, got ${JSON.stringify(result)}`);
  assert.equal(result._meta?.[ERROR_CODE_META], code, result.content[0]?.text);
  if (message) assert.match(result.content[0].text, message);
}

const names = (tools: { name: string }[]) => tools.map((t) => t.name).sort();
/** What an MCP client is offered: every tool but the ones only the assistant's file readers use. */
const LISTED = TOOL_NAMES.filter((name) => !TOOLS.find((t) => t.name === name)!.readerOnly);

test('annotations follow each tool’s kind; lists and the search declare an output schema', () => {
  for (const tool of TOOLS) {
    const a = hints(annotationsOf(tool));
    assert.ok(tool.title.length > 3, tool.name);
    assert.equal(a.readOnlyHint, tool.kind === 'read', tool.name);
    // For a read-only tool the spec ignores the destructive and idempotent hints.
    if (tool.kind !== 'read') assert.equal(a.destructiveHint, tool.kind === 'destructive', tool.name);
    assert.equal(a.openWorldHint, false, tool.name);
    const chained = tool.name.startsWith('list_') || tool.name === 'search_records';
    assert.equal(tool.output !== undefined, chained, `${tool.name} declares an output schema`);
  }
  const hinted = (name: string) => hints(annotationsOf(TOOLS.find((t) => t.name === name)!));
  assert.equal(hinted('move_deal_stage').idempotentHint, true);
  assert.equal(hinted('create_lead').idempotentHint, false);
  assert.equal(hinted('record_payment').idempotentHint, false);
  assert.equal(hinted('delete_record').destructiveHint, true);
  assert.equal(hinted('update_deal').destructiveHint, false, 'an update can be undone from the audit log');
});

test('pages may use /mcp only from Parley’s own address, allowed origins or this machine', () => {
  const config = { PUBLIC_URL: 'https://crm.example.com', CORS_ORIGINS: ['https://app.example.org'] };
  assert.ok(originAllowed('https://crm.example.com', config));
  assert.ok(originAllowed('https://app.example.org', config));
  assert.ok(originAllowed('http://localhost:6274', config), 'the MCP Inspector on this machine');
  assert.ok(originAllowed('http://127.0.0.1:3000', config));
  assert.ok(!originAllowed('http://evil.example.com', config));
  assert.ok(!originAllowed('https://crm.example.com.evil.test', config));
  assert.ok(!originAllowed('null', config));
  assert.ok(!originAllowed('http://evil.example.com', { PUBLIC_URL: undefined, CORS_ORIGINS: [] }));
});

test('a fault is logged and answered without internals; a result outside its schema counts as one', async () => {
  const faults: string[] = [];
  const deals = {
    list: async (_actor: Actor, query: { q?: string }) => {
      if (query.q === 'malformed') {
        const deal = { id: 1, title: 7, value: 100, currency: 'USD', stageName: 'Lead', status: 'open' };
        return {
          items: [{ ...deal, probability: 10, priority: 'low', customerName: null }],
          nextCursor: null,
        };
      }
      throw new Error('SQLITE_CORRUPT at /srv/parley/data/parley.db');
    },
    get: async () => {
      throw new Error('connection refused 10.0.0.5:5432');
    },
  };
  const owner: Actor = {
    userId: 1,
    organizationId: 1,
    role: 'owner',
    via: 'api',
    settings: DEFAULT_ORGANIZATION_SETTINGS,
  };
  const server = await createMcpServer({
    crm: { deals } as unknown as Crm,
    clock: systemClock,
    actor: async () => owner,
    onFault: (error) => faults.push(String(error)),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'fault-test', version: '1.0.0' });
  await client.connect(clientSide);

  const broken: any = await client.callTool({ name: 'list_deals', arguments: {} });
  assert.equal(broken.isError, true);
  assert.equal(broken.content[0].text, FAULT_MESSAGE);
  const malformed: any = await client.callTool({ name: 'list_deals', arguments: { query: 'malformed' } });
  assert.equal(malformed.content[0].text, FAULT_MESSAGE);
  await assert.rejects(client.readResource({ uri: 'parley://deals/1' }), (error: Error) => {
    assert.doesNotMatch(error.message, /10\.0\.0\.5/);
    return true;
  });
  assert.match(faults[0]!, /SQLITE_CORRUPT/, 'the operator sees the real error');
  assert.match(faults[1]!, /outside its output schema/);
  assert.match(faults[2]!, /connection refused/);
  await client.close();
});

onEachDatabase('MCP over Streamable HTTP', ({ db }) => {
  let a: Tenant;
  let b: Tenant;
  let app: TestApp;
  let crm: Crm;
  let url: URL;
  const tokens: Record<string, string> = {};
  const clients: Client[] = [];

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: 'parley-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  function post(headers: Record<string, string>, body: unknown = { jsonrpc: '2.0', id: 1, method: 'ping' }) {
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify(body),
    });
  }

  before(async () => {
    a = await createTenant(db());
    b = await createTenant(db());
    app = await startTestApp(db());
    crm = app.app.deps.crm;
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    url = new URL(`http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}/mcp`);
    for (const role of ROLES) tokens[role] = await apiToken(db(), a[role].actor);
    tokens.colleague = await apiToken(db(), a.colleague.actor);
    tokens.other = await apiToken(db(), b.owner.actor);
  });

  after(async () => {
    for (const client of clients) await client.close();
    await app.close();
  });

  test('each role is offered its own tools, annotated, with input and output schemas', async () => {
    const owner = (await (await connect(tokens.owner!)).listTools()).tools;
    const employee = (await (await connect(tokens.employee!)).listTools()).tools;
    const customer = (await (await connect(tokens.customer!)).listTools()).tools;

    assert.deepEqual(names(owner), [...LISTED].sort());
    assert.ok(!owner.some((t) => t.name === 'import_records'), "a file's rows are not a model's to carry");
    assert.deepEqual(names(employee), names(offeredTools({ role: 'employee' })));
    assert.ok(employee.some((t) => t.name === 'create_lead'));
    assert.ok(!employee.some((t) => t.name === 'delete_record'), 'employees never delete');
    assert.deepEqual(names(customer), names(offeredTools({ role: 'customer' })));
    assert.ok(!customer.some((t) => t.name === 'create_lead'), 'a customer sees only its tools');

    const byName = new Map(owner.map((t) => [t.name, t]));
    const listDeals = byName.get('list_deals')!;
    assert.equal(listDeals.title, 'List deals');
    assert.deepEqual(listDeals.annotations, { readOnlyHint: true, openWorldHint: false });
    assert.equal(listDeals.inputSchema.type, 'object');
    assert.ok(listDeals.inputSchema.properties?.assignedTo, 'inputs are described');
    assert.equal(listDeals.outputSchema?.type, 'object');
    assert.equal(byName.get('get_deal')!.outputSchema, undefined, 'a get is read as text');
    assert.equal(hints(byName.get('delete_record')!.annotations).destructiveHint, true);
    assert.equal(hints(byName.get('create_lead')!.annotations).readOnlyHint, false);
    assert.equal(hints(byName.get('create_lead')!.annotations).destructiveHint, false);
  });

  test('a write runs at once as the token’s holder and is audited as made through MCP', async () => {
    const employee = await connect(tokens.employee!);
    const lead = ok(
      await employee.callTool({ name: 'create_lead', arguments: { name: 'John', source: 'Facebook' } }),
    );
    assert.equal(lead.source, 'facebook');
    assert.equal(lead.assignedTo, a.employee.userId, 'an employee’s lead is theirs');
    const audit = await crm.audit.list(a.owner.actor, { entity: 'lead', entityId: lead.id });
    assert.equal(audit.items.length, 1);
    assert.equal(audit.items[0]!.via, 'mcp');
    assert.equal(audit.items[0]!.actorUserId, a.employee.userId);
  });

  test('a read sees what the role may see, by "me", "#id" and name', async () => {
    const employee = await connect(tokens.employee!);
    const colleague = await connect(tokens.colleague!);
    const mine = ok(
      await employee.callTool({ name: 'create_deal', arguments: { title: 'MCP mine', value: '$3k' } }),
    );
    ok(await colleague.callTool({ name: 'create_deal', arguments: { title: 'MCP theirs' } }));

    const listed = ok(await employee.callTool({ name: 'list_deals', arguments: { assignedTo: 'me' } }));
    assert.deepEqual(
      listed.items.map((d: { title: string }) => d.title),
      ['MCP mine'],
    );
    assert.equal(listed.items[0].value, '$3,000.00');
    assert.equal(
      ok(await employee.callTool({ name: 'get_deal', arguments: { deal: `#${mine.id}` } })).id,
      mine.id,
    );
    assert.equal(
      ok(await employee.callTool({ name: 'get_deal', arguments: { deal: 'mcp mine' } })).id,
      mine.id,
    );
  });

  test('refusals come back as tool errors with a clear message', async () => {
    const customer = await connect(tokens.customer!);
    refused(
      await customer.callTool({ name: 'create_lead', arguments: { name: 'Sneaky' } }),
      'forbidden',
      /Customers can't add leads/,
    );
    const employee = await connect(tokens.employee!);
    const deal = ok(await employee.callTool({ name: 'create_deal', arguments: { title: 'Keep me' } }));
    refused(
      await employee.callTool({ name: 'delete_record', arguments: { type: 'deal', record: deal.id } }),
      'forbidden',
      /Employees can't delete records/,
    );
    const colleague = await connect(tokens.colleague!);
    refused(
      await colleague.callTool({
        name: 'move_deal_stage',
        arguments: { deal: deal.id, stage: 'negotiation' },
      }),
      'forbidden',
    );
    assert.equal(
      ok(await employee.callTool({ name: 'get_deal', arguments: { deal: deal.id } })).stageName,
      'Lead',
      'nothing changed',
    );
  });

  test('invalid input is a tool error naming the field; an unknown tool is invalid params', async () => {
    const owner = await connect(tokens.owner!);
    refused(
      await owner.callTool({ name: 'create_deal', arguments: { title: '' } }),
      'validation_failed',
      /title/,
    );
    refused(
      await owner.callTool({ name: 'create_deal', arguments: { title: 'X', colour: 'red' } }),
      'validation_failed',
      /colour/,
    );
    refused(
      await owner.callTool({ name: 'list_deals', arguments: { limit: 'lots' } }),
      'validation_failed',
      /limit/,
    );
    await assert.rejects(owner.callTool({ name: 'drop_tables', arguments: {} }), { code: -32602 });
    assert.ok(ok(await owner.callTool({ name: 'whoami', arguments: {} })).user, 'the session still works');
  });

  test('another organization’s records are not found, by tool and by resource', async () => {
    const owner = await connect(tokens.owner!);
    const deal = ok(await owner.callTool({ name: 'create_deal', arguments: { title: 'Org A secret' } }));
    const other = await connect(tokens.other!);
    refused(await other.callTool({ name: 'get_deal', arguments: { deal: deal.id } }), 'not_found');
    refused(await other.callTool({ name: 'get_deal', arguments: { deal: 'Org A secret' } }), 'not_found');
    refused(
      await other.callTool({ name: 'move_deal_stage', arguments: { deal: deal.id, stage: 'won' } }),
      'not_found',
    );
    await assert.rejects(other.readResource({ uri: `parley://deals/${deal.id}` }), (error: any) => {
      assert.equal(error.code, -32002);
      assert.match(error.message, /not found/);
      return true;
    });
    assert.equal(
      (await owner.readResource({ uri: `parley://deals/${deal.id}` })).contents.length,
      1,
      'its owner reads it',
    );
  });

  test('records are resources: listed per role, read as JSON, only where the role may read', async () => {
    const employee = await connect(tokens.employee!);
    const deal = ok(await employee.callTool({ name: 'create_deal', arguments: { title: 'Resource deal' } }));
    const uri = `parley://deals/${deal.id}`;
    const listed = (await employee.listResources()).resources;
    assert.ok(listed.some((r) => r.uri === uri && r.title === 'Resource deal'));
    const read = await employee.readResource({ uri });
    const content = read.contents[0] as { uri: string; mimeType: string; text: string };
    assert.equal(content.mimeType, 'application/json');
    assert.equal(JSON.parse(content.text).title, 'Resource deal');
    const templates = (await employee.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    assert.ok(templates.includes('parley://deals/{id}'));

    const customer = await connect(tokens.customer!);
    const theirs = (await customer.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    assert.ok(!theirs.includes('parley://deals/{id}'), 'no deals for a customer');
    await assert.rejects(customer.readResource({ uri }));
    const own = await customer.readResource({ uri: `parley://customers/${a.customerRecordId}` });
    assert.equal(JSON.parse((own.contents[0] as { text: string }).text).id, a.customerRecordId);
    assert.deepEqual(
      (await customer.listResources()).resources.map((r) => r.uri),
      [`parley://customers/${a.customerRecordId}`],
      'a customer lists only its own record',
    );
  });

  test('prompts per role, filled with data the caller may see, with customer names completed', async () => {
    const employee = await connect(tokens.employee!);
    assert.deepEqual(names((await employee.listPrompts()).prompts), [
      'customer_briefing',
      'issue_triage',
      'weekly_pipeline_review',
    ]);
    const review = await employee.getPrompt({
      name: 'weekly_pipeline_review',
      arguments: { assignee: 'me' },
    });
    const reviewText = (review.messages[0]!.content as { text: string }).text;
    assert.match(reviewText, /Open deals, largest first/);
    assert.match(reviewText, /MCP mine|Keep me|Resource deal/);

    const completion = await employee.complete({
      ref: { type: 'ref/prompt', name: 'customer_briefing' },
      argument: { name: 'customer', value: 'portal' },
    });
    assert.ok(completion.completion.values.length >= 1);
    const name = completion.completion.values[0]!;
    const briefing = await employee.getPrompt({ name: 'customer_briefing', arguments: { customer: name } });
    assert.match((briefing.messages[0]!.content as { text: string }).text, new RegExp(`Brief me on ${name}`));

    const other = await connect(tokens.other!);
    await assert.rejects(
      other.getPrompt({ name: 'customer_briefing', arguments: { customer: String(a.customerRecordId) } }),
      /not found/,
    );

    const customer = await connect(tokens.customer!);
    assert.deepEqual(names((await customer.listPrompts()).prompts), ['account_overview']);
  });

  test('no token, a bad token, a revoked token or only a cookie: 401 with the error contract', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer plt_not-a-real-token' },
      { cookie: `parley_session=${a.owner.token}` },
    ];
    for (const headers of attempts) {
      const res = await post(headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      const body = (await res.json()) as any;
      assert.equal(body.error.code, 'unauthenticated');
      assert.ok(body.error.message.length > 10);
    }
    const client = new Client({ name: 'anonymous', version: '1.0.0' });
    await assert.rejects(client.connect(new StreamableHTTPClientTransport(url)));

    const revocable = await apiTokensService({ db: db(), clock: systemClock }).issue(a.owner.actor, {
      name: 'short-lived',
    });
    assert.equal((await post({ authorization: `Bearer ${revocable.token}` })).status, 200);
    await apiTokensService({ db: db(), clock: systemClock }).revoke(a.owner.actor, revocable.id);
    assert.equal((await post({ authorization: `Bearer ${revocable.token}` })).status, 401);
  });

  test('a page from another site is refused; GET and DELETE are not served', async () => {
    const auth = { authorization: `Bearer ${tokens.owner}` };
    assert.equal((await post({ ...auth, origin: 'http://evil.example.com' })).status, 403);
    assert.equal((await post({ ...auth, origin: 'http://localhost:6274' })).status, 200);
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(url, { method, headers: { ...auth, accept: 'text/event-stream' } });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get('allow'), 'POST');
    }
    const broken = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{"jsonrpc":',
    });
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as any).error.code, -32700, 'a JSON-RPC parse error');
  });

  test('every tool answers within its declared output schema, structured only where it declares one', async () => {
    const owner = await connect(tokens.owner!);
    // Listing first also makes the SDK client check each structured result against its schema.
    const declared = new Set(
      (await owner.listTools()).tools.filter((t) => t.outputSchema).map((t) => t.name),
    );
    const called = new Set<string>();
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      called.add(name);
      const result: any = await owner.callTool({ name, arguments: args });
      assert.equal(result.structuredContent !== undefined, declared.has(name), `${name}: structured or not`);
      return ok(result);
    };
    await call('whoami');
    const customer = await call('create_customer', { name: 'Schema Customer', email: 'schema@example.test' });
    await call('update_customer', { customer: customer.id, city: 'Paris' });
    await call('get_customer', { customer: customer.id });
    await call('list_customers', { query: 'Schema' });
    const lead = await call('create_lead', { name: 'Schema Lead', estimatedValue: 1200 });
    await call('update_lead', { lead: lead.id, status: 'qualified', score: 70 });
    await call('get_lead', { lead: lead.id });
    await call('list_leads', {});
    await call('convert_lead', { lead: lead.id, createDeal: true });
    const deal = await call('create_deal', { title: 'Schema Deal', value: 500, customer: customer.id });
    await call('update_deal', { deal: deal.id, priority: 'high' });
    await call('move_deal_stage', { deal: deal.id, stage: 'negotiation' });
    await call('get_deal', { deal: deal.id });
    await call('list_deals', { sort: 'value_desc' });
    const issue = await call('create_issue', { title: 'Schema issue', customer: customer.id });
    await call('update_issue', { issue: issue.number, status: 'in_progress' });
    await call('comment_on_issue', { issue: issue.id, comment: 'On it' });
    await call('get_issue', { issue: issue.id });
    await call('list_issues', {});
    const order = await call('create_order', {
      customer: customer.id,
      items: [{ description: 'Widget', quantity: 2, unitPrice: 100 }],
    });
    await call('get_order', { order: order.number });
    await call('list_orders', {});
    await call('record_payment', { amount: 50, order: order.id });
    await call('list_payments', { order: order.id });
    const activity = await call('log_activity', { type: 'task', subject: 'Call back', dueAt: '2026-12-01' });
    await call('list_activities', { done: false });
    await call('get_stats', { period: 'this_year' });
    await call('search_records', { query: 'Schema' });
    await call('delete_record', { type: 'activity', record: activity.id });
    assert.deepEqual([...called].sort(), [...LISTED].sort(), 'every listed tool was called');
  });
});

describe('MCP over stdio: parley mcp --token', () => {
  let dir: string;
  let db: Db;
  let env: Record<string, string>;
  let token: string;
  let tokenId: number;
  let client: Client;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-mcp-'));
    env = { DATABASE_URL: `file:${join(dir, 'mcp.db')}`, LOG_LEVEL: 'warn' };
    const created = await runParley(
      [
        'user',
        'create',
        '--email',
        'ema@example.test',
        '--name',
        'Ema Ployee',
        '--password',
        'long enough password',
        '--org',
        'stdio-org',
        '--role',
        'employee',
      ],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    const issued = await runParley(
      ['token', 'create', '--user', 'ema@example.test', '--name', 'desktop'],
      env,
    );
    assert.equal(issued.code, 0, issued.stderr);
    token = issued.stdout.trim();
    db = openDatabase({ kind: 'sqlite', file: join(dir, 'mcp.db') });
    tokenId = (await db.selectFrom('api_tokens').select('id').executeTakeFirstOrThrow()).id;

    client = new Client({ name: 'desktop-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [PARLEY_BIN, 'mcp', '--token', token],
        env: { ...(process.env as Record<string, string>), ...env },
        stderr: 'pipe',
      }),
    );
  });

  after(async () => {
    await client?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test('lists the employee’s tools and runs a read and a write, audited via mcp', async () => {
    const tools = names((await client.listTools()).tools);
    assert.deepEqual(tools, names(offeredTools({ role: 'employee' })));
    assert.ok(!tools.includes('delete_record'));

    const customer = ok(await client.callTool({ name: 'create_customer', arguments: { name: 'Stdio Ltd' } }));
    const listed = ok(await client.callTool({ name: 'list_customers', arguments: { query: 'stdio' } }));
    assert.deepEqual(
      listed.items.map((c: { id: number }) => c.id),
      [customer.id],
    );
    const audit = await db
      .selectFrom('audit_log')
      .select(['via', 'action'])
      .where('entity', '=', 'customer')
      .where('entity_id', '=', customer.id)
      .execute();
    assert.deepEqual(audit, [{ via: 'mcp', action: 'create' }]);
  });

  test('refusals and bad input are tool errors; the session carries on', async () => {
    refused(
      await client.callTool({ name: 'delete_record', arguments: { type: 'customer', record: 1 } }),
      'forbidden',
    );
    refused(await client.callTool({ name: 'create_customer', arguments: {} }), 'validation_failed', /name/);
    assert.equal(ok(await client.callTool({ name: 'whoami', arguments: {} })).role, 'employee');
  });

  test('a bad token stops the command with a message; a revoked one stops the next call', async () => {
    const bad = await runParley(['mcp', '--token', 'plt_not-a-real-token'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /token is not valid/);
    assert.equal(bad.stdout, '', 'nothing but protocol on stdout');
    const missing = await runParley(['mcp'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--token or PARLEY_TOKEN/);

    await db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', tokenId)
      .execute();
    await assert.rejects(client.callTool({ name: 'whoami', arguments: {} }), (error: any) => {
      assert.equal(error.code, CREDENTIAL_REFUSED);
      assert.match(error.message, /not valid/);
      return true;
    });
  });
});

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
import {
  type ClientCapabilities,
  ElicitRequestSchema,
  type ElicitResult,
  type LoggingMessageNotification,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { apiTokensService } from '../src/crm/api-tokens.ts';
import type { Crm } from '../src/crm/index.ts';
import { type Db, openDatabase } from '../src/db/index.ts';
import type { Actor } from '../src/domain/actor.ts';
import { systemClock } from '../src/domain/time.ts';
import { CREDENTIAL_REFUSED } from '../src/mcp/caller-check.ts';
import { ERROR_CODE_META } from '../src/mcp/calls.ts';
import { createMcpServer } from '../src/mcp/server.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { PARLEY_BIN, runParley } from './support/cli.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * The protocol around the tools: error codes as the MCP specification gives them, the credential checked
 * on every request of a long-lived session, log messages at the client's level, completion of record
 * references, and confirmation of destructive tools through the client (elicitation).
 */

/** One request of every method a server answers, as the SDK's client sends it. */
const EVERY_METHOD: [string, (c: Client) => Promise<unknown>][] = [
  ['ping', (c) => c.ping()],
  ['tools/list', (c) => c.listTools()],
  ['tools/call', (c) => c.callTool({ name: 'whoami', arguments: {} })],
  ['prompts/list', (c) => c.listPrompts()],
  ['prompts/get', (c) => c.getPrompt({ name: 'issue_triage' })],
  ['resources/list', (c) => c.listResources()],
  ['resources/templates/list', (c) => c.listResourceTemplates()],
  ['resources/read', (c) => c.readResource({ uri: 'parley://customers/1' })],
  [
    'completion/complete',
    (c) =>
      c.complete({
        ref: { type: 'ref/resource', uri: 'parley://deals/{id}' },
        argument: { name: 'id', value: 'a' },
      }),
  ],
  ['logging/setLevel', (c) => c.setLoggingLevel('debug')],
];

/** The JSON-RPC error a request was answered with; the SDK's client puts "MCP error <code>: " in front. */
/** A tool's answer as data: only some tools declare an output schema, every tool answers in text. */
function resultOf(result: any): any {
  assert.ok(!result.isError, JSON.stringify(result.content));
  return JSON.parse(result.content[0].text);
}

async function rpcError(request: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await request;
  } catch (error) {
    const { code, message } = error as { code: number; message: string };
    const prefix = `MCP error ${code}: `;
    assert.ok(message.startsWith(prefix), message);
    return { code, message: message.slice(prefix.length) };
  }
  assert.fail('expected a JSON-RPC error');
}

async function apiToken(db: Db, actor: Actor) {
  return apiTokensService({ db, clock: systemClock }).issue(actor, { name: 'protocol test' });
}

onEachDatabase('MCP protocol over Streamable HTTP', ({ db }) => {
  let a: Tenant;
  let b: Tenant;
  let app: TestApp;
  let url: URL;
  const tokens: Record<string, string> = {};
  const clients: Client[] = [];

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: 'protocol-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  }

  before(async () => {
    a = await createTenant(db());
    b = await createTenant(db());
    app = await startTestApp(db());
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    url = new URL(`http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}/mcp`);
    for (const role of ['owner', 'employee', 'customer'] as const) {
      tokens[role] = (await apiToken(db(), a[role].actor)).token;
    }
    tokens.other = (await apiToken(db(), b.owner.actor)).token;
  });

  after(async () => {
    for (const client of clients) await client.close();
    await app.close();
  });

  test('an unknown tool is invalid params; bad arguments and refusals are tool errors', async () => {
    const owner = await connect(tokens.owner!);
    assert.deepEqual(await rpcError(owner.callTool({ name: 'drop_tables', arguments: {} })), {
      code: -32602,
      message: 'There is no tool called drop_tables',
    });
    // The assistant's file reader imports through a tool no client is offered, and none can call it by name.
    assert.deepEqual(
      await rpcError(
        owner.callTool({ name: 'import_records', arguments: { kind: 'leads', rows: [{ name: 'X' }] } }),
      ),
      { code: -32602, message: 'There is no tool called import_records' },
    );
    const invalid: any = await owner.callTool({ name: 'create_deal', arguments: { title: '' } });
    assert.equal(invalid.isError, true);
    assert.equal(invalid._meta[ERROR_CODE_META], 'validation_failed');
    assert.match(invalid.content[0].text, /title/);
    const customer = await connect(tokens.customer!);
    const refused: any = await customer.callTool({ name: 'create_lead', arguments: { name: 'X' } });
    assert.equal(refused._meta[ERROR_CODE_META], 'forbidden');
  });

  test('a record missing, out of scope or of a kind the role may not read is -32002, said once', async () => {
    const owner = await connect(tokens.owner!);
    const deal = (await owner.callTool({ name: 'create_deal', arguments: { title: 'Scoped deal' } })) as any;
    const uri = `parley://deals/${resultOf(deal).id}`;
    const cases: [string, string][] = [
      ['owner', 'parley://deals/999999'],
      ['owner', 'parley://deals/no-such-deal'],
      ['owner', 'parley://widgets/1'],
      ['employee', 'parley://deals/999999'],
      ['customer', uri],
      ['customer', `parley://customers/${b.customerRecordId}`],
      ['customer', 'parley://orders/ORD-2099-9999'],
      ['other', uri],
    ];
    for (const [who, target] of cases) {
      const client = await connect(tokens[who]!);
      assert.deepEqual(
        await rpcError(client.readResource({ uri: target })),
        { code: -32002, message: `Resource ${target} not found` },
        `${who} reading ${target}`,
      );
    }
  });

  test('an unknown prompt, a missing argument and an unknown completion reference are invalid params', async () => {
    const employee = await connect(tokens.employee!);
    assert.deepEqual(await rpcError(employee.getPrompt({ name: 'test_simple_prompt' })), {
      code: -32602,
      message: 'There is no prompt called test_simple_prompt',
    });
    assert.deepEqual(await rpcError(employee.getPrompt({ name: 'customer_briefing', arguments: {} })), {
      code: -32602,
      message: 'customer_briefing needs: customer',
    });
    const customer = await connect(tokens.customer!);
    assert.equal(
      (await rpcError(customer.getPrompt({ name: 'weekly_pipeline_review' }))).code,
      -32602,
      'a prompt the role is not offered does not exist for it',
    );
    assert.equal(
      (
        await rpcError(
          employee.complete({
            ref: { type: 'ref/prompt', name: 'nope' },
            argument: { name: 'x', value: '' },
          }),
        )
      ).code,
      -32602,
    );
    assert.deepEqual(
      await rpcError(
        customer.complete({
          ref: { type: 'ref/resource', uri: 'parley://deals/{id}' },
          argument: { name: 'id', value: '' },
        }),
      ),
      { code: -32602, message: 'There is no resource template parley://deals/{id}' },
    );
  });

  test('completion offers the caller’s own records by name and number, 20 at most', async () => {
    const owner = await connect(tokens.owner!);
    const other = await connect(tokens.other!);
    for (let i = 1; i <= 22; i += 1) {
      await owner.callTool({
        name: 'create_deal',
        arguments: { title: `Zephyr ${String(i).padStart(2, '0')}` },
      });
    }
    await other.callTool({ name: 'create_deal', arguments: { title: 'Zephyr of B' } });
    const deals = { type: 'ref/resource' as const, uri: 'parley://deals/{id}' };

    const many = (await owner.complete({ ref: deals, argument: { name: 'id', value: 'zeph' } })).completion;
    assert.equal(many.values.length, 20);
    assert.equal(many.hasMore, true);
    assert.ok(
      many.values.every((v) => /^Zephyr \d\d$/.test(v)),
      JSON.stringify(many.values),
    );
    const few = (await owner.complete({ ref: deals, argument: { name: 'id', value: 'Zephyr 2' } }))
      .completion;
    assert.deepEqual([...few.values].sort(), ['Zephyr 20', 'Zephyr 21', 'Zephyr 22']);
    assert.equal(few.hasMore, false, JSON.stringify(few));
    const theirs = (await other.complete({ ref: deals, argument: { name: 'id', value: 'zeph' } })).completion;
    assert.deepEqual(theirs.values, ['Zephyr of B'], 'another organization sees only its own');

    // A completed value reads the record it names.
    const read = await owner.readResource({ uri: `parley://deals/${encodeURIComponent('Zephyr 21')}` });
    assert.equal(JSON.parse((read.contents[0] as { text: string }).text).title, 'Zephyr 21');

    const issue = (await owner.callTool({
      name: 'create_issue',
      arguments: { title: 'Printer on fire' },
    })) as any;
    const number = resultOf(issue).number as string;
    const issues = { type: 'ref/resource' as const, uri: 'parley://issues/{id}' };
    const byNumber = (await owner.complete({ ref: issues, argument: { name: 'id', value: number } }))
      .completion;
    assert.deepEqual(byNumber.values, [number]);
    const byId = (
      await owner.complete({
        ref: issues,
        argument: { name: 'id', value: String(resultOf(issue).id) },
      })
    ).completion;
    assert.ok(byId.values.includes(number), 'digits offer the record with that id');

    const customer = await connect(tokens.customer!);
    const customers = { type: 'ref/resource' as const, uri: 'parley://customers/{id}' };
    const own = (await customer.complete({ ref: customers, argument: { name: 'id', value: '' } })).completion;
    assert.equal(own.values.length, 1, 'a customer is offered only its own record');
    const briefing = (
      await owner.complete({
        ref: { type: 'ref/prompt', name: 'customer_briefing' },
        argument: { name: 'customer', value: 'portal' },
      })
    ).completion;
    assert.ok(briefing.values.length >= 1);
    assert.ok(briefing.values.every((v) => v.startsWith('Portal Customer')));
    const assignee = await owner.complete({
      ref: { type: 'ref/prompt', name: 'weekly_pipeline_review' },
      argument: { name: 'assignee', value: 'a' },
    });
    assert.deepEqual(assignee.completion.values, [], 'an argument that names no record has no suggestions');
  });

  test('every request re-authenticates: a revoked token or a removed membership is refused for every method', async () => {
    const revocable = await apiToken(db(), a.employee.actor);
    const client = await connect(revocable.token);
    for (const [, send] of EVERY_METHOD) await send(client).catch(() => {});
    await apiTokensService({ db: db(), clock: systemClock }).revoke(a.employee.actor, revocable.id);

    const leaving = await apiToken(db(), a.colleague.actor);
    const crm: Crm = app.app.deps.crm;
    await crm.members.remove(a.owner.actor, a.colleague.userId);

    // Removing a member also revokes their tokens, so both are refused as unauthenticated.
    const refusals: [string, number][] = [
      [revocable.token, 401],
      [leaving.token, 401],
    ];
    for (const [token, status] of refusals) {
      for (const [method] of EVERY_METHOD) {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: {} }),
        });
        assert.equal(res.status, status, method);
        assert.ok(((await res.json()) as any).error.message.length > 10);
      }
    }
  });
});

/** A server for a long-lived session (what stdio serves), in process, over a real database. */
async function session(crm: Crm, actor: Actor, capabilities: ClientCapabilities = {}) {
  const server = await createMcpServer({ crm, clock: systemClock, actor: async () => actor });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'session-test', version: '1.0.0' }, { capabilities });
  const messages: LoggingMessageNotification['params'][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    messages.push(n.params);
  });
  await client.connect(clientSide);
  return { client, messages };
}

/** Lets notifications sent just before a result arrive. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

onEachDatabase('MCP logging and elicitation in a session', ({ db }) => {
  let a: Tenant;
  let app: TestApp;
  let crm: Crm;

  before(async () => {
    a = await createTenant(db());
    app = await startTestApp(db());
    crm = app.app.deps.crm;
  });

  after(() => app.close());

  test('log messages at or above the client’s level: writes at info, refusals at warning, no arguments', async () => {
    const { client, messages } = await session(crm, a.employee.actor);
    assert.deepEqual(await client.setLoggingLevel('info'), {});
    await client.callTool({
      name: 'create_customer',
      arguments: { name: 'Secretive Ltd', notes: 'pin 4711' },
    });
    await client.callTool({ name: 'delete_record', arguments: { type: 'customer', record: 1 } });
    await client.callTool({ name: 'list_customers', arguments: {} });
    await settle();
    assert.deepEqual(
      messages.map((m) => [m.level, (m.data as { message: string }).message]),
      [
        ['info', 'create_customer made its change'],
        ['warning', 'delete_record was not done (forbidden)'],
      ],
    );
    assert.ok(!JSON.stringify(messages).includes('4711'), 'arguments never reach the log');
    assert.ok(!JSON.stringify(messages).includes('Secretive'));

    messages.length = 0;
    await client.setLoggingLevel('error');
    await client.callTool({ name: 'create_customer', arguments: { name: 'Quiet Ltd' } });
    await client.callTool({ name: 'delete_record', arguments: { type: 'customer', record: 1 } });
    await settle();
    assert.deepEqual(messages, [], 'below the level nothing is sent');
    await client.close();
  });

  test('a destructive tool asks the person with Parley’s own summary; decline and cancel change nothing', async () => {
    const deal = await crm.deals.create(a.owner.actor, { title: 'Doomed deal' });
    const exists = async () => (await crm.deals.list(a.owner.actor, { q: 'Doomed' })).items.length === 1;
    const asked: string[] = [];
    let answer: ElicitResult['action'] = 'decline';
    const { client, messages } = await session(crm, a.owner.actor, { elicitation: {} });
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action: answer };
    });
    const call = () =>
      client.callTool({
        name: 'delete_record',
        arguments: { type: 'deal', record: deal.id },
      }) as Promise<any>;

    const declined = await call();
    assert.equal(declined.isError, true);
    assert.equal(declined._meta[ERROR_CODE_META], 'declined');
    assert.match(declined.content[0].text, /declined .*Nothing was changed/);
    assert.equal(asked[0], `Delete deal #${deal.id} Doomed deal permanently? This cannot be undone.`);
    assert.ok(await exists(), 'declined: still there');

    answer = 'cancel';
    assert.equal((await call())._meta[ERROR_CODE_META], 'cancelled');
    assert.ok(await exists(), 'cancelled: still there');

    answer = 'accept';
    const done = await call();
    assert.ok(!done.isError, JSON.stringify(done.content));
    assert.match(resultOf(done).deleted, /Doomed deal/);
    assert.ok(!(await exists()), 'accepted: deleted');
    assert.equal(asked.length, 3);

    // Nothing to confirm when the call is refused anyway: the person is not asked.
    const missing = await call();
    assert.equal(missing._meta[ERROR_CODE_META], 'not_found');
    assert.equal(asked.length, 3);
    await settle();
    assert.ok(
      messages.some((m) => m.level === 'warning' && /declined/.test(String((m.data as any).message))),
    );

    // Writes that are not destructive are not asked about.
    await client.callTool({ name: 'create_deal', arguments: { title: 'Harmless' } });
    assert.equal(asked.length, 3);
    await client.close();
  });

  test('a client without elicitation relies on its own approval: the delete runs when called', async () => {
    const deal = await crm.deals.create(a.owner.actor, { title: 'Approved elsewhere' });
    const { client } = await session(crm, a.owner.actor);
    const done = (await client.callTool({
      name: 'delete_record',
      arguments: { type: 'deal', record: deal.id },
    })) as any;
    assert.ok(!done.isError);
    assert.equal((await crm.deals.list(a.owner.actor, { q: 'Approved' })).items.length, 0);
    await client.close();
  });
});

describe('MCP over stdio: the token is checked before every request', () => {
  let dir: string;
  let db: Db;
  let env: Record<string, string>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-mcp-protocol-'));
    env = { DATABASE_URL: `file:${join(dir, 'mcp.db')}`, LOG_LEVEL: 'warn' };
    for (const [email, role] of [
      ['owner@example.test', 'owner'],
      ['emp@example.test', 'employee'],
    ] as const) {
      const created = await runParley(
        ['user', 'create', '--email', email, '--name', role, '--password', 'long enough password'].concat([
          '--org',
          'stdio-org',
          '--role',
          role,
        ]),
        env,
      );
      assert.equal(created.code, 0, created.stderr);
    }
    db = openDatabase({ kind: 'sqlite', file: join(dir, 'mcp.db') });
  });

  /** Every desktop client started, closed at the end even when a test fails, so no child process is left. */
  const clients: Client[] = [];

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function desktop(email: string): Promise<Client> {
    const issued = await runParley(['token', 'create', '--user', email, '--name', 'desktop'], env);
    assert.equal(issued.code, 0, issued.stderr);
    const client = new Client(
      { name: 'desktop-test', version: '1.0.0' },
      { capabilities: { elicitation: {} } },
    );
    clients.push(client);
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [PARLEY_BIN, 'mcp', '--token', issued.stdout.trim()],
        env: { ...(process.env as Record<string, string>), ...env },
        stderr: 'pipe',
      }),
    );
    return client;
  }

  async function refusedEverywhere(client: Client, message: RegExp) {
    for (const [method, send] of EVERY_METHOD) {
      const error = await rpcError(send(client));
      assert.equal(error.code, CREDENTIAL_REFUSED, method);
      assert.match(error.message, message, method);
    }
  }

  test('every method answers while the token works and is refused once it is revoked', async () => {
    const client = await desktop('emp@example.test');
    for (const [method, send] of EVERY_METHOD) {
      await assert.doesNotReject(
        send(client).catch((error: { code?: number }) => {
          // resources/read of a record that does not exist is a fine answer here.
          if (error.code !== -32002) throw error;
        }),
        method,
      );
    }
    await db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).execute();
    await refusedEverywhere(client, /token is not valid/);
    await client.close();
  });

  test('a delete is confirmed through the client; a holder removed from the organization is refused', async () => {
    const client = await desktop('owner@example.test');
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action: 'accept' };
    });
    const customer = (await client.callTool({
      name: 'create_customer',
      arguments: { name: 'Gone Ltd' },
    })) as any;
    const deleted = (await client.callTool({
      name: 'delete_record',
      arguments: { type: 'customer', record: resultOf(customer).id },
    })) as any;
    assert.ok(!deleted.isError, JSON.stringify(deleted.content));
    assert.deepEqual(asked, [
      `Delete customer #${resultOf(customer).id} Gone Ltd permanently? This cannot be undone.`,
    ]);

    await db.deleteFrom('memberships').execute();
    await refusedEverywhere(client, /no longer a member/);
    await client.close();
  });
});

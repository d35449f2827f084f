import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { operation } from '../src/http/routes/operation.ts';
import type { TestApp } from './support/app.ts';
import { startTestApp } from './support/app.ts';
import {
  type ApiDocument,
  Contract,
  contractOf,
  documentsResponses,
  type Exchange,
  strictAjv,
} from './support/contract.ts';
import { openTestDatabase, type TestDatabase } from './support/databases.ts';

/**
 * The served OpenAPI document as clients and their tools read it: it passes the linter's recommended rules,
 * names and describes every operation, documents errors with the one Error body, opens only the routes meant
 * to be public, and its schemas compile under a strict JSON Schema 2020-12 compiler. The second half proves
 * the response check every test runs through `call` refuses what the document does not say.
 */

/** Fails listing every item, one a line, so a broken document reads as a to-do list. */
function none(found: string[], what: string): void {
  assert.ok(found.length === 0, `${found.length} ${what}:\n${found.join('\n')}`);
}

/** Callable without credentials; every other operation keeps the document's global security. */
const PUBLIC = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'GET /api/v1/auth/session',
  'POST /api/v1/invitations/accept',
  'GET /api/v1/auth/options',
  'POST /api/v1/auth/password-reset/request',
  'POST /api/v1/auth/password-reset',
  'GET /healthz',
  'GET /readyz',
]);

describe('the served API document', () => {
  let database: TestDatabase;
  let api: TestApp;
  let contract: Contract;

  before(async () => {
    database = await openTestDatabase('sqlite');
    // As a fresh install serves it, with no PUBLIC_URL set.
    api = await startTestApp(database.db);
    const res = await api.call('GET', '/api/docs/json');
    assert.equal(res.status, 200);
    contract = contractOf(res.body);
  });
  after(async () => {
    await api.close();
    await database.close();
  });

  test('passes the linter’s recommended rules with no errors', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(contract.document),
      absoluteRef: 'openapi.json',
      config,
    });
    const line = (p: (typeof problems)[number]) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`;
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity === 'warn');
    console.log(`lint: ${errors.length} errors, ${warnings.length} warnings`);
    for (const w of warnings) console.log(`  warning ${line(w)}`);
    none(errors.map(line), 'lint errors');
  });

  test('servers is PUBLIC_URL when set, else the address the document came from', async () => {
    assert.deepEqual((contract.document as { servers?: unknown }).servers, [{ url: '/' }]);
    const deployed = await startTestApp(database.db, {
      settings: { PUBLIC_URL: 'https://crm.example.test/' },
    });
    try {
      const res = await deployed.call('GET', '/api/docs/json');
      assert.deepEqual(res.body.servers, [{ url: 'https://crm.example.test' }]);
    } finally {
      await deployed.close();
    }
  });

  test('every operation has a unique operationId, a summary and its 4xx answers', () => {
    const missing: string[] = [];
    const ids = new Map<string, string>();
    for (const { method, path, op } of contract.operations) {
      const name = `${method} ${path}`;
      if (!op.operationId) missing.push(`${name}: no operationId`);
      else if (ids.has(op.operationId))
        missing.push(`${name}: operationId ${op.operationId} also on ${ids.get(op.operationId)}`);
      else ids.set(op.operationId, name);
      if (!op.summary) missing.push(`${name}: no summary`);
      if (!Object.keys(op.responses ?? {}).some((s) => s.startsWith('4'))) missing.push(`${name}: no 4xx`);
    }
    none(missing, 'gaps');
  });

  test('every 4xx it documents has the Error body', () => {
    const wrong: string[] = [];
    for (const { method, path, op } of contract.operations) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!status.startsWith('4')) continue;
        const schema = response.content?.['application/json']?.schema;
        if (schema?.$ref !== '#/components/schemas/Error') wrong.push(`${method} ${path} ${status}`);
      }
    }
    none(wrong, '4xx answers without the Error body');
  });

  test('only sign-in, sign-out, the session check, recovery, accepting an invitation and health checks are public', () => {
    const documented = contract.operations.map(({ method, path, op }) => ({ name: `${method} ${path}`, op }));
    const names = new Set(documented.map((o) => o.name));
    for (const name of [
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'POST /api/v1/invitations/accept',
    ]) {
      assert.ok(names.has(name), `${name} is documented`);
    }
    const opened = documented.filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0);
    assert.deepEqual(
      opened.map((o) => o.name).sort(),
      documented
        .filter((o) => PUBLIC.has(o.name))
        .map((o) => o.name)
        .sort(),
    );
  });

  test('every schema compiles under a strict JSON Schema 2020-12 compiler', () => {
    none(contract.schemaProblems(), 'schemas refused');
  });
});

describe('the response check in every test', () => {
  const error = { $ref: '#/components/schemas/Error' };
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  const document = {
    paths: {
      '/things/{id}': {
        get: {
          responses: {
            200: { description: 'A thing', ...json({ $ref: '#/components/schemas/Thing' }) },
            404: { description: 'Missing', ...json(error) },
          },
        },
        delete: { responses: { 204: { description: 'Deleted' } } },
        patch: { responses: { 200: { description: 'Default Response' } } },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          properties: { id: { type: 'integer' }, day: { type: 'string', format: 'date' } },
          required: ['id'],
          additionalProperties: false,
        },
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' } },
              required: ['code', 'message'],
            },
          },
          required: ['error'],
        },
      },
    },
  } as unknown as ApiDocument;
  const contract = new Contract(document);
  const answer = (x: Partial<Exchange>): Exchange => ({
    method: 'GET',
    route: '/things/:id',
    status: 200,
    contentType: 'application/json; charset=utf-8',
    text: '{"id":1}',
    ...x,
  });

  test('is what call() runs on every answer of a real app', async () => {
    const database = await openTestDatabase('sqlite');
    const api = await startTestApp(database.db);
    try {
      // A documented route that answers what it is told to, registered as the routes are.
      const probe: FastifyPluginAsyncZod = async (app) => {
        app.get(
          '/probe/:status',
          operation({
            id: 'probe',
            summary: 'Answer with a status',
            tags: ['probe'],
            public: true,
            schema: {
              params: z.object({ status: z.coerce.number() }),
              response: { 200: z.object({ ok: z.boolean() }) },
            },
          }),
          async (req, reply) =>
            req.params.status === 200
              ? { ok: true }
              : // Untyped on purpose: the probe answers statuses its own schema does not list.
                (reply as FastifyReply)
                  .status(req.params.status)
                  .send({ error: { code: 'probe', message: 'As asked' } }),
        );
      };
      await api.app.register(probe);
      assert.equal((await api.call('GET', '/probe/200')).status, 200);
      assert.equal((await api.call('GET', '/probe/400')).status, 400);
      await assert.rejects(
        api.call('GET', '/probe/409'),
        /GET \/probe\/\{status\} answered 409: a status the document/,
      );
    } finally {
      await api.close();
      await database.close();
    }
  });

  test('passes an answer the document describes', () => {
    contract.check(answer({}));
    contract.check(answer({ text: '{"id":2,"day":"2026-12-05"}' }));
    contract.check(answer({ status: 404, text: '{"error":{"code":"not_found","message":"No thing 3"}}' }));
    contract.check(answer({ method: 'DELETE', status: 204, contentType: undefined, text: '' }));
  });

  test('refuses a status the operation does not document, naming the request', () => {
    assert.throws(
      () => contract.check(answer({ status: 409, text: '{"error":{"code":"conflict","message":"No"}}' })),
      /GET \/things\/\{id\} answered 409: a status the document does not list \(it lists 200, 404\)/,
    );
    assert.throws(() => contract.check(answer({ status: 500, text: '{}' })), /answered 500/);
  });

  test('refuses a body its schema does not allow', () => {
    assert.throws(
      () => contract.check(answer({ text: '{"id":"1"}' })),
      /schema refuses: data\/id must be integer/,
    );
    assert.throws(() => contract.check(answer({ text: '{"id":1,"extra":true}' })), /additional properties/);
    assert.throws(
      () => contract.check(answer({ text: '{"id":1,"day":"2026-02-30"}' })),
      /must match format "date"/,
    );
    assert.throws(
      () => contract.check(answer({ status: 404, text: '{"message":"gone"}' })),
      /schema refuses/,
    );
    assert.throws(() => contract.check(answer({ text: 'not json' })), /not JSON/);
    assert.throws(
      () => contract.check(answer({ contentType: 'text/html', text: '<p>' })),
      /content type "text\/html"/,
    );
  });

  test('refuses a body on an answer documented without one', () => {
    assert.throws(
      () => contract.check(answer({ method: 'DELETE', status: 204, text: 'null' })),
      /a body where the document says there is none/,
    );
  });

  test('refuses any answer of an operation that documents nothing; checks nothing where no route matched', () => {
    assert.equal(documentsResponses(document.paths['/things/{id}']!.patch!), false);
    assert.throws(
      () => contract.check(answer({ method: 'PATCH', status: 200, text: '{}' })),
      /documents no responses/,
    );
    contract.check(answer({ route: undefined, status: 404, text: 'anything' }));
    contract.check(answer({ route: '/not/documented', status: 500 }));
  });

  test('a schema outside JSON Schema 2020-12 is refused, not passed', () => {
    const ajv = strictAjv();
    assert.throws(() => ajv.compile({ type: 'object', convention: 'x' }), /unknown keyword/);
    assert.throws(() => ajv.compile({ type: 'strin' }), /must be equal to one of the allowed values/);
    const broken = new Contract({
      paths: {
        '/x': { get: { responses: { 200: { content: { 'application/json': { schema: { noun: 'x' } } } } } } },
      },
    } as unknown as ApiDocument);
    assert.match(
      broken.schemaProblems().join(),
      /GET \/x 200 application\/json: strict mode: unknown keyword: "noun"/,
    );
  });
});

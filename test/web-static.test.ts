import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerSecurityHeaders } from '../src/http/headers.ts';
import { webApp } from '../src/http/static.ts';

/** How the server hands out the built web app: files, deep links, and what it must never answer with the page. */

async function appServing(dist: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  // As buildApp does: the page's content security policy is one of the headers every response gets.
  await registerSecurityHeaders(app);
  app.get('/api/v1/ping', () => ({ ok: true }));
  await app.register(webApp, { dist });
  return app;
}

describe('web app files', () => {
  let dist: string;
  let app: FastifyInstance;
  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'parley-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = await appServing(dist);
  });
  after(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  test('a deep link gets the page, uncached and with a content security policy', async () => {
    const res = await app.inject('/deals/12?tab=history');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /id="root"/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
  });

  test('hashed assets are cached for good', async () => {
    const res = await app.inject('/assets/index-abc123.js');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['cache-control']), /immutable/);
  });

  test('a missing file or an unknown API path is a 404, never the page', async () => {
    for (const path of ['/assets/gone.js', '/favicon.png', '/api/v1/nothing', '/mcp/x', '/healthz/deep']) {
      const res = await app.inject(path);
      assert.equal(res.statusCode, 404, path);
      assert.equal(res.json().error.code, 'not_found', path);
    }
    assert.equal((await app.inject('/api/v1/ping')).json().ok, true);
  });
});

test('before the web app is built, pages say how to build it and the API still answers', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'parley-dist-'));
  const app = await appServing(empty);
  try {
    const res = await app.inject('/');
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build:web/);
    assert.equal((await app.inject('/api/v1/ping')).statusCode, 200);
  } finally {
    await app.close();
    rmSync(empty, { recursive: true, force: true });
  }
});

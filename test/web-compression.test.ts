import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { chooseEncoding, registerCompression } from '../src/http/compress.ts';
import { webApp } from '../src/http/static.ts';
import { precompress } from '../web/precompress.ts';

/** The web app's files and the API's JSON reach browsers compressed, with headers caches can trust. */

const SCRIPT = `export const words = [${Array.from({ length: 400 }, (_, i) => `"word ${i}"`).join(',')}];\n`;
const PAGE = `<!doctype html><title>Parley</title>${'<div class="row">text</div>'.repeat(100)}`;
const ROWS = Array.from({ length: 200 }, (_, id) => ({ id, name: `Customer ${id}`, status: 'active' }));

describe('compression', () => {
  let dist: string;
  let app: FastifyInstance;
  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'parley-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), PAGE);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(join(dist, 'assets', 'tiny-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'logo-abc123.png'), Buffer.alloc(4096, 7));
    const made = precompress(dist);
    assert.equal(made.files, 2, 'the script and the page, not the tiny script or the image');
    app = Fastify({ logger: false });
    registerCompression(app);
    app.get('/api/v1/rows', () => ({ items: ROWS }));
    app.get('/api/v1/small', () => ({ ok: true }));
    await app.register(webApp, { dist });
  });
  after(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  test('a script comes as the brotli or gzip copy the browser accepts, with Vary', async () => {
    const br = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.match(String(br.headers['cache-control']), /immutable/);
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), SCRIPT);
    assert.ok(br.rawPayload.length < SCRIPT.length / 3);

    const gz = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), SCRIPT);

    const plain = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, SCRIPT);
    assert.match(String(plain.headers.vary), /accept-encoding/i, 'the plain answer varies too');
  });

  test('the page behind a deep link is compressed and still uncached', async () => {
    const res = await app.inject({ url: '/deals/12', headers: { 'accept-encoding': 'br' } });
    assert.equal(res.headers['content-encoding'], 'br');
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(brotliDecompressSync(res.rawPayload).toString(), PAGE);
  });

  test('files without a compressed copy are sent as they are', async () => {
    for (const file of ['tiny-abc123.js', 'logo-abc123.png']) {
      const res = await app.inject({ url: `/assets/${file}`, headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(res.statusCode, 200, file);
      assert.equal(res.headers['content-encoding'], undefined, file);
      assert.deepEqual(res.rawPayload, readFileSync(join(dist, 'assets', file)), file);
    }
  });

  test('JSON from a route is compressed when it is large enough and the client accepts it', async () => {
    const gz = await app.inject({ url: '/api/v1/rows', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(String(gz.headers.vary), /accept-encoding/i);
    assert.equal(Number(gz.headers['content-length']), gz.rawPayload.length);
    assert.deepEqual(JSON.parse(gunzipSync(gz.rawPayload).toString()), { items: ROWS });

    const br = await app.inject({
      url: '/api/v1/rows',
      headers: { 'accept-encoding': 'br;q=1, gzip;q=0.5' },
    });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(JSON.parse(brotliDecompressSync(br.rawPayload).toString()), { items: ROWS });

    const none = await app.inject({ url: '/api/v1/rows' });
    assert.equal(none.headers['content-encoding'], undefined);
    assert.deepEqual(none.json(), { items: ROWS });

    const small = await app.inject({ url: '/api/v1/small', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(small.headers['content-encoding'], undefined);
    assert.deepEqual(small.json(), { ok: true });
  });

  test('an encoding refused with q=0 is never chosen', () => {
    assert.equal(chooseEncoding('br;q=0, gzip'), 'gzip');
    assert.equal(chooseEncoding('*;q=0'), null);
    assert.equal(chooseEncoding('*'), 'br');
    assert.equal(chooseEncoding('identity'), null);
    assert.equal(chooseEncoding(undefined), null);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ConfigError, loadConfig, SETTING_NAMES } from '../src/config.ts';

test('defaults run on an embedded SQLite file', () => {
  const c = loadConfig({});
  assert.equal(c.PORT, 3000);
  assert.deepEqual(c.database, { kind: 'sqlite', file: 'data/parley.db' });
  assert.equal(c.DEMO_DATA, 'auto');
});

test('a postgres URL switches to PostgreSQL', () => {
  const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/crm' });
  assert.deepEqual(c.database, { kind: 'postgres', url: 'postgres://u:p@db:5432/crm' });
});

test("the old system's TG_* names are accepted, and the new names win", () => {
  assert.equal(
    loadConfig({ TG_BOT_TOKEN: '1:abc', TG_WEBHOOK_SECRET: 's3cret' }).TELEGRAM_WEBHOOK_SECRET,
    's3cret',
  );
  assert.equal(loadConfig({ TG_BOT_TOKEN: 'old', TELEGRAM_BOT_TOKEN: 'new' }).TELEGRAM_BOT_TOKEN, 'new');
});

test('bad settings fail with every problem named', () => {
  assert.throws(
    () =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        TELEGRAM_WEBHOOK_SECRET: 'has spaces',
        TELEGRAM_WORKER_CONCURRENCY: '0',
        TELEGRAM_WEBHOOK_MAX_CONNECTIONS: '101',
      }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      for (const name of [
        'PORT',
        'DATABASE_URL',
        'LOG_LEVEL',
        'TELEGRAM_WEBHOOK_SECRET',
        'TELEGRAM_WORKER_CONCURRENCY',
        'TELEGRAM_WEBHOOK_MAX_CONNECTIONS',
      ])
        assert.match(e.message, new RegExp(name));
      return true;
    },
  );
});

test('empty values count as unset', () => {
  const c = loadConfig({ PUBLIC_URL: '', GEMINI_API_KEY: '', TELEGRAM_BOT_TOKEN: '' });
  assert.equal(c.PUBLIC_URL, undefined);
  assert.equal(c.GEMINI_API_KEY, undefined);
});

test('.env.example names every setting the schema reads', () => {
  const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
  const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
  for (const name of SETTING_NAMES) assert.ok(documented.has(name), `${name} missing from .env.example`);
});

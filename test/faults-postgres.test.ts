import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { sql } from 'kysely';
import { type Db, migrateToLatest, openDatabase } from '../src/db/index.ts';
import { TEST_KINDS } from './support/databases.ts';
import { type PrivatePostgres, privatePostgres } from './support/postgres-servers.ts';
import { type ParleyProcess, startParley } from './support/processes.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * PostgreSQL restarted under load, on a private server the test may stop (the shared one must never be):
 * while it is down every request fails fast with a 503 and a clear error, never a 500 or a hang; once it is
 * back, the same server process answers again, with the same sessions.
 */

interface Outcome {
  status: number;
  code?: string;
}

describe('PostgreSQL restarted under load', { skip: !TEST_KINDS.includes('postgres') }, () => {
  let pg: PrivatePostgres | null;
  let db: Db;
  let tenant: Tenant;
  let server: ParleyProcess;

  before(async () => {
    pg = await privatePostgres();
    assert.ok(pg, 'a private PostgreSQL server can be made here (PostgreSQL binaries, root to run initdb)');
    db = openDatabase({ kind: 'postgres', url: pg.url });
    await migrateToLatest(db);
    tenant = await createTenant(db);
    server = await startParley(['serve'], { DATABASE_URL: pg.url, DEMO_DATA: 'off' });
  });

  after(async () => {
    await server?.kill();
    await db?.destroy();
    pg?.destroy();
  });

  async function call(method: string, path: string, body?: unknown): Promise<Outcome> {
    try {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tenant.owner.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(15_000),
      });
      const json = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
      return { status: res.status, ...(json.error?.code ? { code: json.error.code } : {}) };
    } catch (error) {
      return { status: 0, code: (error as Error).name };
    }
  }

  /** Eight clients reading customers back to back until told to stop; every answer is kept. */
  function load(): { stop(): Promise<Outcome[]> } {
    const outcomes: Outcome[] = [];
    let running = true;
    const clients = Array.from({ length: 8 }, async () => {
      while (running) outcomes.push(await call('GET', '/api/v1/customers?limit=5'));
    });
    return {
      async stop() {
        running = false;
        await Promise.all(clients);
        return outcomes;
      },
    };
  }

  test('requests fail with 503 while the database is down and work again once it is back', async (t) => {
    const before = load();
    await pause(500);
    const healthy = await before.stop();
    assert.ok(healthy.length > 0 && healthy.every((o) => o.status === 200), 'all good before the restart');

    const during = load();
    await pause(300);
    pg!.stop();
    await pause(1500);
    const down = { read: await call('GET', '/api/v1/customers'), ready: await call('GET', '/readyz') };
    const write = await call('POST', '/api/v1/customers', { name: 'Written While Down', kind: 'individual' });
    const outage = await during.stop();

    assert.deepEqual(down.read, { status: 503, code: 'service_unavailable' });
    assert.equal(down.ready.status, 503, '/readyz says the database is unreachable');
    assert.deepEqual(write, { status: 503, code: 'service_unavailable' });
    const statuses = new Set(outage.map((o) => o.status));
    assert.ok(
      [...statuses].every((s) => s === 200 || s === 503),
      `only answers or clean refusals under load: ${[...statuses]}`,
    );
    assert.ok(statuses.has(503));

    pg!.start();
    const started = Date.now();
    let back: Outcome = { status: 0 };
    while (Date.now() - started < 30_000) {
      back = await call('GET', '/api/v1/customers?limit=5');
      if (back.status === 200) break;
      assert.equal(back.status, 503, 'still a clean refusal while reconnecting');
      await pause(200);
    }
    assert.equal(back.status, 200, 'the same process answers again without a restart');
    assert.equal((await call('GET', '/readyz')).status, 200);
    const after = load();
    await pause(500);
    assert.ok(
      (await after.stop()).every((o) => o.status === 200),
      'and keeps answering',
    );

    const stored = await sql<{
      n: number;
    }>`select count(*)::int as n from customers where name = 'Written While Down'`.execute(db);
    assert.equal(stored.rows[0]?.n, 0, 'the refused write left nothing behind');
    t.diagnostic(
      `${outage.length} requests during the outage: ${outage.filter((o) => o.status === 503).length} refused with 503, ` +
        `the rest answered before the stop; recovered ${((Date.now() - started) / 1000).toFixed(1)} s after the start`,
    );
  });
});

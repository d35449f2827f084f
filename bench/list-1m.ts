import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import { DEMO_ORG, DEMO_PASSWORD, DEMO_USERS } from '../src/seed/demo.ts';
import { type LatencyResult, load, login, startServerProcess, writeResult } from './lib.ts';
import { DEALS, databaseSizeMiB, seededDatabase } from './seeded.ts';
import { type DatabaseName, wantedDatabases } from './telegram.ts';

/**
 * What a list request costs at a million deals: seeds the data once per database (kept between runs),
 * then measures filtered, sorted pages of 50 through the real HTTP server on SQLite and on PostgreSQL.
 *
 * The data is `seeded.ts`'s. BENCH_SECONDS per scenario (default 10), BENCH_CONNECTIONS (default 4),
 * BENCH_DATABASES (sqlite,postgres).
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const ROOT = join(import.meta.dirname, '..');

async function bulkEmployeeId(url: string): Promise<number> {
  const db = openDatabase(loadConfig({ DATABASE_URL: url }).database);
  try {
    const row = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', `bulk-employee-1@${DEMO_ORG.slug}.test`)
      .executeTakeFirstOrThrow();
    return row.id;
  } finally {
    await db.destroy();
  }
}

/** A cursor deep into a list, to show keyset pages cost the same however far a client has paged. */
async function cursorAfterPages(base: string, path: string, token: string, pages: number): Promise<string> {
  let url = path;
  for (let i = 0; i < pages; i++) {
    const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { nextCursor: string | null };
    if (!body.nextCursor) break;
    url = `${path}&cursor=${encodeURIComponent(body.nextCursor)}`;
  }
  return url;
}

async function measure(database: DatabaseName, port: number) {
  const { url, seedSeconds } = await seededDatabase(database);
  const target = { name: database, url };
  const employee = await bulkEmployeeId(target.url);

  const employeeToken = apiToken(target.url, `bulk-employee-1@${DEMO_ORG.slug}.test`);
  const server = await startServerProcess({ DATABASE_URL: target.url }, port);
  try {
    const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
    const token = await login(server.url, owner.email, DEMO_PASSWORD);
    const setVisibility = (employeeVisibility: 'all' | 'assigned') =>
      fetch(`${server.url}/api/v1/organization`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ settings: { employeeVisibility } }),
      });
    const asOwner = (path: string) => ({ path, token });
    type Scenario = { path: string; token: string; connections?: number };
    const scenarios: Record<string, Scenario> = {
      'floor: /healthz (no database)': asOwner('/healthz'),
      'open deals in one stage, by value desc': asOwner(
        '/api/v1/deals?stage=negotiation&sort=-value&limit=50',
      ),
      "one employee's open deals, newest first": asOwner(
        `/api/v1/deals?assignedTo=${employee}&status=open&sort=-createdAt&limit=50`,
      ),
      'high-priority deals created in a quarter, by value': asOwner(
        `/api/v1/deals?priority=high&createdFrom=${quarterAgo()}&sort=-value&limit=50`,
      ),
      'title prefix search': asOwner('/api/v1/deals?q=renewal&limit=50'),
      'customers by name prefix': asOwner('/api/v1/customers?q=garcia&sort=name&limit=50'),
      'customers by email prefix': asOwner('/api/v1/customers?q=ava.&limit=50'),
      // One request at a time: what a person opening the dashboard waits, not a queue behind other requests.
      'analytics summary for this month (1 connection)': {
        ...asOwner('/api/v1/analytics/summary?period=this_month'),
        connections: 1,
      },
    };
    scenarios['page 200 of open deals by value (keyset cursor)'] = asOwner(
      await cursorAfterPages(server.url, '/api/v1/deals?status=open&sort=-value&limit=50', token, 200),
    );

    const results: Record<string, LatencyResult & { path: string }> = {};
    const run = async (label: string, { path, token: bearer, connections }: Scenario) => {
      const check = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
      const body = (await check.json()) as { items?: unknown[] };
      if (!check.ok || (body.items && body.items.length === 0)) {
        throw new Error(`${label}: ${check.status} with no rows for ${path}`);
      }
      const r = await load({
        url: `${server.url}${path}`,
        headers: { authorization: `Bearer ${bearer}` },
        connections: connections ?? CONNECTIONS,
        seconds: SECONDS,
      });
      results[label] = { path, ...r };
      console.log(
        `${target.name.padEnd(8)} ${label.padEnd(60)} p50 ${r.p50} ms  p99 ${r.p99} ms  ${Math.round(r.rps)} req/s`,
      );
    };
    for (const [label, scenario] of Object.entries(scenarios)) await run(label, scenario);

    // An employee who may see only what is assigned to them: every query carries the assignee condition.
    await setVisibility('assigned');
    try {
      const own = '/api/v1/deals?status=open&limit=50';
      await run('employee with assigned visibility: open deals, first page', {
        path: own,
        token: employeeToken,
      });
      await run('employee with assigned visibility: open deals, page 50', {
        path: await cursorAfterPages(server.url, own, employeeToken, 50),
        token: employeeToken,
      });
    } finally {
      await setVisibility('all');
    }

    const floor = results['floor: /healthz (no database)']!.rps;
    return {
      database: target.name,
      deals: DEALS,
      seedSeconds,
      sizeMiB: await databaseSizeMiB(target.name, target.url),
      connections: CONNECTIONS,
      secondsPerScenario: SECONDS,
      scenarios: Object.fromEntries(
        Object.entries(results).map(([label, r]) => [label, { ...r, throughputVsFloor: r.rps / floor }]),
      ),
    };
  } finally {
    await server.stop();
  }
}

/** A personal API token for a user who has no password (the synthetic employees). */
export function apiToken(url: string, email: string): string {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'token', 'create', '--user', email, '--name', 'bench'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`token for ${email}: ${result.stderr}`);
  return result.stdout.trim();
}

function quarterAgo(): string {
  return new Date(Date.now() - 91 * 86_400_000).toISOString().slice(0, 10);
}

export async function run(): Promise<void> {
  const runs = [];
  let port = 3900;
  for (const database of wantedDatabases()) runs.push(await measure(database, port++));
  console.log(`results: ${writeResult('list-1m', { runs })}`);
}

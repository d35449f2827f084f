import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import { DEMO_ORG } from '../src/seed/demo.ts';
import type { DatabaseName } from './telegram.ts';

/**
 * The demo organization grown to BENCH_DEALS deals (default 1,000,000), seeded once per database through
 * `parley seed` and kept between runs: an SQLite file under bench/.data and a PostgreSQL database on the
 * server of BENCH_PG_URL. Benchmarks that write work on a copy of it.
 */

export const DEALS = Number(process.env.BENCH_DEALS ?? 1_000_000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/parley_bench';

/** A seeded data set: its databases' names and how many records of each kind it holds. */
export interface Dataset {
  sqliteName: string;
  postgresName: string;
  customers: number;
  leads: number;
}

/** The lists' data: a customer for every ten deals, in BENCH_PG_URL's own database. */
export const LIST_DATA: Dataset = {
  sqliteName: `deals-${DEALS}`,
  postgresName: new URL(PG_URL).pathname.slice(1),
  customers: Math.ceil(DEALS / 10),
  leads: 0,
};
const DATA_DIR = join(import.meta.dirname, '.data');
const ROOT = join(import.meta.dirname, '..');

const sqliteFile = (name: string) => join(DATA_DIR, `${name}.db`);

function postgresUrl(database: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function asPostgresAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function ensurePostgresDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await asPostgresAdmin(async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${quoted(name)}`);
  });
}

async function dealCount(url: string): Promise<number> {
  const db = openDatabase(loadConfig({ DATABASE_URL: url }).database);
  try {
    const row = await db
      .selectFrom('deals')
      .innerJoin('organizations', 'organizations.id', 'deals.organization_id')
      .where('organizations.slug', '=', DEMO_ORG.slug)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  } catch {
    return 0; // not migrated yet
  } finally {
    await db.destroy();
  }
}

/** Seeds through the CLI, as an operator would, and reports how long it took. */
function seed(url: string, deals: number, data: Dataset): number {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      'seed',
      '--customers',
      String(Math.ceil((data.customers * deals) / DEALS)),
      '--leads',
      String(Math.ceil((data.leads * deals) / DEALS)),
      '--deals',
      String(deals),
      '--quiet',
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`seeding ${url} failed`);
  return (performance.now() - started) / 1000;
}

/**
 * The seeded database's URL, seeding what is missing first; `seedSeconds` is null when nothing was. A data
 * set short of deals gets the rest, with customers and leads in the same proportion.
 */
export async function seededDatabase(
  kind: DatabaseName,
  data: Dataset = LIST_DATA,
): Promise<{ url: string; seedSeconds: number | null }> {
  const url = kind === 'sqlite' ? `file:${sqliteFile(data.sqliteName)}` : postgresUrl(data.postgresName);
  if (kind === 'postgres') await ensurePostgresDatabase(url);
  else mkdirSync(DATA_DIR, { recursive: true });
  const existing = await dealCount(url);
  return { url, seedSeconds: existing >= DEALS ? null : seed(url, DEALS - existing, data) };
}

/** A fresh copy of the seeded database named `name`, so a benchmark's writes never reach the next run's data. */
export async function seededCopy(kind: DatabaseName, name: string): Promise<string> {
  const { url } = await seededDatabase(kind, LIST_DATA);
  if (kind === 'sqlite') {
    const file = sqliteFile(name);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    // The seed's own connection has closed, so its WAL is checkpointed into the main file.
    copyFileSync(url.slice('file:'.length), file);
    return `file:${file}`;
  }
  const source = new URL(url).pathname.slice(1);
  await asPostgresAdmin(async (client) => {
    await client.query(`drop database if exists ${quoted(name)} with (force)`);
    await client.query(`create database ${quoted(name)} template ${quoted(source)}`);
  });
  return postgresUrl(name);
}

/** The database's size on disk, in MiB. */
export async function databaseSizeMiB(kind: DatabaseName, url: string): Promise<number> {
  if (kind === 'sqlite') return Math.round(statSync(url.slice('file:'.length)).size / 2 ** 20);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ size: string }>('select pg_database_size(current_database()) as size');
    return Math.round(Number(res.rows[0]!.size) / 2 ** 20);
  } finally {
    await client.end();
  }
}

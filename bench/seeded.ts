import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import { DEMO_ORG } from '../src/seed/demo.ts';
import type { DatabaseName } from './telegram.ts';

/**
 * The demo organization grown to BENCH_DEALS deals (default 1,000,000) with a customer for every ten, seeded
 * once per database through `parley seed` and kept between runs: an SQLite file under bench/.data and the
 * PostgreSQL database BENCH_PG_URL (default parley_bench). Benchmarks that write work on a copy of it.
 */

export const DEALS = Number(process.env.BENCH_DEALS ?? 1_000_000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/parley_bench';
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
function seed(url: string, deals: number): number {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      'seed',
      '--customers',
      String(Math.ceil(deals / 10)),
      '--deals',
      String(deals),
      '--quiet',
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`seeding ${url} failed`);
  return (performance.now() - started) / 1000;
}

/** The seeded database's URL, seeding what is missing first; `seedSeconds` is null when nothing was. */
export async function seededDatabase(
  kind: DatabaseName,
): Promise<{ url: string; seedSeconds: number | null }> {
  const url = kind === 'sqlite' ? `file:${sqliteFile(`deals-${DEALS}`)}` : PG_URL;
  if (kind === 'postgres') await ensurePostgresDatabase(url);
  else mkdirSync(DATA_DIR, { recursive: true });
  const existing = await dealCount(url);
  return { url, seedSeconds: existing >= DEALS ? null : seed(url, DEALS - existing) };
}

/** A fresh copy of the seeded database named `name`, so a benchmark's writes never reach the next run's data. */
export async function seededCopy(kind: DatabaseName, name: string): Promise<string> {
  const { url } = await seededDatabase(kind);
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

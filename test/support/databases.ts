import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import { sql } from 'kysely';
import { type Db, migrateToLatest, openDatabase } from '../../src/db/index.ts';
import { databaseUrl, migratedTemplate } from './pg-template.ts';

export type TestDbKind = 'sqlite' | 'postgres';

export const TEST_PG_URL = process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Both databases run in every test run. PARLEY_TEST_PG=off exists for a laptop without PostgreSQL; CI never
 * sets it, so storage tests there always run on both.
 */
export const TEST_KINDS: TestDbKind[] =
  process.env.PARLEY_TEST_PG === 'off' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestDatabase {
  kind: TestDbKind;
  db: Db;
  /** PostgreSQL's connection address, for a test that opens connections of its own. */
  url?: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database: in-memory SQLite, or on PostgreSQL a throwaway database copied from a migrated
 * template (see pg-template.ts) and dropped on close.
 */
export async function openTestDatabase(kind: TestDbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
    await migrateToLatest(db);
    return { kind, db, close: () => db.destroy() };
  }
  const name = `parley_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = openDatabase({ kind: 'postgres', url: TEST_PG_URL });
  const template = await migratedTemplate(admin, TEST_PG_URL);
  await sql`create database ${sql.id(name)} template ${sql.id(template)}`.execute(admin);
  const url = databaseUrl(TEST_PG_URL, name);
  const db = openDatabase({ kind: 'postgres', url });
  return {
    kind,
    db,
    url,
    async close() {
      await db.destroy();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}

/**
 * Runs a suite once per database. `fn` gets a getter because the database opens in a `before` hook.
 */
export function onEachDatabase(name: string, fn: (ctx: { kind: TestDbKind; db: () => Db }) => void): void {
  for (const kind of TEST_KINDS) {
    describe(`${name} [${kind}]`, () => {
      let t: TestDatabase | undefined;
      before(async () => {
        t = await openTestDatabase(kind);
      });
      after(async () => {
        await t?.close();
      });
      fn({ kind, db: () => t!.db });
    });
  }
}

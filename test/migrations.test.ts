import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../src/db/index.ts';
import { migrations } from '../src/db/migrations/index.ts';
import { createTenant } from './support/tenants.ts';

/** A SQLite database migrated up to, not including, `name`. */
async function sqliteBefore(name: string) {
  const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
  const earlier = Object.fromEntries(Object.entries(migrations).filter(([n]) => n < name));
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => earlier },
  }).migrateToLatest();
  if (error) throw error;
  return db;
}

const emailIndexStatistics = async (db: Awaited<ReturnType<typeof sqliteBefore>>) =>
  (
    await sql<{ idx: string }>`select idx from sqlite_stat1 where idx like '%email%' order by idx`.execute(db)
  ).rows.map((r) => r.idx);

test('on SQLite that has statistics, the new email index gets its own (0012)', async () => {
  const db = await sqliteBefore('0012');
  try {
    await createTenant(db);
    await sql`analyze`.execute(db);
    assert.deepEqual(await emailIndexStatistics(db), ['customers_org_email']);
    await migrateToLatest(db);
    assert.deepEqual(await emailIndexStatistics(db), ['customers_org_email_name']);
  } finally {
    await db.destroy();
  }
});

test('on SQLite never analysed, the migration leaves planning as it was, without statistics', async () => {
  const db = await sqliteBefore('0012');
  try {
    await migrateToLatest(db);
    const { rows } = await sql`select 1 from sqlite_master where name = 'sqlite_stat1'`.execute(db);
    assert.equal(rows.length, 0);
  } finally {
    await db.destroy();
  }
});

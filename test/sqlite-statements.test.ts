import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Db, migrateToLatest, openDatabase } from '../src/db/index.ts';

/** SQLite reuses prepared statements; a reused one must still see every change and take new parameters. */
let db: Db;
before(async () => {
  db = openDatabase({ kind: 'sqlite', file: ':memory:' });
  await migrateToLatest(db);
});
after(() => db.destroy());

const at = new Date().toISOString();
const addOrg = (slug: string) =>
  db
    .insertInto('organizations')
    .values({ slug, name: slug, settings: '{}', created_at: at, updated_at: at })
    .execute();
const slugsLike = (prefix: string) =>
  db
    .selectFrom('organizations')
    .select('slug')
    .where('slug', 'like', `${prefix}%`)
    .orderBy('slug')
    .execute()
    .then((rows) => rows.map((r) => r.slug));

test('the same query run again sees rows written since, and its new parameters', async () => {
  await addOrg('reuse-a');
  assert.deepEqual(await slugsLike('reuse-'), ['reuse-a']);
  await addOrg('reuse-b');
  assert.deepEqual(await slugsLike('reuse-'), ['reuse-a', 'reuse-b']);
  assert.deepEqual(await slugsLike('reuse-b'), ['reuse-b']);
});

test('a rolled-back transaction leaves nothing behind when its statements run again', async () => {
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx
        .insertInto('organizations')
        .values({ slug: 'rollback-a', name: 'x', settings: '{}', created_at: at, updated_at: at })
        .execute();
      throw new Error('abandon');
    }),
    /abandon/,
  );
  assert.deepEqual(await slugsLike('rollback-'), []);
  await addOrg('rollback-b');
  assert.deepEqual(await slugsLike('rollback-'), ['rollback-b']);
});

test('more distinct queries than the cache holds still all answer right', async () => {
  await addOrg('many-1');
  for (let n = 1; n <= 600; n++) {
    const slugs = Array.from({ length: n }, (_, i) => `many-${i + 1}`);
    const rows = await db.selectFrom('organizations').select('slug').where('slug', 'in', slugs).execute();
    assert.deepEqual(
      rows.map((r) => r.slug),
      ['many-1'],
    );
  }
});

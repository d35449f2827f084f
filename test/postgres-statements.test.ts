import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { createCrm } from '../src/crm/index.ts';
import { paginate } from '../src/crm/list.ts';
import { type Db, openDatabase } from '../src/db/index.ts';
import { PLANNED_PER_CALL, plannedPerCall } from '../src/db/postgres.ts';
import { DomainError } from '../src/domain/errors.ts';
import { systemClock } from '../src/domain/time.ts';
import { openTestDatabase, TEST_KINDS, type TestDatabase } from './support/databases.ts';
import { createTenant } from './support/tenants.ts';

/**
 * PostgreSQL statements with parameters are prepared once per connection and reused. Reuse must never
 * change an answer: new parameters and new rows are seen, a table that gains a column (a rolling upgrade)
 * keeps working, and texts that vary with their input neither pile up on the server nor go wrong. Plans are
 * reused too, except for statements marked as planned per call (lists), which get a plan for their values.
 */
const skip = !TEST_KINDS.includes('postgres') && 'PostgreSQL is off (PARLEY_TEST_PG=off)';
let t: TestDatabase;
let db: Db;
before(async () => {
  if (skip) return;
  t = await openTestDatabase('postgres');
  db = t.db;
  await sql`create table notes (id serial primary key, body text not null)`.execute(db);
});
after(() => t?.close());

/** Runs `fn` on one connection, so what it prepares can be seen in pg_prepared_statements. */
const onOneConnection = <T>(fn: (conn: Db) => Promise<T>) =>
  db.connection().execute((conn) => fn(conn as unknown as Db));

const preparedLike = async (conn: Db, fragment: string) =>
  (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(conn)).rows.filter(
    (r) => r.statement.includes(fragment),
  ).length;

const bodiesLike = (conn: Db, prefix: string) =>
  conn
    .selectFrom('notes' as never)
    .selectAll()
    .where(sql.ref('body'), 'like', `${prefix}%`)
    .orderBy('id' as never)
    .execute() as Promise<{ id: number; body: string; [column: string]: unknown }[]>;

const addNote = (conn: Db, body: string) =>
  conn
    .insertInto('notes' as never)
    .values({ body } as never)
    .execute();

test('a query run again is prepared once, takes its new parameters and sees new rows', { skip }, async () => {
  await onOneConnection(async (conn) => {
    await addNote(conn, 'reuse-a');
    assert.deepEqual(
      (await bodiesLike(conn, 'reuse-')).map((n) => n.body),
      ['reuse-a'],
    );
    await addNote(conn, 'reuse-b');
    assert.deepEqual(
      (await bodiesLike(conn, 'reuse-')).map((n) => n.body),
      ['reuse-a', 'reuse-b'],
    );
    assert.deepEqual(
      (await bodiesLike(conn, 'reuse-b')).map((n) => n.body),
      ['reuse-b'],
    );
    assert.equal(await preparedLike(conn, 'from "notes" where "body" like'), 1);
  });
});

test('a table that gains a column keeps answering, as old processes must during a rolling upgrade', {
  skip,
}, async () => {
  await onOneConnection(async (conn) => {
    await addNote(conn, 'upgrade-a');
    assert.equal((await bodiesLike(conn, 'upgrade-'))[0]!.body, 'upgrade-a');
    await sql`alter table notes add column colour text`.execute(db);

    const after = await bodiesLike(conn, 'upgrade-');
    assert.equal(after[0]!.body, 'upgrade-a');
    assert.ok('colour' in after[0]!, 'the new column is there');

    // Inside a transaction the stale statement fails once (it aborts the transaction), then is fresh.
    await sql`alter table notes add column size integer`.execute(db);
    await assert.rejects(
      conn.transaction().execute((trx) => bodiesLike(trx as unknown as Db, 'upgrade-')),
      /cached plan must not change result type/,
    );
    const again = await conn.transaction().execute((trx) => bodiesLike(trx as unknown as Db, 'upgrade-'));
    assert.ok('size' in again[0]!);
  });
});

/** How PostgreSQL planned the prepared statements holding `fragment` on this connection so far. */
const plansOf = async (conn: Db, fragment: string) =>
  (
    await sql<{ statement: string; generic_plans: number; custom_plans: number }>`
      select statement, generic_plans, custom_plans from pg_prepared_statements`.execute(conn)
  ).rows
    .filter((r) => r.statement.includes(fragment))
    .map((r) => ({ generic: Number(r.generic_plans), custom: Number(r.custom_plans) }));

test('a lookup settles on one plan after a few calls; a statement marked as planned per call never does', {
  skip,
}, async () => {
  const byId = (conn: Db, id: number, marked: boolean) => {
    const q = conn
      .selectFrom('notes' as never)
      .select('body' as never)
      .where(sql.ref('id'), '=', id);
    return (marked ? q.withPlugin(plannedPerCall) : q).execute();
  };
  await onOneConnection(async (conn) => {
    for (let i = 0; i < 8; i++) await byId(conn, i, false);
    const [lookup] = await plansOf(conn, 'from "notes" where "id" = $1');
    assert.ok(lookup && lookup.generic > 0, `one plan for all values: ${JSON.stringify(lookup)}`);
  });
  await onOneConnection(async (conn) => {
    for (let i = 0; i < 8; i++) await byId(conn, i, true);
    assert.deepEqual(await plansOf(conn, PLANNED_PER_CALL), [{ generic: 0, custom: 8 }]);
  });
});

test('a list runs on a connection that plans every call for its values', { skip }, async () => {
  await onOneConnection(async (conn) => {
    const notes = (conn as unknown as Kysely<{ notes: { id: number; body: string } }>)
      .selectFrom('notes')
      .select(['id', 'body']);
    const page = await paginate(notes, { limit: 2 }, { id: 'id' });
    assert.equal(page.items.length, 2);
    const { rows } = await sql<{ mode: string }>`select current_setting('plan_cache_mode') as mode`.execute(
      conn,
    );
    assert.equal(rows[0]!.mode, 'force_custom_plan');
  });
});

test('statements sent together before a connection is taken share the one connection', {
  skip,
  timeout: 10_000,
}, async () => {
  const pid = sql<{ pid: number }>`select pg_backend_pid() as pid`;
  const [a, b] = await onOneConnection((conn) => Promise.all([pid.execute(conn), pid.execute(conn)]));
  assert.equal(a.rows[0]!.pid, b.rows[0]!.pid);
});

const backend = async (conn: Db) =>
  (
    await sql<{ pid: number; mode: string }>`
    select pg_backend_pid() as pid, current_setting('plan_cache_mode') as mode`.execute(conn)
  ).rows[0]!;

test('a transaction runs on the connection its begin took, lists and savepoints included', {
  skip,
}, async () => {
  const trx = await db.startTransaction().execute();
  try {
    const inTrx = trx as unknown as Db;
    const first = await backend(inTrx);
    const notes = (trx as unknown as Kysely<{ notes: { id: number; body: string } }>)
      .selectFrom('notes')
      .select(['id', 'body']);
    assert.equal((await paginate(notes, { limit: 1 }, { id: 'id' })).items.length, 1);
    const saved = await trx.savepoint('inner').execute();
    await addNote(saved as unknown as Db, 'savepoint-gone');
    await saved.rollbackToSavepoint('inner').execute();
    const again = await backend(inTrx);
    assert.equal(again.pid, first.pid, 'one connection for the whole transaction');
    assert.notEqual(again.mode, 'force_custom_plan', 'a list inside a transaction stays on its connection');
    assert.equal((await bodiesLike(inTrx, 'savepoint-')).length, 0);
  } finally {
    await trx.rollback().execute();
  }
});

test('a stale plan fails the transaction it is in, and is prepared afresh outside one', {
  skip,
}, async () => {
  await onOneConnection(async (conn) => {
    await addNote(conn, 'stale-a');
    await conn.transaction().execute((trx) => bodiesLike(trx as unknown as Db, 'stale-'));
    await sql`alter table notes add column stale_marker text`.execute(db);
    await assert.rejects(
      conn.transaction().execute((trx) => bodiesLike(trx as unknown as Db, 'stale-')),
      /cached plan must not change result type/,
    );
    // Outside a transaction the renamed statement is prepared afresh on first use.
    assert.ok('stale_marker' in (await bodiesLike(conn, 'stale-'))[0]!);
  });
});

test('an error on a connection nobody is using is reported, and the next statement reconnects', {
  skip,
  timeout: 15_000,
}, async () => {
  const reported: Error[] = [];
  const own = openDatabase({ kind: 'postgres', url: t.url! }, { onError: (e) => reported.push(e) });
  try {
    const { pid } = await backend(own);
    await sql`select pg_terminate_backend(${pid}::int)`.execute(db);
    for (let i = 0; i < 100 && reported.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(reported.length, 1, "the idle connection's error is reported once");
    assert.notEqual((await backend(own)).pid, pid, 'a fresh connection answers');
  } finally {
    await own.destroy();
  }
});

test('the statistics summary is one statement, prepared like any other', { skip }, async () => {
  const tenant = await createTenant(db);
  await onOneConnection(async (conn) => {
    const crm = createCrm({ db: conn, clock: systemClock });
    const before = await preparedLike(conn, 'json_agg');
    for (let i = 0; i < 3; i++) await crm.analytics.summary(tenant.owner.actor, { period: 'this_month' });
    assert.equal((await preparedLike(conn, 'json_agg')) - before, 1);
  });
});

test('texts that vary with their input run unprepared, and a connection keeps a bounded number', {
  skip,
}, async () => {
  await onOneConnection(async (conn) => {
    const ids = Array.from({ length: 60 }, (_, i) => i + 1);
    const rows = await conn
      .selectFrom('notes' as never)
      .select('body' as never)
      .where(sql.ref('id'), 'in', ids)
      .execute();
    assert.ok(rows.length > 0);
    assert.equal(await preparedLike(conn, 'where "id" in ('), 0, 'sixty parameters: not prepared');

    for (let n = 0; n < 400; n++) {
      const { rows } = await sql<{ x: number }>`select ${n}::int as ${sql.ref(`x${n}`)}`.execute(conn);
      assert.deepEqual(rows, [{ [`x${n}`]: n }]);
    }
    const held = Number(
      (await sql<{ n: number }>`select count(*) as n from pg_prepared_statements`.execute(conn)).rows[0]!.n,
    );
    assert.ok(held <= 300, `${held} statements prepared on one connection`);
    // Past the bound, statements still answer right, unprepared.
    assert.equal((await bodiesLike(conn, 'reuse-b'))[0]!.body, 'reuse-b');
  });
});

test('text holding U+0000 is refused as input before it is sent, and the transaction stays usable', {
  skip,
}, async () => {
  const refused = (error: unknown) =>
    error instanceof DomainError && error.code === 'validation_failed' && /NUL/.test(error.message);
  await assert.rejects(addNote(db, 'a\u0000b'), refused);
  await assert.rejects(bodiesLike(db, '\u0000'), refused);
  await db.transaction().execute(async (trx) => {
    await assert.rejects(addNote(trx, 'in a transaction\u0000'), refused);
    await addNote(trx, 'nul-free, after the refusal');
  });
  assert.equal((await bodiesLike(db, 'nul-free, after')).length, 1);
});

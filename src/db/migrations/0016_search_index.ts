import { SingleBar } from 'cli-progress';
import { type Kysely, sql } from 'kysely';
import { rowSearchTerms, SEARCH_COLUMNS, type SearchTable } from '../../domain/search-text.ts';
import { isPostgres } from '../dialect.ts';

/**
 * Search finds a record by the start of any word of its name, title, email, phone or number (issue 20).
 * Each searchable table gets `search_terms`, the record's words folded and split by our own code
 * (src/domain/search-text.ts), which the services rewrite with every change; the database indexes them with
 * its own full-text search: an FTS5 table over the column on SQLite (kept by triggers, so in the same
 * transaction as the write), a GIN index on a generated `simple` tsvector of it on PostgreSQL. Existing rows are filled
 * in batches with a progress bar.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const tables = Object.keys(SEARCH_COLUMNS) as SearchTable[];
  for (const table of tables) {
    await db.schema
      .alterTable(table)
      .addColumn('search_terms', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  }
  await backfill(db, tables);
  for (const table of tables) {
    if (isPostgres(db)) {
      // Stored, so a row's match is checked without parsing its terms again (a GIN recheck, a filter).
      await sql`alter table ${sql.table(table)} add column search_vector tsvector
        generated always as (to_tsvector('simple'::regconfig, search_terms)) stored`.execute(db);
      await sql`create index ${sql.id(`${table}_search`)} on ${sql.table(table)}
        using gin (search_vector)`.execute(db);
    } else {
      await sqliteIndex(db, table);
    }
  }
}

/**
 * An external-content FTS5 table reads the words from the record's own column, so they are stored once;
 * prefix indexes of 2 and 3 letters keep short prefixes ("ta", "ren") from merging thousands of words.
 */
async function sqliteIndex(db: Kysely<any>, table: SearchTable): Promise<void> {
  const fts = sql.id(`${table}_search`);
  const t = sql.table(table);
  await sql`create virtual table ${fts} using fts5(search_terms, content=${sql.lit(table)},
    content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')`.execute(db);
  await sql`insert into ${fts}(${fts}) values ('rebuild')`.execute(db);
  await sql`create trigger ${sql.id(`${table}_search_insert`)} after insert on ${t} begin
    insert into ${fts}(rowid, search_terms) values (new.id, new.search_terms); end`.execute(db);
  await sql`create trigger ${sql.id(`${table}_search_delete`)} after delete on ${t} begin
    insert into ${fts}(${fts}, rowid, search_terms) values ('delete', old.id, old.search_terms); end`.execute(
    db,
  );
  await sql`create trigger ${sql.id(`${table}_search_update`)} after update of search_terms on ${t} begin
    insert into ${fts}(${fts}, rowid, search_terms) values ('delete', old.id, old.search_terms);
    insert into ${fts}(rowid, search_terms) values (new.id, new.search_terms); end`.execute(db);
}

const BATCH = 1000;

async function backfill(db: Kysely<any>, tables: SearchTable[]): Promise<void> {
  const counts = await Promise.all(
    tables.map(async (table) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }),
  );
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return;
  const progress = reporter(total);
  try {
    for (const table of tables) {
      let after = 0;
      for (;;) {
        const rows = await db
          .selectFrom(table)
          .select(['id', ...SEARCH_COLUMNS[table]])
          .where('id', '>', after)
          .orderBy('id')
          .limit(BATCH)
          .execute();
        if (rows.length === 0) break;
        const values = rows.map((r) => sql`(cast(${r.id} as integer), cast(${rowSearchTerms(r)} as text))`);
        // A named CTE, as SQLite takes no column names on a subquery's alias.
        await sql`with v(id, terms) as (values ${sql.join(values)})
          update ${sql.table(table)} set search_terms = v.terms
          from v where ${sql.table(table)}.id = v.id`.execute(db);
        after = rows.at(-1)!.id as number;
        progress.add(rows.length, table);
      }
    }
  } finally {
    progress.stop();
  }
}

/** A bar on a terminal; elsewhere (a service's log) a line every 100,000 rows. */
function reporter(total: number) {
  let done = 0;
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: '  search index {bar} {percentage}% | {value}/{total} records | {table}', hideCursor: true },
      undefined,
    );
    bar.start(total, 0, { table: '' });
    return {
      add: (n: number, table: string) => bar.increment(n, { table }),
      stop: () => bar.stop(),
    };
  }
  return {
    add(n: number, table: string) {
      const before = Math.floor(done / 100_000);
      done += n;
      if (Math.floor(done / 100_000) > before || done === total)
        process.stderr.write(`search index: ${done}/${total} records (${table})\n`);
    },
    stop() {},
  };
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

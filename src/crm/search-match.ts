// biome-ignore-all lint/suspicious/noExplicitAny: queries over a table chosen at run time are untyped in Kysely
import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { parseSearch, type SearchQuery, type SearchTable } from '../domain/search-text.ts';

/**
 * The one matcher of every search, global or a list's `q`: each word typed must start a word of the record
 * (its `search_terms`), and a query typed like a phone may instead match the start of its digits. The
 * terms hold letters and digits only, so they are quoted into each engine's query syntax as they are.
 */

/** FTS5: `"orbit"* AND "log"*`, or with digits `"5550102"* OR ("555"* AND "0102"*)`. */
function fts5Query({ words, digits }: SearchQuery): string {
  const all = words.map((w) => `"${w}"*`).join(' AND ');
  return digits ? `"${digits}"* OR (${all})` : all;
}

/** PostgreSQL tsquery: `orbit:* & log:*`, or with digits `5550102:* | (555:* & 0102:*)`. */
function tsQuery({ words, digits }: SearchQuery): string {
  const all = words.map((w) => `${w}:*`).join(' & ');
  return digits ? `${digits}:* | (${all})` : all;
}

/** The same match against exact terms: a document's bare sequence "3" and not "30". */
function exactQuery(words: string[], postgres: boolean): string {
  return postgres ? words.join(' & ') : words.map((w) => `"${w}"`).join(' AND ');
}

function condition(db: Db, table: SearchTable, alias: string, query: string): RawBuilder<boolean> {
  if (isPostgres(db)) {
    // The matches are collected first, into an array the row lookups then read by id: the planner cannot
    // estimate how many rows a prefix matches, and it walked a list's sort index through a million rows
    // for a word that matched one.
    return sql<boolean>`${sql.ref(`${alias}.id`)} = any(array(select id from ${sql.table(table)} where search_vector @@ to_tsquery('simple'::regconfig, ${query})))`;
  }
  const fts = sql.table(`${table}_search`);
  return sql<boolean>`${sql.ref(`${alias}.id`)} in (select rowid from ${fts} where ${fts} match ${query})`;
}

const NOTHING = sql<boolean>`1 = 0`;

/** The engine's query text for the search `q`, or null when `q` has no letters or digits. */
function engineQuery(db: Db, q: string): string | null {
  const parsed = parseSearch(q);
  if (parsed.words.length === 0) return null;
  return isPostgres(db) ? tsQuery(parsed) : fts5Query(parsed);
}

/** Matches up to this many are handed to a list as ids; more, and the list reads its sort index. */
const FEW = 2000;

/**
 * Rows of `table` (named `alias` in the query) matching the search `q`; a `q` with no letters or digits
 * matches nothing. On SQLite the planner cannot tell how many rows a match keeps and walks a list's sort
 * index through every row for a word that matches one, so the matches are read first: when they are few,
 * the list gets their ids and reads those rows alone.
 */
export async function searchMatch(
  db: Db,
  table: SearchTable,
  q: string,
  alias: string = table,
): Promise<RawBuilder<boolean>> {
  const query = engineQuery(db, q);
  if (query === null) return NOTHING;
  if (!isPostgres(db)) {
    const fts = sql.table(`${table}_search`);
    const { rows } = await sql<{
      rowid: number;
    }>`select rowid from ${fts} where ${fts} match ${query} limit ${FEW + 1}`.execute(db);
    if (rows.length === 0) return NOTHING;
    if (rows.length <= FEW)
      return sql<boolean>`${sql.ref(`${alias}.id`)} in (${sql.join(rows.map((r) => r.rowid))})`;
  }
  return condition(db, table, alias, query);
}

/**
 * The first `limit` rows of `table` matching `q` that `scope` keeps, the newest first on SQLite, where the
 * index is read first and stops once enough rows passed (a common word matches thousands); PostgreSQL reads
 * its index's matches as one bitmap and the rows in the table's order. What `select` adds is read with them.
 */
export async function firstMatches<R>(
  db: Db,
  table: SearchTable,
  q: string,
  limit: number,
  shape: (qb: SelectQueryBuilder<any, any, object>) => SelectQueryBuilder<any, any, R>,
): Promise<R[]> {
  const query = engineQuery(db, q);
  if (query === null) return [];
  const any = db as unknown as Kysely<any>;
  if (isPostgres(db)) {
    return shape(any.selectFrom(table).where(condition(db, table, table, query)))
      .limit(limit)
      .execute();
  }
  // CROSS JOIN keeps the full-text table as the outer loop in SQLite's plan.
  const fts = `${table}_search`;
  const qb = any
    .selectFrom(fts)
    .crossJoin(table)
    .where(sql.ref(`${table}.id`), '=', sql.ref(`${fts}.rowid`))
    .where(sql<boolean>`${sql.table(fts)} match ${query}`)
    .orderBy(sql.ref(`${fts}.rowid`), 'desc');
  return shape(qb).limit(limit).execute();
}

/** Rows holding every one of `terms` as a whole word (terms as `searchWords` makes them). */
export function termsMatch(db: Db, table: SearchTable, terms: string[], alias: string = table) {
  if (terms.length === 0) return NOTHING;
  return condition(db, table, alias, exactQuery(terms, isPostgres(db)));
}

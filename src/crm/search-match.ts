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

/**
 * Matches up to this many are handed to a query as ids. With more, the word is common (one record in 500 or
 * more at a million), and a list reading its own order meets a match every few hundred rows at most.
 */
const FEW = 2000;

/**
 * Up to FEW + 1 ids of rows matching the query, in no order, read from the index alone on SQLite. On
 * PostgreSQL the matches are a materialized CTE: it cannot estimate a prefix's matches and would read the
 * table for a rare word; evaluated on demand, the CTE's bitmap scan stops after FEW + 1 rows.
 */
async function probe(db: Db, table: SearchTable, query: string): Promise<number[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<{
      id: number;
    }>`with matched as materialized (select id from ${sql.table(table)}
      where search_vector @@ to_tsquery('simple'::regconfig, ${query}))
      select id from matched limit ${FEW + 1}`.execute(db);
    return rows.map((r) => r.id);
  }
  const fts = sql.table(`${table}_search`);
  const { rows } = await sql<{
    rowid: number;
  }>`select rowid from ${fts} where ${fts} match ${query} limit ${FEW + 1}`.execute(db);
  return rows.map((r) => r.rowid);
}

/** A word this common (one row in a hundred) is checked on the rows; the walk then meets one soon enough. */
const COMMON = 0.01;

/**
 * Whether PostgreSQL's statistics say that every word typed starts terms of a hundredth of the rows or more.
 * ANALYZE keeps the most common lexemes of a tsvector column with the share of rows holding each; a prefix's
 * share is at most the sum of the lexemes it starts, and the words are taken as independent. Without
 * statistics (a new table) the index is asked instead. This spares a common word the index read that builds
 * a bitmap of all its matches (125,000 for "renewal", 0.4 s) before the first is returned.
 */
async function commonOnPostgres(db: Db, table: SearchTable, words: string[]): Promise<boolean> {
  const stats = await lexemeStats(db, table);
  if (!stats) return false;
  const { elems, freqs } = stats;
  let share = 1;
  for (const word of words) {
    let starts = 0;
    elems.forEach((e, i) => {
      if (e.startsWith(word)) starts += Number(freqs[i]);
    });
    share *= Math.min(1, starts);
  }
  return share >= COMMON && share * Number(stats.total) > FEW;
}

interface LexemeStats {
  elems: string[];
  freqs: number[];
  total: number;
}

/** Statistics change only with ANALYZE; each table's are read from the catalog once a minute. */
const STATS_TTL_MS = 60_000;
const statsCache = new WeakMap<Db, Map<SearchTable, { at: number; stats: LexemeStats | null }>>();

async function lexemeStats(db: Db, table: SearchTable): Promise<LexemeStats | null> {
  const cache = statsCache.get(db) ?? new Map();
  statsCache.set(db, cache);
  const known = cache.get(table);
  if (known && Date.now() - known.at < STATS_TTL_MS) return known.stats;
  const { rows } = await sql<{ elems: string[] | null; freqs: number[] | null; total: number }>`
    select s.most_common_elems::text::text[] as elems, s.most_common_elem_freqs as freqs, c.reltuples as total
    from pg_stats s
    join pg_namespace n on n.nspname = s.schemaname
    join pg_class c on c.relname = s.tablename and c.relnamespace = n.oid
    where s.schemaname = current_schema() and s.tablename = ${table} and s.attname = 'search_vector'`.execute(
    db,
  );
  const row = rows[0];
  const stats =
    row?.elems && row.freqs
      ? { elems: row.elems, freqs: row.freqs.map(Number), total: Number(row.total) }
      : null;
  cache.set(table, { at: Date.now(), stats });
  return stats;
}

/**
 * The match checked on the row itself/**
 * The match checked on the row itself: each word starts one of its stored terms (the terms are separated
 * by single spaces), or the phone digits do. No index serves this, which is the point: it filters the rows
 * a list or the global search reads in its own order, stopping once the page is full.
 */
function rowCheck(db: Db, { words, digits }: SearchQuery, alias: string): RawBuilder<boolean> {
  const terms = sql`(' ' || ${sql.ref(`${alias}.search_terms`)})`;
  const starts = (word: string) =>
    isPostgres(db) ? sql`strpos(${terms}, ${` ${word}`}) > 0` : sql`instr(${terms}, ${` ${word}`}) > 0`;
  const all = sql<boolean>`(${sql.join(words.map(starts), sql` and `)})`;
  return digits ? sql<boolean>`(${starts(digits)} or ${all})` : all;
}

/**
 * Rows of `table` (named `alias` in the query) matching the search `q`; a `q` with no letters or digits
 * matches nothing. The index is asked first for the matches: when they are few (a name, a number), the
 * query reads those rows by id; when they are many (a common word), each row the query reads in its own
 * order is checked, so a page of the newest matches is found after a few hundred rows instead of after
 * reading and sorting all of them. Neither database's planner can tell which case a prefix is. `few` is
 * lowered only by tests, to check the rows the common-word way.
 */
export async function searchMatch(
  db: Db,
  table: SearchTable,
  q: string,
  alias: string = table,
  few: number = FEW,
): Promise<RawBuilder<boolean>> {
  const parsed = parseSearch(q);
  if (parsed.words.length === 0) return NOTHING;
  if (isPostgres(db) && !parsed.digits && few === FEW && (await commonOnPostgres(db, table, parsed.words))) {
    return rowCheck(db, parsed, alias);
  }
  const ids = await probe(db, table, isPostgres(db) ? tsQuery(parsed) : fts5Query(parsed));
  if (ids.length === 0) return NOTHING;
  if (ids.length <= few) return sql<boolean>`${sql.ref(`${alias}.id`)} in (${sql.join(ids)})`;
  return rowCheck(db, parsed, alias);
}

/**
 * The newest `limit` rows of `table` matching `q` that `shape` keeps (it adds the scope and what is read
 * with them), by creation: every searchable table has an index on (organization, created_at, id).
 */
export async function firstMatches<R>(
  db: Db,
  table: SearchTable,
  q: string,
  limit: number,
  shape: (qb: SelectQueryBuilder<any, any, object>) => SelectQueryBuilder<any, any, R>,
): Promise<R[]> {
  const match = await searchMatch(db, table, q);
  if (match === NOTHING) return [];
  const any = db as unknown as Kysely<any>;
  return shape(any.selectFrom(table).where(match))
    .orderBy(sql.ref(`${table}.created_at`), 'desc')
    .orderBy(sql.ref(`${table}.id`), 'desc')
    .limit(limit)
    .execute();
}

/** Rows holding every one of `terms` as a whole word (terms as `searchWords` makes them). */
export function termsMatch(db: Db, table: SearchTable, terms: string[], alias: string = table) {
  if (terms.length === 0) return NOTHING;
  return condition(db, table, alias, exactQuery(terms, isPostgres(db)));
}

import type { RawBuilder, ShallowDehydrateObject, Simplify } from 'kysely';
import { jsonArrayFrom as postgresRows } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteRows } from 'kysely/helpers/sqlite';
import { isPostgres } from './dialect.ts';
import type { Db } from './index.ts';

/**
 * A subquery's rows as one JSON array, so that a statement can answer several questions at once: each
 * statement is a round trip to PostgreSQL, which costs more than the reading itself for small figures.
 * Columns keep their aliases as keys; integers come back as JSON numbers.
 */
export function rowsAsJson<O>(
  db: Db,
  query: Parameters<typeof sqliteRows<O>>[0],
): RawBuilder<Simplify<ShallowDehydrateObject<O>>[]> {
  return isPostgres(db) ? postgresRows(query) : sqliteRows(query);
}

/** The rows of a `rowsAsJson` column: PostgreSQL's driver parses JSON, SQLite hands over its text. */
export function readJsonRows<O>(value: O[] | string): O[] {
  return typeof value === 'string' ? (JSON.parse(value) as O[]) : value;
}

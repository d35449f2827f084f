import type { RawBuilder, SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import type { ListTotal } from '../contracts/common.ts';
import { queryFlag } from './fields.ts';

/**
 * How many rows a list counts before it stops and answers "more than this". A count reads every matching
 * index entry; capped, a first page costs the same at a thousand rows and at a million.
 */
export const COUNT_CAP = 10_000;

/** The `total` query parameter: ask for the list's size with its first page. */
export const totalParam = queryFlag
  .optional()
  .describe(
    `With true, the first page (no cursor) also carries total: the number of matching rows, counted up to ${COUNT_CAP.toLocaleString('en')}`,
  );

/**
 * The rows `qb` matches, up to the cap, counted by the database: only ids are read, with the same scope,
 * filters and search as the list; the cursor plays no part, so every page has one total.
 */
export async function countUpTo<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  id: RawBuilder<unknown>,
): Promise<ListTotal> {
  const capped = qb
    .clearSelect()
    .clearOrderBy()
    .select(sql`${id}`.as('id'))
    .limit(COUNT_CAP + 1);
  // The builder carries the connection but no way to select from a subquery, so the count rides on one row of
  // the same tables without the filters: any row will do, and there is one whenever anything matches.
  const row = await qb
    .clearWhere()
    .clearSelect()
    .clearOrderBy()
    .select(sql<number | string>`(select count(*) from (${capped}) as capped)`.as('n'))
    .limit(1)
    .executeTakeFirst();
  const count = Number((row as { n?: number | string } | undefined)?.n ?? 0);
  return count > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count, exact: true };
}

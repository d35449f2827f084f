import type { RawBuilder, SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import type { ListTotal } from '../contracts/common.ts';

/**
 * How many rows a list counts before it stops and answers "more than this". A count reads every matching
 * index entry; capped, a first page costs the same at a thousand rows and at a million.
 */
export const COUNT_CAP = 10_000;

/** The `total` query parameter: ask for the list's size with its first page. */
export const totalParam = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform((v) => v === true || v === 'true')
  .optional()
  .describe(
    `With true, the first page (no cursor) also carries total: the number of matching rows, counted up to ${COUNT_CAP.toLocaleString('en')}`,
  );

/**
 * The rows `qb` matches, up to the cap. Only ids are read, with the same scope and filters as the list, and
 * the search's alternatives (`anyOf`) joined by OR; the cursor plays no part, so every page has one total.
 */
export async function countUpTo<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  id: RawBuilder<unknown>,
  anyOf?: RawBuilder<boolean>[],
): Promise<ListTotal> {
  const matching = anyOf?.length ? qb.where(sql<boolean>`(${sql.join(anyOf, sql` or `)})`) : qb;
  const rows = await matching
    .clearSelect()
    .clearOrderBy()
    .select(sql<number>`${id}`.as('id'))
    .limit(COUNT_CAP + 1)
    .execute();
  return rows.length > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count: rows.length, exact: true };
}

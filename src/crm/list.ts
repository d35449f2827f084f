import { type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Page } from '../contracts/common.ts';
import { searchText } from '../contracts/fields.ts';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { plannedPerCall } from '../db/postgres.ts';
import { invalid } from '../domain/errors.ts';
import { countUpTo, totalParam } from './list-count.ts';

export type { Page } from '../contracts/common.ts';

export const MAX_PAGE = 200;
const MAX_ID = 2_147_483_647;

/** API sort names (camelCase) to the NOT NULL columns they order by. */
export type Sortable = Record<string, string>;

export function sortable(columns: string[]): Sortable {
  return Object.fromEntries(
    columns.map((c) => [c.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()), c]),
  );
}

/**
 * The query-string schema of a list: `limit`, `cursor`, `q`, `sort` (an API column name, `-` in front for
 * descending) and the area's own filters. Unknown parameters are refused so typos do not silently widen a list.
 *
 * Without a `sort`, lists show the newest first, searched (`q`, src/crm/search-match.ts) or not: the newest
 * matches of a common word are found after a few hundred rows, where sorting them by name reads them all.
 */
export function listQuery<F extends z.ZodRawShape>(columns: Sortable, filters: F) {
  const names = Object.keys(columns);
  const sortValues = [...names, ...names.map((n) => `-${n}`)] as [string, ...string[]];
  return z
    .object({
      limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
      cursor: z
        .string()
        .max(1000)
        .optional()
        .describe(
          "The previous page's nextCursor, opaque; send it with the same sort and filters. One from another sort order is refused (400)",
        ),
      q: searchText.optional(),
      total: totalParam,
      sort: z
        .enum(sortValues)
        .optional()
        .describe(`Default: ${newestSort(columns)}, with q too`),
      ...filters,
    })
    .strict();
}

function newestSort(columns: Sortable): string {
  const names = Object.keys(columns);
  return names.includes('createdAt') ? '-createdAt' : `-${names[0]}`;
}

export interface PageParams {
  limit: number;
  cursor?: string | undefined;
  sort?: string | undefined;
  q?: string | undefined;
  total?: boolean | undefined;
}

interface Cursor {
  s: string;
  v: string | number;
  id: number;
}

const badCursor = () => invalid('cursor is invalid or belongs to another sort order; start again without it');

function decodeCursor(text: string, sort: string): Cursor {
  let c: Cursor;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw badCursor();
  }
  const validId = Number.isInteger(c?.id) && c.id > 0 && c.id <= MAX_ID;
  const validValue = typeof c?.v === 'string' || Number.isSafeInteger(c?.v);
  if (c?.s !== sort || !validId || !validValue) throw badCursor();
  return c;
}

/**
 * A hand-made cursor can still carry text for a numeric column; PostgreSQL rejects the comparison with a
 * data exception (SQLSTATE class 22), which is the client's mistake, not a server fault.
 */
function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/**
 * Keyset pagination on (sort column, id): each page costs the same however deep it is, unlike OFFSET.
 * Sort columns are NOT NULL so the row comparison is total.
 */
export async function paginate<DB, TB extends keyof DB, O extends { id: number }>(
  qb: SelectQueryBuilder<DB, TB, O>,
  params: PageParams,
  columns: Sortable,
  table?: string,
): Promise<Page<O>> {
  const sort = params.sort ?? newestSort(columns);
  const desc = sort.startsWith('-');
  const sortColumn = columns[desc ? sort.slice(1) : sort];
  if (!sortColumn) throw invalid(`cannot sort by ${sort}`);
  const col = sql.ref(table ? `${table}.${sortColumn}` : sortColumn);
  const id = sql.ref(table ? `${table}.id` : 'id');
  const dir = desc ? sql`desc` : sql`asc`;
  const total = params.total && !params.cursor ? await countUpTo(qb, id) : undefined;
  let q = qb;
  if (params.cursor) {
    const c = decodeCursor(params.cursor, sort);
    q = q.where(
      desc
        ? sql<boolean>`(${col}, ${id}) < (${c.v}, ${c.id})`
        : sql<boolean>`(${col}, ${id}) > (${c.v}, ${c.id})`,
    );
  }
  const rows = await q
    .orderBy(sql`${col} ${dir}`)
    .orderBy(sql`${id} ${dir}`)
    .limit(params.limit + 1)
    .withPlugin(plannedPerCall)
    .execute()
    .catch((error: unknown) => {
      throw params.cursor && isDataException(error) ? badCursor() : error;
    });
  const items = rows.slice(0, params.limit);
  const last = items.at(-1) as (O & Record<string, unknown>) | undefined;
  const nextCursor =
    rows.length > params.limit && last
      ? encodeCursor({ s: sort, v: last[sortColumn] as string | number, id: last.id })
      : null;
  return { items, nextCursor, ...(total && { total }) };
}

/** A page with each row shown as `view` shows it. */
export function pageOf<R, V>(page: Page<R>, view: (row: R) => V): Page<V> {
  return {
    items: page.items.map(view),
    nextCursor: page.nextCursor,
    ...(page.total && { total: page.total }),
  };
}

/**
 * Rows whose column starts with `prefix`, written as a range so an ordinary index serves it on both databases.
 * PostgreSQL compares in the C collation, byte-wise like SQLite, which is how the key and number columns are
 * declared there.
 */
export function startsWith(db: Db, column: string, prefix: string) {
  const ref = isPostgres(db) ? sql`${sql.ref(column)} collate "C"` : sql.ref(column);
  return sql<boolean>`(${ref} >= ${prefix} and ${ref} < ${`${prefix}\uffff`})`;
}

/** A case-insensitive prefix match on a lower-cased key column. */
export function prefixMatch(db: Db, column: string, q: string) {
  return startsWith(db, column, q.toLowerCase());
}

/** Keys used for ordering and prefix search: trimmed, lower-cased, single-spaced. */
export function searchKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

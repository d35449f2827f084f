import { type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { invalid } from '../domain/errors.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const MAX_PAGE = 200;

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
 */
export function listQuery<F extends z.ZodRawShape>(columns: Sortable, filters: F) {
  const names = Object.keys(columns);
  const sortValues = [...names, ...names.map((n) => `-${n}`)] as [string, ...string[]];
  return z
    .object({
      limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
      cursor: z.string().max(1000).optional(),
      q: z.string().trim().min(1).max(200).optional(),
      sort: z.enum(sortValues).default(names.includes('createdAt') ? '-createdAt' : `-${names[0]}`),
      ...filters,
    })
    .strict();
}

export interface PageParams {
  limit: number;
  cursor?: string | undefined;
  sort: string;
}

interface Cursor {
  s: string;
  v: string | number;
  id: number;
}

function decodeCursor(text: string, sort: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (c.s === sort && Number.isInteger(c.id) && (typeof c.v === 'string' || typeof c.v === 'number'))
      return c;
  } catch {
    // fall through to the error below
  }
  throw invalid('cursor is invalid or belongs to another sort order; start again without it');
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
  const desc = params.sort.startsWith('-');
  const sortColumn = columns[desc ? params.sort.slice(1) : params.sort];
  if (!sortColumn) throw invalid(`cannot sort by ${params.sort}`);
  const col = sql.ref(table ? `${table}.${sortColumn}` : sortColumn);
  const id = sql.ref(table ? `${table}.id` : 'id');
  const dir = desc ? sql`desc` : sql`asc`;
  let q = qb;
  if (params.cursor) {
    const c = decodeCursor(params.cursor, params.sort);
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
    .execute();
  const items = rows.slice(0, params.limit);
  const last = items.at(-1) as (O & Record<string, unknown>) | undefined;
  const nextCursor =
    rows.length > params.limit && last
      ? encodeCursor({ s: params.sort, v: last[sortColumn] as string | number, id: last.id })
      : null;
  return { items, nextCursor };
}

/**
 * A case-insensitive prefix match on a lower-cased key column, written as a range so an ordinary index
 * serves it on both databases (PostgreSQL compares in the C collation, matching its search indexes).
 */
export function prefixMatch(db: Db, column: string, q: string) {
  const lo = q.toLowerCase();
  const hi = `${lo}\uffff`;
  const ref = isPostgres(db) ? sql`${sql.ref(column)} collate "C"` : sql.ref(column);
  return sql<boolean>`(${ref} >= ${lo} and ${ref} < ${hi})`;
}

/** Keys used for ordering and prefix search: trimmed, lower-cased, single-spaced. */
export function searchKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

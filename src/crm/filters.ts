import { type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../domain/actor.ts';
import { dayAfter, userRef } from './fields.ts';
import { resolveUserRef } from './scope.ts';

/** The comparisons a list filter makes. */
/** `isNull` keeps the rows whose column is null when the value is true, and the others when it is false. */
export type FilterOp = '=' | '>=' | '<=' | '<' | 'in' | 'like' | 'isNull';

/**
 * A list filter: the column it compares, how, and how the parameter becomes the compared value. A value that
 * maps to null matches rows where the column is null.
 */
export type Filter = readonly [column: string, op: FilterOp, value?: (v: never, actor: Actor) => unknown];

/** A list's filters by the name of their query parameter. */
export type Filters = Record<string, Filter>;

/** Amount filters in minor units, as query strings carry them. */
export const amountFilter = z.coerce.number().int().min(0).max(1e13).optional();

/** "none" finds what nobody is responsible for yet. */
export const assigneeFilter = z.union([z.literal('none'), userRef]);

/** Keeps the rows matching every filter whose parameter is given; an empty text counts as not given. */
export function applyFilters<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  params: Record<string, unknown>,
  filters: Filters,
  actor?: Actor,
): SelectQueryBuilder<DB, TB, O> {
  let out = q;
  for (const [name, [column, op, map]] of Object.entries(filters)) {
    const given = params[name];
    if (given === undefined || given === '') continue;
    const value = map ? map(given as never, actor!) : given;
    // Kysely types a column by name per table; the filter tables name columns as text.
    const ref = sql.ref(column) as never;
    if (op === 'isNull') out = out.where(ref, value ? 'is' : 'is not', null as never);
    else out = value === null ? out.where(ref, 'is', null as never) : out.where(ref, op, value as never);
  }
  return out;
}

/**
 * The filters of a list of records: `equal` maps parameters to columns of `table` compared for equality, and
 * every such list also takes `assignedTo` (a user id, "me", or "none" for unassigned records) and the
 * inclusive dates `createdFrom` / `createdTo`. `more` adds the list's own.
 */
export function recordFilters(table: string, equal: Record<string, string>, more: Filters = {}): Filters {
  const column = (name: string) => `${table}.${name}`;
  return {
    ...Object.fromEntries(Object.entries(equal).map(([param, name]) => [param, [column(name), '=']])),
    assignedTo: [
      column('assigned_to'),
      '=',
      (ref: number | 'me' | 'none', actor: Actor) => (ref === 'none' ? null : resolveUserRef(actor, ref)),
    ],
    createdFrom: [column('created_at'), '>='],
    createdTo: [column('created_at'), '<', (d: string) => dayAfter(d)],
    ...more,
  };
}

/** `min` / `max` bounds, inclusive, on one column. */
export function rangeFilters(column: string, min: string, max: string): Filters {
  return { [min]: [column, '>='], [max]: [column, '<='] };
}

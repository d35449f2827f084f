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
export type Filter = readonly [column: string, op: FilterOp, value?: (v: never) => unknown];

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
): SelectQueryBuilder<DB, TB, O> {
  let out = q;
  for (const [name, [column, op, map]] of Object.entries(filters)) {
    const given = params[name];
    if (given === undefined || given === '') continue;
    const value = map ? map(given as never) : given;
    // Kysely types a column by name per table; the filter tables name columns as text.
    const ref = sql.ref(column) as never;
    if (op === 'isNull') out = out.where(ref, value ? 'is' : 'is not', null as never);
    else out = value === null ? out.where(ref, 'is', null as never) : out.where(ref, op, value as never);
  }
  return out;
}

/** `createdFrom` / `createdTo`: inclusive dates on `table`.created_at. */
export function createdFilters(table: string): Filters {
  return {
    createdFrom: [`${table}.created_at`, '>='],
    createdTo: [`${table}.created_at`, '<', (d: string) => dayAfter(d)],
  };
}

/** `assignedTo`: a user id, "me", or "none" for unassigned records. */
export function assigneeFilters(actor: Actor, table: string): Filters {
  return {
    assignedTo: [
      `${table}.assigned_to`,
      '=',
      (ref: number | 'me' | 'none') => (ref === 'none' ? null : resolveUserRef(actor, ref)),
    ],
  };
}

/** `minX` / `maxX` bounds on one column. */
export function rangeFilters(column: string, min: string, max: string): Filters {
  return { [min]: [column, '>='], [max]: [column, '<='] };
}

import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { notFound } from '../domain/errors.ts';
import type { Area } from '../domain/policy.ts';
import { rowSearchTerms, type SearchableRow } from '../domain/search-text.ts';
import { isoNow } from '../domain/time.ts';
import { type AuditAction, recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { readScope, requireRowGrant, requireStaff, resolveUserRef, type ScopedTable } from './scope.ts';

/** A table's row as read. */
export type RowOf<T extends ScopedTable> = Selectable<Database[T]> & {
  id: number;
  assigned_to: number | null;
  search_terms: string;
};

/** What the shared write paths need to know about one kind of record, kept in the audit log as `A`. */
export interface RecordKind<T extends ScopedTable, A = unknown> {
  table: T;
  area: Area;
  /** The audit log's entity name, also the label of a 404 ("customer 12 not found"). */
  entity: string;
  /** The record as the audit log keeps it. */
  audit(row: RowOf<T>, trx: Db): A | Promise<A>;
}

// Kysely cannot type a query over a table chosen by a type parameter; the public signatures stay typed.
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyDb = Kysely<any>;
const untyped = (db: Db) => db as AnyDb;

/** The row a query found, or a 404 for the record it looked for. */
export function found<R>(row: R | undefined, entity: string, id: number | string): R {
  if (row === undefined) throw notFound(entity, id);
  return row;
}

/** A record the actor may read, or a 404. */
export async function loadRecord<T extends ScopedTable>(
  db: Db,
  actor: Actor,
  kind: RecordKind<T>,
  id: number,
  lock = false,
): Promise<RowOf<T>> {
  const row = await untyped(db)
    .selectFrom(kind.table as string)
    .selectAll()
    .where(`${kind.table as string}.id`, '=', id)
    .where(readScope(actor, kind.area, kind.table) as never)
    .$if(lock && isPostgres(db), (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) throw notFound(kind.entity, id);
  return row as RowOf<T>;
}

/** The id of a numbered record ("ORD-2026-0012", as stored) the actor may read, or a 404 naming the number. */
export async function idByNumber<T extends 'issues' | 'orders' | 'payments'>(
  db: Db,
  actor: Actor,
  kind: RecordKind<T>,
  number: string,
): Promise<number> {
  const row = await untyped(db)
    .selectFrom(kind.table as string)
    .select(`${kind.table as string}.id`)
    .where(`${kind.table as string}.number`, '=', number)
    .where(readScope(actor, kind.area, kind.table) as never)
    .executeTakeFirst();
  if (!row) throw notFound(kind.entity, number);
  return (row as { id: number }).id;
}

/**
 * Reads a record inside `trx` and holds it until the transaction ends, so checks and the audit "before" see
 * the row that is written. PostgreSQL locks it (a concurrent delete then reads as a 404); SQLite runs one
 * write transaction at a time on its single connection, so nothing can change it meanwhile.
 */
export function lockRecord<T extends ScopedTable>(
  trx: Db,
  actor: Actor,
  kind: RecordKind<T>,
  id: number,
): Promise<RowOf<T>> {
  return loadRecord(trx, actor, kind, id, true);
}

/** Maps the fields of `input` named in `columns` to their columns. */
type ColumnsOf<I, M> = {
  [K in keyof M as M[K] extends string ? M[K] : never]?: Exclude<I[K & keyof I], undefined>;
};

/**
 * The columns a patch sets: each field of `input` that `columns` names and the patch gives (null included)
 * goes to its column; fields left out change nothing.
 */
export function patchColumns<I extends object, const M extends { [K in keyof I]?: string }>(
  input: I,
  columns: M,
): ColumnsOf<I, M> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns)) {
    const value = (input as Record<string, unknown>)[field];
    if (value !== undefined) out[column as string] = value;
  }
  return out as ColumnsOf<I, M>;
}

/** The `assigned_to` change for a patch's `assignedTo`: none when it is left out; a new assignee must be staff. */
export async function assigneeChange(
  db: Db,
  actor: Actor,
  ref: number | 'me' | null | undefined,
): Promise<{ assigned_to?: number | null }> {
  if (ref === undefined) return {};
  const assignee = resolveUserRef(actor, ref) ?? null;
  if (assignee != null) await requireStaff(db, actor, assignee);
  return { assigned_to: assignee };
}

/** The columns every new record gets from who creates it and when. */
type Stamps = 'organization_id' | 'created_by' | 'created_at' | 'updated_at';

/**
 * Inserts a record of the actor's organization inside the caller's transaction, stamped with its creator and
 * time, and audits its creation; `parts` writes what belongs to it (an order's items) before the audit entry
 * is taken.
 */
export async function insertRecord<T extends ScopedTable>(
  trx: Db,
  actor: Actor,
  now: string,
  kind: RecordKind<T>,
  values: Omit<Insertable<Database[T]>, Stamps>,
  parts?: (row: RowOf<T>) => Promise<void>,
): Promise<RowOf<T>> {
  const stamps = {
    organization_id: actor.organizationId,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  const row = (await untyped(trx)
    .insertInto(kind.table as string)
    .values({ ...values, ...stamps, search_terms: rowSearchTerms(values as SearchableRow) })
    .returningAll()
    .executeTakeFirstOrThrow()) as RowOf<T>;
  await parts?.(row);
  await recordAudit(trx, actor, now, {
    action: 'create',
    entity: kind.entity,
    entityId: row.id,
    after: await kind.audit(row, trx),
  });
  return row;
}

/** Writes `changes` and `updated_at` to a locked record and audits before and after. */
export async function writeRecord<T extends ScopedTable>(
  trx: Db,
  actor: Actor,
  now: string,
  kind: RecordKind<T>,
  before: RowOf<T>,
  changes: Updateable<Database[T]>,
  action: AuditAction = 'update',
): Promise<RowOf<T>> {
  return write(trx, actor, now, kind, before, await kind.audit(before, trx), changes, action);
}

async function write<T extends ScopedTable>(
  trx: Db,
  actor: Actor,
  now: string,
  kind: RecordKind<T>,
  before: RowOf<T>,
  auditBefore: unknown,
  changes: Updateable<Database[T]>,
  action: AuditAction,
): Promise<RowOf<T>> {
  // The terms are rewritten only when they change, so the full-text index is touched only then.
  const terms = rowSearchTerms({ ...before, ...changes } as SearchableRow);
  const row = (await untyped(trx)
    .updateTable(kind.table as string)
    .set({ ...changes, updated_at: now, ...(terms !== before.search_terms && { search_terms: terms }) })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirst()) as RowOf<T> | undefined;
  if (!row) throw notFound(kind.entity, before.id);
  await recordAudit(trx, actor, now, {
    action,
    entity: kind.entity,
    entityId: before.id,
    before: auditBefore,
    after: await kind.audit(row, trx),
  });
  return row;
}

export interface UpdateSteps<T extends ScopedTable, R> {
  /**
   * The columns to change, worked out from the locked row; checks that refuse the change throw here, and
   * writes to the record's parts (an order's items) go here too.
   */
  changes(trx: Db, before: RowOf<T>, now: string): Promise<Updateable<Database[T]>>;
  /** What the caller gets back; the record as the audit log keeps it by default. */
  result?(trx: Db, row: RowOf<T>): Promise<R>;
}

/**
 * One audited change to a record, in one transaction: lock and read it within the actor's scope, check the
 * row grant against that row, work out and write the changes, audit the row as it was and as it is. Answers
 * with `steps.result`, or else the record as the audit log keeps it.
 */
export async function updateRecord<T extends ScopedTable, A, R = A>(
  { db, clock }: CrmDeps,
  actor: Actor,
  kind: RecordKind<T, A>,
  id: number,
  steps: UpdateSteps<T, R>,
): Promise<R> {
  const now = isoNow(clock);
  return db.transaction().execute(async (trx) => {
    const before = await lockRecord(trx, actor, kind, id);
    requireRowGrant(actor, kind.area, 'update', before);
    const auditBefore = await kind.audit(before, trx);
    const changes = await steps.changes(trx, before, now);
    const row = await write(trx, actor, now, kind, before, auditBefore, changes, 'update');
    return steps.result ? steps.result(trx, row) : ((await kind.audit(row, trx)) as unknown as R);
  });
}

/**
 * Deletes a record the actor may delete and audits it, in one transaction with the row locked. `check` runs
 * first under the lock and may refuse (an order with payments) or clear what points at the record.
 */
export async function removeRecord<T extends ScopedTable>(
  { db, clock }: CrmDeps,
  actor: Actor,
  kind: RecordKind<T>,
  id: number,
  check?: (trx: Db, before: RowOf<T>) => Promise<void>,
): Promise<void> {
  const now = isoNow(clock);
  await db.transaction().execute(async (trx) => {
    const before = await lockRecord(trx, actor, kind, id);
    requireRowGrant(actor, kind.area, 'delete', before);
    await check?.(trx, before);
    const audited = await kind.audit(before, trx);
    await untyped(trx)
      .deleteFrom(kind.table as string)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, now, {
      action: 'delete',
      entity: kind.entity,
      entityId: id,
      before: audited,
    });
  });
}

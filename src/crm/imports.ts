import { z } from 'zod';
import type { ImportPreview, ImportPreviewRow, ImportResult, ImportRowResult } from '../contracts/imports.ts';
import type { Db } from '../db/index.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError, invalid } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { CUSTOMER, customerChanges, newCustomerValues } from './customers.ts';
import type { CrmDeps } from './deps.ts';
import { userRef } from './fields.ts';
import { LEAD, leadChanges, newLeadValues } from './leads.ts';
import { insertRecord, lockRecord, type RecordKind, type RowOf, writeRecord } from './records.ts';
import { readScope, requireGrant, requireRowGrant } from './scope.ts';

/**
 * Many records at once from a file (the web's CSV import, later the bot's CSV documents), with the rules of
 * creating one: every row goes through the same checks as the create and update services. Rows are matched
 * to existing records by email, among the records the actor may read.
 */

export const IMPORT_KINDS = ['customers', 'leads'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One request's rows; a client sends a larger file in batches of this many or fewer. */
export const MAX_IMPORT_ROWS = 500;

export const importRows = z
  .array(z.record(z.string(), z.unknown()))
  .min(1)
  .max(MAX_IMPORT_ROWS)
  .describe(
    `Up to ${MAX_IMPORT_ROWS} rows, each the body the create operation takes; \`assignedTo\` may also be a member's name or email`,
  );

export const importPreviewOptions = z
  .object({
    firstRow: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .default(1)
      .describe('The number the answer gives the first row (e.g. its place in the whole file)'),
  })
  .strict();

export const importCommitOptions = importPreviewOptions
  .extend({
    onExisting: z
      .enum(['skip', 'update'])
      .default('skip')
      .describe('What happens to a row whose email matches a record: left alone, or the record updated'),
    assignedTo: userRef
      .nullish()
      .describe(
        'Who new records go to when a row names nobody: "me" (the default), a user id, or null for nobody',
      ),
  })
  .strict();

export const importPreviewBody = importPreviewOptions.extend({ rows: importRows }).strict();
export const importCommitBody = importCommitOptions.extend({ rows: importRows }).strict();

type Raw = Record<string, unknown>;

/** What an import needs of one kind of record: the create and update rules its own service uses. */
interface Importer<T extends ImportKind> {
  kind: RecordKind<T>;
  values(q: Db, actor: Actor, raw: unknown): Promise<Parameters<typeof insertRecord<T>>[4]>;
  changes(q: Db, actor: Actor, raw: unknown, before: RowOf<T>): Promise<Parameters<typeof writeRecord<T>>[5]>;
}

const IMPORTERS: { [K in ImportKind]: Importer<K> } = {
  customers: { kind: CUSTOMER, values: newCustomerValues, changes: customerChanges },
  leads: { kind: LEAD, values: newLeadValues, changes: leadChanges },
};

/** Runs `run` with the kind's importer, keeping its record type (a plain lookup would blur the two). */
function withImporter<R>(kind: ImportKind, run: <T extends ImportKind>(importer: Importer<T>) => R): R {
  return kind === 'customers' ? run(IMPORTERS.customers) : run(IMPORTERS.leads);
}

/** "estimatedValue" -> "Estimated value", for messages that name a column as a person reads it. */
function label(field: PropertyKey | undefined): string {
  if (field === undefined) return 'Row';
  const words = String(field)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Why a row was refused, in words for the person importing; null for a failure that is no fault of the row. */
function problemOf(error: unknown): string | null {
  if (error instanceof z.ZodError)
    // The schemas' own plain words ("Enter a valid email"), after the column they are about.
    return error.issues
      .map((i) => (i.code === 'unrecognized_keys' ? i.message : `${label(i.path[0])}: ${i.message}`))
      .join('; ');
  if (error instanceof DomainError) return error.message;
  return null;
}

/** The email a row would be matched by, as stored (lower case), when it looks like one. */
function emailOf(raw: Raw): string | null {
  const value = typeof raw.email === 'string' ? raw.email.trim().toLowerCase() : '';
  return value.includes('@') ? value : null;
}

/** Existing records of the batch's emails that the actor may read, email -> id (the oldest on a tie). */
async function matchesOf<T extends ImportKind>(q: Db, actor: Actor, importer: Importer<T>, rows: Raw[]) {
  const emails = [...new Set(rows.map(emailOf).filter((e): e is string => e !== null))];
  const found = new Map<string, number>();
  if (emails.length === 0) return found;
  const table = importer.kind.table as ImportKind;
  const matches = await q
    .selectFrom(table)
    .select(['id', 'email'])
    .where(readScope(actor, importer.kind.area, table))
    .where('email', 'in', emails)
    .orderBy('id')
    .execute();
  for (const m of matches) if (m.email !== null && !found.has(m.email)) found.set(m.email, m.id);
  return found;
}

/**
 * Turns a member's name or email in `assignedTo` into their id, as an export writes people by name. Ids and
 * "me" pass through for the service to check; a name nobody has is the row's error.
 */
function assigneeNames(q: Db, actor: Actor) {
  const known = new Map<string, number>();
  return async (raw: Raw): Promise<Raw> => {
    const value = raw.assignedTo;
    if (typeof value !== 'string') return raw;
    const text = value.trim();
    if (text === '') {
      const { assignedTo: _, ...rest } = raw;
      return rest;
    }
    if (text === 'me' || /^\d+$/.test(text))
      return { ...raw, assignedTo: text === 'me' ? 'me' : Number(text) };
    const key = text.toLowerCase();
    if (!known.has(key)) {
      const people = await q
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select('users.id')
        .where('memberships.organization_id', '=', actor.organizationId)
        .where('memberships.role', '!=', 'customer')
        .where((eb) => eb.or([eb(eb.fn('lower', ['users.name']), '=', key), eb('users.email', '=', key)]))
        .execute();
      if (people.length > 1)
        throw invalid(`Assigned to: more than one member is called "${text}"; write their email instead`);
      if (people.length === 0) throw invalid(`Assigned to: nobody in this organization is called "${text}"`);
      known.set(key, people[0]!.id);
    }
    return { ...raw, assignedTo: known.get(key) };
  };
}

export function importsService(deps: CrmDeps) {
  const { db, clock } = deps;

  return {
    /** What an import of these rows would do, row by row, without writing anything. */
    preview(actor: Actor, kind: ImportKind, rawRows: unknown, options: unknown = {}): Promise<ImportPreview> {
      return withImporter(kind, (importer) => previewWith(importer, actor, rawRows, options));
    },

    /**
     * Imports one batch in one transaction: every row that passes the create (or, for an existing email with
     * `onExisting: update`, the update) rules is written and audited, the others are reported with why. A
     * failure that is no row's fault (the database) undoes the whole batch and is thrown.
     */
    commit(actor: Actor, kind: ImportKind, rawRows: unknown, options: unknown = {}): Promise<ImportResult> {
      return withImporter(kind, (importer) => commitWith(importer, actor, rawRows, options));
    },
  };

  async function previewWith<T extends ImportKind>(
    importer: Importer<T>,
    actor: Actor,
    rawRows: unknown,
    options: unknown,
  ): Promise<ImportPreview> {
    requireGrant(actor, importer.kind.area, 'create');
    const rows = importRows.parse(rawRows);
    const { firstRow } = importPreviewOptions.parse(options);
    const matches = await matchesOf(db, actor, importer, rows);
    const named = assigneeNames(db, actor);
    const out: ImportPreviewRow[] = [];
    for (const [i, raw] of rows.entries()) {
      const row = firstRow + i;
      const email = emailOf(raw);
      try {
        await importer.values(db, actor, await named(raw));
        const id = email === null ? undefined : matches.get(email);
        out.push({ row, status: id === undefined ? 'new' : 'existing', id: id ?? null, message: null });
        if (email !== null && id === undefined) matches.set(email, 0);
      } catch (error) {
        const message = problemOf(error);
        if (message === null) throw error;
        out.push({ row, status: 'invalid', id: null, message });
      }
    }
    // A later row repeating an earlier row's email is reported as existing: the earlier one creates it.
    for (const r of out) if (r.status === 'existing' && r.id === 0) r.id = null;
    const count = (status: ImportPreviewRow['status']) => out.filter((r) => r.status === status).length;
    return { new: count('new'), existing: count('existing'), invalid: count('invalid'), rows: out };
  }

  async function commitWith<T extends ImportKind>(
    importer: Importer<T>,
    actor: Actor,
    rawRows: unknown,
    options: unknown,
  ): Promise<ImportResult> {
    const { area } = importer.kind;
    requireGrant(actor, area, 'create');
    const rows = importRows.parse(rawRows);
    const { firstRow, onExisting, assignedTo } = importCommitOptions.parse(options);
    const defaultAssignee = assignedTo === undefined ? 'me' : assignedTo;
    const now = isoNow(clock);
    const results = await db.transaction().execute(async (trx) => {
      const matches = await matchesOf(trx, actor, importer, rows);
      const named = assigneeNames(trx, actor);
      const out: ImportRowResult[] = [];
      for (const [i, given] of rows.entries()) {
        const row = firstRow + i;
        const email = emailOf(given);
        const match = email === null ? undefined : matches.get(email);
        try {
          const raw = await named(given);
          if (match !== undefined && onExisting === 'skip') {
            out.push({
              row,
              status: 'skipped',
              id: match,
              message: 'A record with this email already exists',
            });
          } else if (match !== undefined) {
            const before = await lockRecord(trx, actor, importer.kind, match);
            requireRowGrant(actor, area, 'update', before);
            const changes = await importer.changes(trx, actor, raw, before);
            await writeRecord(trx, actor, now, importer.kind, before, changes);
            out.push({ row, status: 'updated', id: match, message: null });
          } else {
            const values = await importer.values(trx, actor, { assignedTo: defaultAssignee, ...raw });
            const created = await insertRecord(trx, actor, now, importer.kind, values);
            if (email !== null) matches.set(email, created.id);
            out.push({ row, status: 'created', id: created.id, message: null });
          }
        } catch (error) {
          const message = problemOf(error);
          if (message === null) throw error;
          out.push({ row, status: 'failed', id: null, message });
        }
      }
      return out;
    });
    const count = (status: ImportRowResult['status']) => results.filter((r) => r.status === status).length;
    return {
      created: count('created'),
      updated: count('updated'),
      skipped: count('skipped'),
      failed: count('failed'),
      rows: results,
    };
  }
}

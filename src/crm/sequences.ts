import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { invalid } from '../domain/errors.ts';
import { canonicalNumber, formatNumber, type NumberedKind } from '../domain/numbering.ts';

/**
 * The next document number for an organization and year. One upsert statement increments the counter, so
 * concurrent creators (threads, processes) each get a distinct value on both SQLite and PostgreSQL.
 */
export async function nextNumber(
  db: Db,
  organizationId: number,
  kind: NumberedKind,
  at: string,
): Promise<string> {
  const year = Number(at.slice(0, 4));
  const row = await db
    .insertInto('number_sequences')
    .values({ organization_id: organizationId, kind, year, last_value: 1 })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'kind', 'year'])
        .doUpdateSet({ last_value: sql`number_sequences.last_value + 1` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return formatNumber(kind, year, row.last_value);
}

/** "ORD-2026-12" in any case, as stored ("ORD-2026-0012"); anything else is a clear 400. */
export function normaliseNumber(kind: NumberedKind, text: string, example: string): string {
  const number = canonicalNumber(kind, text);
  if (!number) throw invalid(`"${text}" is not a ${kind} number such as ${example}`);
  return number;
}

import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/** Stands in for "no due date" in the sort key, so undated activities come after every dated one. */
const NO_DUE_DATE = '9999-12-31T23:59:59.999Z';

/**
 * Columns the issue and activity services need beyond 0001:
 * - issues.closed_at, stamped when an issue is closed and cleared when it is reopened;
 * - issues.priority_rank, because priorities sort by urgency, not alphabetically, and keyset pagination
 *   needs a plain NOT NULL column to compare;
 * - issue_comments.internal, notes between staff that the customer never sees;
 * - activities.subject_key (prefix search) and activities.due_key (due_at with undated rows last), since
 *   list pages sort and page only on NOT NULL columns.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('issues').addColumn('closed_at', 'text').execute();
  await db.schema
    .alterTable('issues')
    .addColumn('priority_rank', 'integer', (c) => c.notNull().defaultTo(2))
    .execute();
  await sql`update issues set priority_rank = case priority
      when 'low' then 1 when 'medium' then 2 when 'high' then 3 when 'urgent' then 4 else 2 end`.execute(db);
  await db.schema
    .alterTable('issue_comments')
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .alterTable('activities')
    .addColumn('subject_key', isPostgres(db) ? sql`text collate "C"` : 'text', (c) =>
      c.notNull().defaultTo(''),
    )
    .execute();
  await db.schema
    .alterTable('activities')
    .addColumn('due_key', 'text', (c) => c.notNull().defaultTo(NO_DUE_DATE))
    .execute();
  await sql`update activities set subject_key = lower(trim(subject)), due_key = coalesce(due_at, ${NO_DUE_DATE})`.execute(
    db,
  );

  const listIndexes: [string, string][] = [
    ['issues', 'priority_rank'],
    ['activities', 'due_key'],
    ['activities', 'updated_at'],
  ];
  for (const [table, column] of listIndexes) {
    await db.schema
      .createIndex(`${table}_org_${column}`)
      .on(table)
      .columns(['organization_id', column, 'id'])
      .execute();
    await db.schema
      .createIndex(`${table}_org_assigned_${column}`)
      .on(table)
      .columns(['organization_id', 'assigned_to', column, 'id'])
      .execute();
  }
  await db.schema
    .createIndex('activities_subject_key')
    .on('activities')
    .columns(['organization_id', 'subject_key', 'id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

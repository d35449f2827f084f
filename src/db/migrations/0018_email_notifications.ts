import type { Kysely } from 'kysely';

/**
 * A person's choice to get their notifications (a record assigned to them, an issue raised) by email as well.
 * 1 for yes, 0 for no (SQLite has no boolean type); everyone starts with no.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('email_notifications', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

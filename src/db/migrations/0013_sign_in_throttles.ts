import type { Kysely } from 'kysely';

/**
 * Wrong passwords counted per account and source (a client address, a Telegram chat), so that guesses from
 * one place pause that place only and cannot lock the owner out from another (src/crm/sign-in.ts). The
 * account-wide count stays on users.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_throttles')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_throttles_pk', ['user_id', 'source'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

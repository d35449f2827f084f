import type { Kysely } from 'kysely';

/** Counters of assistant requests per user and organization and time window (src/crm/assistant-limits.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('assistant_usage')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assistant_usage_pkey', ['subject', 'period'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

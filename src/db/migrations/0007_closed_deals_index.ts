import type { Kysely } from 'kysely';

/**
 * Deals won and lost in a period (the analytics summary and its time series) read status, close date,
 * currency and value. With all four in the index the databases no longer visit a table row per closed deal
 * (a month of a million deals is tens of thousands of rows). It replaces the index it extends.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('deals_closed')
    .on('deals')
    .columns(['organization_id', 'status', 'closed_at', 'currency', 'value'])
    .execute();
  await db.schema.dropIndex('deals_org_status_closed').execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

import { type Kysely, sql } from 'kysely';

/**
 * The worker claims from the oldest unfinished updates. Finished ones are the bulk of the inbox and stay out
 * of this index, so reading the oldest few hundred open updates in order costs the same with ten or with a
 * million finished ones behind them, and with a backlog of any size in front.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index telegram_updates_queue on telegram_updates (bot_id, update_id)
    where status in ('received', 'processing')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

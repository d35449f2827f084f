import { type Kysely, sql } from 'kysely';

/**
 * Finished updates are kept only as long as Telegram may deliver them again, and failed ones a while longer
 * for whoever looks into them (src/telegram/store/inbox.ts, `pruneFinished`). This index finds the ones due to go, oldest
 * first, without reading the open ones or the recent ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index telegram_updates_finished on telegram_updates (bot_id, status, finished_at)
    where status in ('done', 'failed')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

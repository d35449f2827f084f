import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * The worker claims from the oldest unfinished updates. Finished ones are the bulk of the inbox and stay out
 * of this index, so reading the oldest few hundred open updates in order costs the same with ten or with a
 * million finished ones behind them, and with a backlog of any size in front.
 *
 * PostgreSQL re-reads a table's statistics once a tenth of it has changed, and an inbox that holds every
 * update it ever took would then take a long backlog for a handful of rows. Its statistics are refreshed
 * after every few thousand changes instead, so the claim's fallback (a search of all open updates) is
 * planned for the backlog that is there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index telegram_updates_queue on telegram_updates (bot_id, update_id)
    where status in ('received', 'processing')`.execute(db);
  if (isPostgres(db)) {
    await sql`alter table telegram_updates
      set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000)`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

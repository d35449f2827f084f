import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * The inbox's indexes cover only what is looked for: open updates in id order, which the worker claims
 * from, and failed ones, which the status page shows. Finished updates are the bulk of the inbox and stay
 * out of both, so claiming costs the same with ten or a million of them behind, and an update leaves the
 * queue index once, when it is finished, instead of moving within an index on its status at every step.
 * They replace the index on (bot, status, chat, update), which PostgreSQL, misled by statistics that had
 * not caught up with a backlog, once searched for 13 s to claim 8 updates out of 71,000.
 *
 * PostgreSQL re-reads a table's statistics once a tenth of it has changed, and an inbox that holds every
 * update it ever took would then take a long backlog for a handful of rows. Its statistics are refreshed
 * after every few thousand changes instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index telegram_updates_queue on telegram_updates (bot_id, update_id)
    where status in ('received', 'processing')`.execute(db);
  await sql`create index telegram_updates_failed on telegram_updates (bot_id, update_id)
    where status = 'failed'`.execute(db);
  await db.schema.dropIndex('telegram_updates_open').execute();
  if (isPostgres(db)) {
    await sql`alter table telegram_updates
      set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000)`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

import type { Kysely } from 'kysely';

/**
 * Lead sources are normalised to a closed set of channels so they can be filtered and counted; a label
 * outside that set ("TikTok") becomes "other". This column keeps what the person wrote so it is not lost.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('leads').addColumn('source_label', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * Searches match a prefix of the name or the email, as a byte-wise range (`collate "C"`) on PostgreSQL. The
 * name keys were declared that way from the start, the emails were not, so their index could not serve the
 * range and PostgreSQL read customers in name order until enough emails matched: 83,000 rows for "smith" at
 * 100,000 customers. Declaring the emails byte-wise too lets one index serve equality and prefix alike; the
 * indexes on them are rebuilt, the rows are not rewritten. SQLite compares byte-wise already.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const table of ['customers', 'leads']) {
    await sql`alter table ${sql.table(table)} alter column email type text collate "C"`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * Email: an outbox of messages delivered at least once over SMTP (src/crm/emails.ts), one-time password reset
 * links stored as their hash, and the second token of an emailed invitation, which only its inbox receives.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const serialId = (name: string) =>
    isPostgres(db)
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await serialId('email_outbox')
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('claim', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await sql`create index email_outbox_due on email_outbox (next_attempt_at, id)
    where status = 'pending'`.execute(db);
  await sql`create index email_outbox_delivered on email_outbox (delivered_at)
    where status = 'delivered'`.execute(db);

  await serialId('password_resets')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('requested_by', 'integer')
    .addColumn('requested_from', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  // Throttling counts a user's recent requests.
  await db.schema
    .createIndex('password_resets_user')
    .on('password_resets')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema.alterTable('invitations').addColumn('email_token_hash', 'text').execute();
  await db.schema
    .createIndex('invitations_email_token')
    .on('invitations')
    .column('email_token_hash')
    .unique()
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

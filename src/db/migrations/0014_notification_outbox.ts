import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * The notification outbox (src/crm/notifications.ts): notices written with the change they tell about and
 * delivered at least once by the Telegram notifier, replacing the read position over the audit log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const table = isPostgres(db)
    ? db.schema.createTable('notification_outbox').addColumn('id', 'serial', (c) => c.primaryKey())
    : db.schema
        .createTable('notification_outbox')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await table
    .addColumn('organization_id', 'integer', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('audit_id', 'integer')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('claim', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  // What a notifier claims: pending notices that are due, oldest first.
  await sql`create index notification_outbox_due on notification_outbox (next_attempt_at, id)
    where status = 'pending'`.execute(db);
  // What pruning deletes: delivered notices past their keeping time.
  await sql`create index notification_outbox_delivered on notification_outbox (delivered_at)
    where status = 'delivered'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

import type { CreateTableBuilder, Kysely } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * The assistant's memory: conversations per user, organization and channel, their messages, and writes
 * waiting for the person's confirmation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const withId = (name: string): CreateTableBuilder<string, any> =>
    isPostgres(db)
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await withId('conversations')
    .addColumn('organization_id', 'integer', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    // The record the last answer was about, so "move it to proposal" knows what "it" is.
    .addColumn('last_record', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversations_owner')
    .on('conversations')
    .columns(['user_id', 'organization_id', 'channel', 'updated_at'])
    .execute();

  await withId('conversation_messages')
    .addColumn('conversation_id', 'integer', (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversation_messages_order')
    .on('conversation_messages')
    .columns(['conversation_id', 'id'])
    .execute();

  await db.schema
    .createTable('assistant_confirmations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'integer', (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('organization_id', 'integer', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('model', 'text', (c) => c.notNull())
    /** JSON: [{ tool, input, summary }] */
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('assistant_confirmations_pending')
    .on('assistant_confirmations')
    .columns(['conversation_id', 'status'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

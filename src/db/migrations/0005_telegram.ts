import type { Kysely } from 'kysely';

/**
 * The Telegram bot's state. Telegram ids (bots, chats, users, updates) can pass 2^31, so they are bigint;
 * every table is keyed by the bot's id as well, because a new token is a new bot with its own update ids
 * and its own chats.
 *
 * - telegram_updates: the durable inbox. An update is written here before Telegram gets its acknowledgement,
 *   and the primary key makes a redelivered update a no-op.
 * - telegram_chats: who a chat is signed in as, the organization it acts in, a sign-in in progress, the
 *   confirmation waiting for a button, pages of a long answer, and whether the chat still accepts messages.
 * - telegram_link_codes: one-time codes issued on the web to link a chat without typing a password in it.
 * - telegram_bot_state: what the status endpoint shows, and how far the notifier has read the audit log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('telegram_updates')
    .addColumn('bot_id', 'bigint', (c) => c.notNull())
    .addColumn('update_id', 'bigint', (c) => c.notNull())
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('telegram_updates_pk', ['bot_id', 'update_id'])
    .execute();
  // The worker looks for each chat's oldest unfinished update; finished rows are the bulk and stay out of it.
  await db.schema
    .createIndex('telegram_updates_open')
    .on('telegram_updates')
    .columns(['bot_id', 'status', 'chat_id', 'update_id'])
    .execute();

  await db.schema
    .createTable('telegram_chats')
    .addColumn('bot_id', 'bigint', (c) => c.notNull())
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('telegram_user_id', 'bigint')
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id').onDelete('set null'))
    .addColumn('linked_at', 'text')
    .addColumn('login_step', 'text')
    .addColumn('login_email', 'text')
    .addColumn('login_expires_at', 'text')
    .addColumn('confirmation_id', 'text')
    .addColumn('more_pages', 'text')
    .addColumn('blocked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('telegram_chats_pk', ['bot_id', 'chat_id'])
    .execute();
  await db.schema.createIndex('telegram_chats_user').on('telegram_chats').columns(['user_id']).execute();

  await db.schema
    .createTable('telegram_link_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('telegram_link_codes_user')
    .on('telegram_link_codes')
    .columns(['user_id'])
    .execute();

  await db.schema
    .createTable('telegram_bot_state')
    .addColumn('bot_id', 'bigint', (c) => c.primaryKey())
    .addColumn('username', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('last_ok_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('notify_cursor', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Parley migrations are forward-only; restore a backup to go back.');
}

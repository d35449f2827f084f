import type { Db } from '../../db/index.ts';
import type { Clock } from '../../domain/time.ts';
import { botStateStore } from './bot-state.ts';
import { chatStore } from './chats.ts';
import { createInbox } from './inbox.ts';

/**
 * The Telegram adapter's own tables: the inbox of updates, the chats the bot knows, and the bot's recorded
 * state. The only part of src/telegram that touches the database directly.
 */

export type { Db } from '../../db/index.ts';
export { type BotStateStore, botStateStore, readBotState, type TelegramMode } from './bot-state.ts';
export { type ChatRecord, type ChatStore, chatStore } from './chats.ts';
export {
  backoffMs,
  chatIdOf,
  createInbox,
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  type Inbox,
  type InboxItem,
  type InboxOptions,
  type InboxStatus,
  KEPT_MS,
} from './inbox.ts';
export { inboxCounts } from './inbox-counts.ts';

/** Everything one bot keeps, over one database. */
export function telegramStore(db: Db, clock: Clock, botId: number) {
  return {
    inbox: createInbox(db, clock, botId),
    chats: chatStore(db, clock, botId),
    state: botStateStore(db, clock, botId),
  };
}

export type TelegramStore = ReturnType<typeof telegramStore>;

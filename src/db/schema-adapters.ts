import type { Generated } from 'kysely';

/** Tables the adapters keep for themselves: assistant conversations and the Telegram bot's state. */

export interface ConversationsTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number;
  channel: string;
  /** JSON { type, id, label? } or null */
  last_record: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConversationMessagesTable {
  id: Generated<number>;
  conversation_id: number;
  role: 'user' | 'assistant';
  content: string;
  created_at: string;
}

export interface AssistantConfirmationsTable {
  id: string;
  conversation_id: number;
  organization_id: number;
  user_id: number;
  model: string;
  /** JSON [{ tool, input, summary }] */
  actions: string;
  status: 'pending' | 'approved' | 'denied' | 'expired';
  created_at: string;
  expires_at: string;
  decided_at: string | null;
}

/** The Telegram inbox: one row per update, written before the update is acknowledged. */
export interface TelegramUpdatesTable {
  bot_id: number;
  update_id: number;
  /** The chat the update belongs to (0 when it has none); updates of one chat are handled in order. */
  chat_id: number;
  /** JSON: the update as Telegram sent it */
  payload: string;
  status: 'received' | 'processing' | 'done' | 'failed';
  attempts: Generated<number>;
  received_at: string;
  /** A received update is not taken before this (backoff after a failure). */
  next_attempt_at: string;
  claimed_at: string | null;
  /** A processing update whose lease has run out was abandoned (the process died) and is taken again. */
  lease_until: string | null;
  finished_at: string | null;
  last_error: string | null;
}

export interface TelegramChatsTable {
  bot_id: number;
  chat_id: number;
  /** private | group | supergroup | channel */
  kind: string;
  /** The Parley user the chat is signed in as, or null. */
  user_id: number | null;
  /** The Telegram user who signed the chat in; in a group only they act through it. */
  telegram_user_id: number | null;
  organization_id: number | null;
  linked_at: string | null;
  /** A sign-in in progress: email | password */
  login_step: string | null;
  login_email: string | null;
  login_expires_at: string | null;
  /** The assistant confirmation waiting for the Confirm / Cancel buttons. */
  confirmation_id: string | null;
  /** JSON { key, pages: string[] }: the rest of a long answer, sent with "More". */
  more_pages: string | null;
  /** Set when Telegram refuses to deliver (the user blocked the bot); the chat gets nothing until it writes again. */
  blocked_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TelegramLinkCodesTable {
  code_hash: string;
  user_id: number;
  organization_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface TelegramBotStateTable {
  bot_id: number;
  username: string | null;
  /** webhook | polling */
  mode: string;
  last_ok_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  /** Unused since notices go through the notification outbox (0013); kept as migrations never drop. */
  notify_cursor: number | null;
  updated_at: string;
}

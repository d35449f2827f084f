import type { Context } from 'grammy';
import type { Attachment } from '../assistant/attachments.ts';
import type { Conversation } from '../assistant/conversation-store.ts';
import type { AssistantTurn } from '../assistant/turns.ts';
import type { LockoutPolicy } from '../auth/lockout.ts';
import type { Crm } from '../crm/index.ts';
import type { Actor } from '../domain/actor.ts';
import type { Clock } from '../domain/time.ts';
import type { ChatRecord, ChatStore } from './store/index.ts';

/**
 * The part of the assistant the bot uses. The bot depends on this and nothing more, so tests can drive it
 * with a small stand-in and the real assistant fits as it is.
 */
export interface ChatAssistant {
  send(
    actor: Actor,
    input: { text: string; channel: 'telegram'; current: Conversation | null; attachment?: Attachment },
  ): Promise<AssistantTurn>;
  confirm(actor: Actor, confirmationId: string, approve: boolean): Promise<AssistantTurn>;
  clear(actor: Actor, channel: 'telegram'): Promise<void>;
}

/** Where the bot logs: the server's logger (telegramLog), or nothing in tests. */
export interface TelegramLog {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** A log that drops everything. */
export const silentLog: TelegramLog = { info() {}, warn() {}, error() {} };

/** What the bot's handlers work with. */
export interface BotDeps {
  /** Accounts, sign-in and link codes go through the services, as the chat's actor or before there is one. */
  crm: Crm;
  clock: Clock;
  assistant: ChatAssistant;
  chats: ChatStore;
  /** Passwords typed in chat count against the same per-account lockout as the web's sign-in. */
  lockout: LockoutPolicy;
  log: TelegramLog;
}

/** What the bot knows about the chat an update came from, loaded before any handler runs. */
export interface ParleyState {
  chat: ChatRecord;
  /**
   * Who the chat acts as: the linked user in their chosen organization, or null when the chat is not signed
   * in, or in a group when the sender is not the person who linked it.
   */
  actor: Actor | null;
  group: boolean;
  /** The message's text (or a file's caption) addressed to the bot, without the @mention that addressed it. */
  text: string | null;
}

/** grammY's context with what the bot loaded about the chat. */
export type BotContext = Context & { parley: ParleyState };

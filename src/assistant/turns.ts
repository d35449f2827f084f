/** Where a conversation happens; each user has their own conversations per channel and organization. */
export type Channel = 'web' | 'telegram' | 'cli' | 'api';

/** A turn, its tool calls and pending writes, as REST, Telegram and the CLI present them: the API's shapes. */
export type {
  ActionStatus,
  AssistantAction,
  AssistantTurn,
  PendingConfirmation,
} from '../contracts/assistant.ts';

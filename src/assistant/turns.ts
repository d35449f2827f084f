/** Where a conversation happens; each user has their own conversations per channel and organization. */
export type Channel = 'web' | 'telegram' | 'cli' | 'api';

/** A turn, its tool calls and pending writes, as REST, Telegram and the CLI present them: the API's shapes. */
export type {
  ActionStatus,
  AssistantAction,
  AssistantTurn,
  PendingConfirmation,
} from '../contracts/assistant.ts';

/**
 * The paragraph that ends every turn proposing writes: the system's summary of each, one per line. Channels
 * that show the plan their own way (buttons, a card) recognise it by this exact text.
 */
export function confirmationRequest(summary: readonly string[]): string {
  const plan = summary.map((s) => `• ${s}`).join('\n');
  const intro =
    summary.length === 1 ? 'I will do this once you confirm:' : 'I will do these once you confirm:';
  return `${intro}\n${plan}\nConfirm? (yes / no)`;
}

import type { ToolName } from '../tools/index.ts';

/** Where a conversation happens; each user has their own conversations per channel and organization. */
export type Channel = 'web' | 'telegram' | 'cli' | 'api';

export type ActionStatus = 'done' | 'needs_confirmation' | 'denied' | 'failed';

/** One tool call the assistant made or proposes, as shown to the person. */
export interface AssistantAction {
  tool: ToolName | string;
  input: unknown;
  status: ActionStatus;
  /** The tool's result when done; a plain message when failed or denied. */
  result?: unknown;
  error?: string;
}

/** Writes waiting for the person's yes or no. */
export interface PendingConfirmation {
  id: string;
  /** One plain sentence per write, e.g. "Move deal #23 Website redesign from Proposal to Negotiation". */
  summary: string[];
  expiresAt: string;
}

/** The answer to one message or one confirmation, as REST, Telegram and the CLI present it. */
export interface AssistantTurn {
  conversationId: number;
  reply: string;
  actions: AssistantAction[];
  confirmation?: PendingConfirmation;
}

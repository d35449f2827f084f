import { z } from 'zod';
import { recordId, timestamp } from './common.ts';

/** What the assistant answers with: a turn (its reply, the tools it called, writes awaiting a yes) and history. */

export const ACTION_STATUSES = ['done', 'needs_confirmation', 'denied', 'failed'] as const;

export const assistantAction = z
  .object({
    tool: z.string().describe('The tool called, e.g. update_deal'),
    input: z.unknown().describe("The tool's input"),
    status: z.enum(ACTION_STATUSES),
    result: z.unknown().optional().describe("The tool's result, when done"),
    error: z.string().optional().describe('Why it failed or was denied, as a sentence'),
    choices: z
      .array(z.object({ type: z.string(), id: recordId, label: z.string() }))
      .optional()
      .describe('When a name matched several records: the records to choose from'),
  })
  .meta({ id: 'AssistantAction', description: 'One tool call the assistant made or proposes' });

export const pendingConfirmation = z
  .object({
    id: z.string().describe('Pass to POST /api/v1/assistant/confirmations/{id}'),
    summary: z.array(z.string()).describe('One sentence per write waiting for a yes'),
    expiresAt: timestamp,
  })
  .meta({ id: 'PendingConfirmation', description: "Writes that run only after the person's yes" });

export const assistantTurn = z
  .object({
    conversationId: recordId,
    reply: z.string(),
    actions: z.array(assistantAction),
    confirmation: pendingConfirmation.optional(),
    answered: z
      .object({ confirmationId: z.string(), approved: z.boolean() })
      .optional()
      .describe('Set when this turn answered a pending confirmation (a typed yes or no, or a button)'),
  })
  .meta({ id: 'AssistantTurn', description: 'The answer to one message or one confirmation' });

export const conversationMessage = z
  .object({ role: z.enum(['user', 'assistant']), content: z.string(), at: timestamp })
  .meta({ id: 'ConversationMessage' });

export const conversationHistory = z
  .object({
    conversationId: recordId,
    messages: z.array(conversationMessage).describe('The last 200 messages, oldest first'),
  })
  .meta({ id: 'ConversationHistory' });

export type ActionStatus = (typeof ACTION_STATUSES)[number];
export type AssistantAction = z.infer<typeof assistantAction>;
export type PendingConfirmation = z.infer<typeof pendingConfirmation>;
export type AssistantTurn = z.infer<typeof assistantTurn>;
export type ConversationHistory = z.infer<typeof conversationHistory>;

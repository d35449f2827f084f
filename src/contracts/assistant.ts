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

/** The largest file a message carries: the Telegram Bot API's download limit, the same on every channel. */
export const MAX_FILE_MB = 20;
/** Base64 makes 3 bytes 4 characters. */
export const MAX_FILE_BASE64_CHARS = Math.ceil((MAX_FILE_MB * 1024 * 1024) / 3) * 4;

export const messageFile = z
  .object({
    name: z.string().trim().min(1).max(255).describe('The file name, e.g. leads.csv or card.jpg'),
    mediaType: z
      .string()
      .trim()
      .max(255)
      .default('')
      .describe('Its media type, e.g. text/csv or image/jpeg; a .csv name is enough for a CSV'),
    data: z
      .string()
      .max(MAX_FILE_BASE64_CHARS, `A file can be at most ${MAX_FILE_MB} MB`)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Send the file as base64')
      .describe(`The file's bytes in base64, at most ${MAX_FILE_MB} MB before encoding`),
  })
  .strict()
  .meta({
    id: 'MessageFile',
    description:
      'A file sent with a message: a CSV becomes an import preview, a business card photo a proposed lead',
  });

export type MessageFile = z.input<typeof messageFile>;

import { z } from 'zod';
import { timestamp } from './common.ts';

/** The Telegram bot as owners check on it, and the codes that link a chat to a person. */

const count = z.number().int().nonnegative();

const problem = z.object({ message: z.string(), at: timestamp });

/** What Telegram itself says about the bot, or why it could not be asked. */
const telegramView = z.union([
  z.object({
    reachable: z.literal(true),
    webhookUrl: z.string().nullable(),
    pendingUpdates: count,
    lastError: problem.nullable().describe('The last error Telegram had delivering to the webhook'),
  }),
  z.object({ reachable: z.literal(false), error: z.string() }),
]);

export const telegramStatus = z
  .discriminatedUnion('enabled', [
    z.object({ enabled: z.literal(false), reason: z.string() }),
    z.object({
      enabled: z.literal(true),
      mode: z.enum(['webhook', 'polling']),
      bot: z.object({ id: z.number().int().positive(), username: z.string().nullable() }),
      connected: z.boolean().describe('Whether Telegram answered just now'),
      lastContactAt: timestamp.nullable(),
      lastError: z
        .object({ message: z.string(), at: timestamp.nullable() })
        .nullable()
        .describe('The last error this server had talking to Telegram'),
      pendingUpdates: z.object({
        inTelegram: count.nullable().describe('Waiting at Telegram; null when it was not reached'),
        waiting: count.describe('Received and waiting in our inbox'),
        processing: count,
      }),
      failedUpdates: count,
      lastFailedUpdate: z.object({ updateId: count, error: z.string().nullable() }).nullable(),
      telegram: telegramView,
    }),
  ])
  .meta({ id: 'TelegramStatus', description: "The bot's mode and health" });

export const telegramLinkCode = z
  .object({
    code: z.string(),
    expiresAt: timestamp,
    deepLink: z
      .string()
      .nullable()
      .describe("Opens the bot with the code; null while the bot's username is not known"),
    command: z.string().describe('Or send this to the bot, e.g. /link CODE'),
  })
  .meta({ id: 'TelegramLinkCode', description: 'A one-time code (10 minutes) that links a chat to you' });

export type TelegramStatus = z.infer<typeof telegramStatus>;
export type TelegramLinkCode = z.infer<typeof telegramLinkCode>;

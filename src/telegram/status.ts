import { Api } from 'grammy';
import type { Config } from '../config.ts';
import type { Actor } from '../domain/actor.ts';
import { forbidden } from '../domain/errors.ts';
import { can } from '../domain/policy.ts';
import { type Db, inboxCounts, readBotState, type TelegramMode } from './store/index.ts';
import { botIdOf } from './webhook.ts';

/** The bot's health as the status endpoint shows it, from what the processes recorded and from Telegram. */

const ERROR_LENGTH = 300;

/** Webhook when the server has a public address Telegram can call, long polling otherwise. */
export function modeOf(config: Pick<Config, 'PUBLIC_URL'>): TelegramMode {
  return config.PUBLIC_URL ? 'webhook' : 'polling';
}

/** The bot's username as last recorded, for links to it; null when the bot is off or never connected. */
export async function botUsername(
  db: Db,
  config: Pick<Config, 'TELEGRAM_BOT_TOKEN'>,
): Promise<string | null> {
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  return (await readBotState(db, botIdOf(config.TELEGRAM_BOT_TOKEN)))?.username ?? null;
}

type StatusConfig = Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'PUBLIC_URL'>;

/** What Telegram itself says: its queue for us and the last error it had delivering to the webhook. */
async function askTelegram(config: StatusConfig & { TELEGRAM_BOT_TOKEN: string }) {
  const api = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: 5 });
  try {
    const info = await api.getWebhookInfo();
    return {
      reachable: true as const,
      webhookUrl: info.url || null,
      pendingUpdates: info.pending_update_count,
      lastError: info.last_error_message
        ? {
            message: info.last_error_message,
            at: new Date((info.last_error_date ?? 0) * 1000).toISOString(),
          }
        : null,
    };
  } catch (error) {
    return { reachable: false as const, error: (error as Error).message.slice(0, ERROR_LENGTH) };
  }
}

/** Owners only: the bot's mode, whether it reaches Telegram, what waits in the inbox, and the last errors. */
export async function telegramStatus(db: Db, config: StatusConfig, actor: Actor) {
  if (!can(actor, 'settings', 'update')) throw forbidden('Only owners can see the Telegram bot status');
  if (!config.TELEGRAM_BOT_TOKEN) {
    return { enabled: false as const, reason: 'TELEGRAM_BOT_TOKEN is not set' };
  }
  const botId = botIdOf(config.TELEGRAM_BOT_TOKEN);
  const state = await readBotState(db, botId);
  const [inbox, telegram] = await Promise.all([
    inboxCounts(db, botId),
    askTelegram({ ...config, TELEGRAM_BOT_TOKEN: config.TELEGRAM_BOT_TOKEN }),
  ]);
  const lastError = state?.last_error ? { message: state.last_error, at: state.last_error_at } : null;
  return {
    enabled: true as const,
    mode: modeOf(config),
    bot: { id: botId, username: state?.username ?? null },
    connected: telegram.reachable,
    lastContactAt: state?.last_ok_at ?? null,
    lastError,
    pendingUpdates: {
      inTelegram: telegram.reachable ? telegram.pendingUpdates : null,
      waiting: inbox.waiting,
      processing: inbox.processing,
    },
    failedUpdates: inbox.failed,
    lastFailedUpdate: inbox.lastFailure,
    telegram,
  };
}

/** The bot's status and username over this process's database, for the HTTP routes. */
export function telegramReadout(db: Db, config: StatusConfig) {
  return {
    status: (actor: Actor) => telegramStatus(db, config, actor),
    botUsername: () => botUsername(db, config),
  };
}

export type TelegramReadout = ReturnType<typeof telegramReadout>;

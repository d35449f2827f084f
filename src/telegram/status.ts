import { Api } from 'grammy';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { Actor } from '../domain/actor.ts';
import { forbidden } from '../domain/errors.ts';
import { can } from '../domain/policy.ts';
import type { Clock } from '../domain/time.ts';
import { inboxCounts } from './inbox.ts';
import { botIdOf } from './webhook.ts';

/**
 * The bot's health as the status endpoint shows it. Each process records what it last heard from Telegram
 * in telegram_bot_state, so any process (and the API of any of them) can report on the bot.
 */

const OK_WRITE_INTERVAL_MS = 60_000;
const ERROR_LENGTH = 300;

export type TelegramMode = 'webhook' | 'polling';

export function modeOf(config: Pick<Config, 'PUBLIC_URL'>): TelegramMode {
  return config.PUBLIC_URL ? 'webhook' : 'polling';
}

export function botStateStore(db: Db, clock: Clock, botId: number) {
  let lastOkWrite = 0;
  const now = () => clock().toISOString();
  return {
    async started(mode: TelegramMode, username: string | null): Promise<void> {
      const at = now();
      await db
        .insertInto('telegram_bot_state')
        .values({ bot_id: botId, mode, username, updated_at: at, notify_cursor: null })
        .onConflict((oc) =>
          oc.column('bot_id').doUpdateSet({
            mode,
            updated_at: at,
            ...(username ? { username } : {}),
          }),
        )
        .execute();
    },

    /** Telegram answered; written at most once a minute, since polling hears from it constantly. */
    async ok(): Promise<void> {
      const t = clock().getTime();
      if (t - lastOkWrite < OK_WRITE_INTERVAL_MS) return;
      lastOkWrite = t;
      await db
        .updateTable('telegram_bot_state')
        .set({ last_ok_at: now(), updated_at: now() })
        .where('bot_id', '=', botId)
        .execute();
    },

    async failed(error: unknown): Promise<void> {
      lastOkWrite = 0;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, ERROR_LENGTH);
      await db
        .updateTable('telegram_bot_state')
        .set({ last_error: message, last_error_at: now(), updated_at: now() })
        .where('bot_id', '=', botId)
        .execute();
    },
  };
}

export type BotStateStore = ReturnType<typeof botStateStore>;

export async function botUsername(
  db: Db,
  config: Pick<Config, 'TELEGRAM_BOT_TOKEN'>,
): Promise<string | null> {
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  const row = await db
    .selectFrom('telegram_bot_state')
    .select('username')
    .where('bot_id', '=', botIdOf(config.TELEGRAM_BOT_TOKEN))
    .executeTakeFirst();
  return row?.username ?? null;
}

type StatusConfig = Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'PUBLIC_URL'>;

/** What Telegram itself says: its queue for us and the last error it had delivering to the webhook. */
async function askTelegram(config: StatusConfig & { TELEGRAM_BOT_TOKEN: string }) {
  const api = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: 5 });
  try {
    const info = await api.getWebhookInfo();
    return {
      reachable: true,
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
    return { reachable: false, error: (error as Error).message.slice(0, ERROR_LENGTH) };
  }
}

/** Owners only: the bot's mode, whether it reaches Telegram, what waits in the inbox, and the last errors. */
export async function telegramStatus(db: Db, config: StatusConfig, actor: Actor) {
  if (!can(actor, 'settings', 'update')) throw forbidden('Only owners can see the Telegram bot status');
  if (!config.TELEGRAM_BOT_TOKEN) {
    return { enabled: false as const, reason: 'TELEGRAM_BOT_TOKEN is not set' };
  }
  const botId = botIdOf(config.TELEGRAM_BOT_TOKEN);
  const state = await db
    .selectFrom('telegram_bot_state')
    .selectAll()
    .where('bot_id', '=', botId)
    .executeTakeFirst();
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
      inTelegram: 'pendingUpdates' in telegram ? telegram.pendingUpdates : null,
      waiting: inbox.waiting,
      processing: inbox.processing,
    },
    failedUpdates: inbox.failed,
    lastFailedUpdate: inbox.lastFailure,
    telegram,
  };
}

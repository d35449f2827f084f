import type { Db } from '../../db/index.ts';
import type { Clock } from '../../domain/time.ts';

/**
 * What each process last heard from Telegram, in telegram_bot_state, so that any process (and the API of any
 * of them) can report on the bot.
 */

const OK_WRITE_INTERVAL_MS = 60_000;
const ERROR_LENGTH = 300;

export type TelegramMode = 'webhook' | 'polling';

/** The bot's recorded health, written as this process talks to Telegram. */
export function botStateStore(db: Db, clock: Clock, botId: number) {
  let lastOkWrite = 0;
  const now = () => clock().toISOString();
  const record = (changes: { last_ok_at: string } | { last_error: string; last_error_at: string }) =>
    db
      .updateTable('telegram_bot_state')
      .set({ ...changes, updated_at: now() })
      .where('bot_id', '=', botId)
      .execute();
  return {
    /** The process runs the bot in `mode`; the username is kept from before when not known yet. */
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
      await record({ last_ok_at: now() });
    },

    /** Telegram refused or could not be reached. */
    async failed(error: unknown): Promise<void> {
      lastOkWrite = 0;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, ERROR_LENGTH);
      await record({ last_error: message, last_error_at: now() });
    },
  };
}

export type BotStateStore = ReturnType<typeof botStateStore>;

/** The bot's recorded state, or undefined before any process has started it. */
export function readBotState(db: Db, botId: number) {
  return db.selectFrom('telegram_bot_state').selectAll().where('bot_id', '=', botId).executeTakeFirst();
}

import type { Bot, Transformer } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import { lockoutPolicy } from '../auth/lockout.ts';
import type { Config } from '../config.ts';
import { type Crm, createCrm } from '../crm/index.ts';
import type { Clock } from '../domain/time.ts';
import { createBot, isPermanentTelegramError } from './bot.ts';
import { type BotContext, type ChatAssistant, silentLog, type TelegramLog } from './bot-context.ts';
import { html } from './format.ts';
import { BOT_COMMANDS } from './help.ts';
import { TELEGRAM_MAX_FAILURES } from './login.ts';
import { createNotifier, type Notifier } from './notify.ts';
import { pollUpdates } from './polling.ts';
import { type SenderOptions, sleepFor } from './sender.ts';
import { modeOf } from './status.ts';
import {
  type BotStateStore,
  type ChatStore,
  type Db,
  type Inbox,
  type TelegramMode,
  telegramStore,
} from './store/index.ts';
import { readUpdate } from './update-shape.ts';
import { botIdOf, webhookOptions, webhookSecretFor, webhookUrlFor } from './webhook.ts';
import { createWorker, type Worker } from './worker.ts';

export type { ChatAssistant, TelegramLog } from './bot-context.ts';

/** The server's pino logger in the shape the bot logs through. */
export function telegramLog(logger: Logger): TelegramLog {
  const child = logger.child({ component: 'telegram' });
  return {
    info: (message, data) => child.info(data ?? {}, message),
    warn: (message, data) => child.warn(data ?? {}, message),
    error: (message, data) => child.error(data ?? {}, message),
  };
}

/** How a chat hears about an update it will never get an answer to; kept short and free of details. */
const FAILURE_NOTICE = html`Sorry, something went wrong on my side with that message. Please try again.`;

export interface TelegramDeps {
  config: Config;
  db: Db;
  /** The process's services; built over `db` when not given. */
  crm?: Crm;
  clock: Clock;
  assistant: ChatAssistant;
  log?: TelegramLog;
  /** Bot details known in advance (tests); otherwise getMe is asked at start. */
  botInfo?: UserFromGetMe;
  sender?: SenderOptions;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  worker?: { concurrency?: number; pollMs?: number };
  pollTimeoutSeconds?: number;
  notifyEveryMs?: number;
}

/** What the webhook route needs: the secret to check, and where to put what arrives. */
export interface WebhookTarget {
  secret: string;
  /**
   * Stores an update; `json` is the text it came as. A body that is not the shape of an update is logged
   * and skipped rather than refused, so that Telegram does not deliver it again and again.
   */
  accept(body: { update_id: number }, json: string): Promise<void>;
}

export interface Telegram {
  botId: number;
  mode: TelegramMode;
  bot: Bot<BotContext>;
  inbox: Inbox;
  worker: Worker;
  chats: ChatStore;
  notifier: Notifier;
  state: BotStateStore;
  webhook: WebhookTarget;
  /** Connects in the background (getMe, command menu, webhook or polling) and starts the worker. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Keeps the last contact with Telegram (and the last error) for the status endpoint. */
function healthRecorder(state: BotStateStore, log: TelegramLog): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (result.ok) void state.ok().catch(() => {});
      else if (result.error_code === 401 || result.error_code === 404 || result.error_code === 409) {
        // The token is wrong or another poller/webhook holds the bot: worth an owner's attention.
        void state.failed(new Error(`${method}: ${result.description}`)).catch(() => {});
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) {
        log.warn('telegram request failed', { method, error: (error as Error).message });
        void state.failed(error).catch(() => {});
      }
      throw error;
    }
  };
}

/** How the worker runs an update through the bot, and what it says when one cannot be answered. */
function updateHandling(bot: Bot<BotContext>, log: TelegramLog) {
  return {
    handle: (update: Update) => bot.handleUpdate(update),
    isPermanent: isPermanentTelegramError,
    onError: (error: unknown, update: Update) =>
      log.warn('telegram update failed', { updateId: update.update_id, error: (error as Error).message }),
    onFailed: async (update: Update, error: unknown) => {
      // A chat that refuses messages cannot hear an apology either.
      if (isPermanentTelegramError(error)) return;
      const chatId = update.message?.chat.id ?? update.callback_query?.message?.chat.id;
      if (chatId === undefined) return;
      await bot.api.sendMessage(chatId, FAILURE_NOTICE.html, { parse_mode: 'HTML' });
    },
  };
}

interface Connection {
  bot: Bot<BotContext>;
  config: Config;
  mode: TelegramMode;
  state: BotStateStore;
  log: TelegramLog;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
}

/** getMe, the command menu, and the webhook (or its removal for polling), tried until they work or `signal`. */
async function connectBot({ bot, config, mode, state, log, sleep, signal }: Connection): Promise<boolean> {
  for (let failures = 0; !signal.aborted; failures++) {
    try {
      await bot.init(signal as unknown as Parameters<typeof bot.init>[0]);
      await bot.api.setMyCommands(BOT_COMMANDS);
      if (mode === 'webhook') {
        await bot.api.setWebhook(webhookUrlFor(config.PUBLIC_URL!), webhookOptions(config));
      } else {
        // getUpdates is refused while a webhook is set; pending updates stay queued at Telegram.
        await bot.api.deleteWebhook({ drop_pending_updates: false });
      }
      await state.started(mode, bot.botInfo.username);
      log.info('telegram bot connected', { username: bot.botInfo.username, mode });
      return true;
    } catch (error) {
      if (signal.aborted) return false;
      log.warn('telegram bot could not connect; retrying', { error: (error as Error).message });
      await state.failed(error).catch(() => {});
      await sleep(Math.min(60_000, 1000 * 2 ** failures), signal).catch(() => {});
    }
  }
  return false;
}

/** The bot and its machinery, or null when no token is configured (the bot is off). Nothing runs yet. */
export function createTelegram(deps: TelegramDeps): Telegram | null {
  const { config, db, clock } = deps;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return null;
  const botId = botIdOf(token);
  const log = deps.log ?? silentLog;
  const sleep = deps.sleep ?? sleepFor;
  const mode = modeOf(config);
  const { chats, inbox, state } = telegramStore(db, clock, botId);
  const lockout = { ...lockoutPolicy(config), maxFailures: TELEGRAM_MAX_FAILURES };
  const crm = deps.crm ?? createCrm({ db, clock });

  const bot = createBot(
    {
      token,
      apiRoot: config.TELEGRAM_API_ROOT,
      ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
      sender: {
        sleep,
        limits: {
          globalPerSecond: config.TELEGRAM_MAX_MESSAGES_PER_SECOND,
          privatePerSecond: config.TELEGRAM_MAX_MESSAGES_PER_CHAT_PER_SECOND,
        },
        ...deps.sender,
      },
    },
    { crm, clock, assistant: deps.assistant, chats, lockout, log },
  );
  bot.api.config.use(healthRecorder(state, log));

  const worker = createWorker({
    inbox,
    ...(config.TELEGRAM_WORKER_CONCURRENCY ? { concurrency: config.TELEGRAM_WORKER_CONCURRENCY } : {}),
    ...deps.worker,
    ...updateHandling(bot, log),
  });

  const notifier = createNotifier({
    notifications: crm.notifications,
    chats,
    send: async (chatId, text) => {
      await bot.api.sendMessage(chatId, text.html, { parse_mode: 'HTML' });
    },
  });

  /** Stores an update that has Telegram's shape; true when it is new. See readUpdate for the rest. */
  async function admit(body: unknown, json?: string): Promise<boolean> {
    const read = readUpdate(body);
    if ('update' in read) return inbox.enqueue(read.update, json);
    log.warn('telegram update skipped: not the shape Telegram sends', { ...read.misshapen });
    return false;
  }

  const secret = webhookSecretFor(config)!;
  const stopping = new AbortController();
  const background: Promise<unknown>[] = [];
  let notifyTimer: NodeJS.Timeout | null = null;

  return {
    botId,
    mode,
    bot,
    inbox,
    worker,
    chats,
    notifier,
    state,
    webhook: {
      secret,
      async accept(body, json) {
        if (await admit(body, json)) worker.wake();
      },
    },

    async start() {
      await state.started(mode, deps.botInfo?.username ?? null);
      const run = (async () => {
        if (!(await connectBot({ bot, config, mode, state, log, sleep, signal: stopping.signal }))) return;
        worker.start();
        const notifyEvery = deps.notifyEveryMs ?? 5_000;
        const tick = async () => {
          await notifier.runOnce().catch((error) => log.warn('telegram notifications failed', { error }));
          if (!stopping.signal.aborted) notifyTimer = setTimeout(tick, notifyEvery).unref();
        };
        void tick();
        if (mode === 'polling') {
          await pollUpdates({
            api: bot.api,
            store: (update) => admit(update),
            onStored: () => worker.wake(),
            signal: stopping.signal,
            ...(deps.pollTimeoutSeconds === undefined ? {} : { timeoutSeconds: deps.pollTimeoutSeconds }),
            onError: (error) => log.warn('telegram polling failed', { error: (error as Error).message }),
            sleep,
          });
        }
      })();
      background.push(run);
    },

    async stop() {
      stopping.abort();
      if (notifyTimer) clearTimeout(notifyTimer);
      await Promise.allSettled(background);
      await worker.stop();
    },
  };
}

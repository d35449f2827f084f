import type { FastifyInstance } from 'fastify';
import { configuredModelName } from './assistant/model-choice.ts';
import { warmOfflineEngine } from './assistant/offline-brain.ts';
import { type Config, ConfigError } from './config.ts';
import { type Db, migrateToLatest, openDatabase } from './db/index.ts';
import { systemClock } from './domain/time.ts';
import { buildApp } from './http/app.ts';
import { telegramWebhookRoutes } from './http/routes/telegram.ts';
import { createLogger } from './logger.ts';
import { createMail, describeMail } from './mail/index.ts';
import { ocr } from './media/ocr.ts';
import { DEMO_PASSWORD, isEmpty, seedDemo, wantsDemo } from './seed/demo.ts';
import { createServices } from './services.ts';
import { createTelegram, telegramLog } from './telegram/index.ts';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  stop(): Promise<void>;
}

/** Shown instead of the URL so a password in DATABASE_URL never reaches the terminal or logs. */
export function describeDatabase(config: Config): string {
  if (config.database.kind === 'sqlite') return `SQLite ${config.database.file}`;
  const u = new URL(config.database.url);
  return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
}

function describeAssistant(config: Config): string {
  if (config.GEMINI_API_KEY) return `Gemini (${config.GEMINI_MODEL})`;
  if (config.OPENAI_BASE_URL)
    return `OpenAI-compatible ${config.OPENAI_BASE_URL} (${config.OPENAI_MODEL ?? 'default model'})`;
  return 'offline engine (no model API key set)';
}

function describeTelegram(config: Config, worker: boolean): string {
  if (!config.TELEGRAM_BOT_TOKEN) return 'off (no TELEGRAM_BOT_TOKEN)';
  if (!config.PUBLIC_URL) return worker ? 'long polling' : 'long polling is left to `parley worker`';
  const webhook = `webhook at ${config.PUBLIC_URL}/telegram/webhook`;
  return worker ? webhook : `${webhook}, stored for \`parley worker\` to answer`;
}

export interface ServeOptions {
  /**
   * Whether this process also answers the Telegram inbox, sends notifications and (without a webhook)
   * polls. Off, it only serves HTTP and stores webhook updates, for `parley worker` processes to answer.
   */
  worker?: boolean;
}

/** What every process opens the same way: logs, an up-to-date database, and the services over it. */
async function openServices(config: Config) {
  const logger = createLogger(config);
  const db = openDatabase(config.database, {
    onError: (error) => logger.warn({ err: error }, 'database connection error'),
  });
  await migrateToLatest(db);
  const deps = createServices({ config, db, clock: systemClock, warn: (message) => logger.warn(message) });
  // No token, no bot: nothing Telegram runs, and the webhook route does not exist.
  const telegram = createTelegram({ ...deps, log: telegramLog(logger) });
  // No SMTP_URL, no mail: invitations and reset links are shown to copy.
  const mailLog = logger.child({ component: 'mail' });
  const mail = createMail({
    config,
    emails: deps.crm.emails,
    clock: systemClock,
    log: { warn: (message, data) => mailLog.warn(data, message) },
  });
  return { logger, db, deps, telegram, mail };
}

export async function startServer(
  config: Config,
  out: (line: string) => void = console.log,
  opts: ServeOptions = {},
): Promise<RunningServer> {
  const worker = opts.worker ?? true;
  const { logger, db, deps, telegram, mail } = await openServices(config);
  const demo = wantsDemo(config) && (await isEmpty(db)) ? await seedDemo(db, systemClock) : null;
  const app = await buildApp(deps, { logger });
  if (telegram?.mode === 'webhook') await app.register(telegramWebhookRoutes, telegram.webhook);
  await app.listen({ port: config.PORT, host: config.HOST });
  if (worker) {
    await telegram?.start();
    mail?.start();
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://localhost:${port}`;

  out(`Parley is listening on ${url}`);
  out(`  database:  ${describeDatabase(config)}`);
  out(`  assistant: ${describeAssistant(config)}`);
  out(`  telegram:  ${describeTelegram(config, worker)}`);
  out(`  email:     ${describeMail(config)}`);
  out(`  API docs:  ${url}/api/docs`);
  if (demo) {
    out('Demo data loaded. Sign in with:');
    for (const login of demo.logins) out(`  ${login.email} / ${DEMO_PASSWORD}   (${login.role})`);
  }
  const stopWarming = warmAssistant(config);

  return {
    app,
    db,
    url,
    async stop() {
      stopWarming();
      await telegram?.stop();
      await mail?.stop();
      // A running OCR worker thread would keep the process alive.
      await ocr.stop();
      await app.close();
      await db.destroy();
    },
  };
}

/** With no model configured the offline engine answers, so its language model is loaded after start. */
function warmAssistant(config: Config): () => void {
  return configuredModelName(config) ? () => {} : warmOfflineEngine();
}

export interface RunningWorker {
  stop(): Promise<void>;
}

/**
 * `parley worker`: the Telegram bot without HTTP. It answers the inbox (which webhook processes fill),
 * sends notifications and, without a webhook, polls; any number of workers share one PostgreSQL database.
 */
export async function startWorker(
  config: Config,
  out: (line: string) => void = console.log,
): Promise<RunningWorker> {
  const { db, telegram, mail } = await openServices(config);
  if (!telegram && !mail) {
    await db.destroy();
    throw new ConfigError([
      'TELEGRAM_BOT_TOKEN: a worker runs the Telegram bot or sends email, so it needs the token or SMTP_URL',
    ]);
  }
  await telegram?.start();
  mail?.start();
  out('Parley worker is running');
  out(`  database:  ${describeDatabase(config)}`);
  out(`  assistant: ${describeAssistant(config)}`);
  out(`  telegram:  ${telegram ? describeTelegram(config, true) : 'off (no TELEGRAM_BOT_TOKEN)'}`);
  out(`  email:     ${describeMail(config)}`);
  // A worker answers only Telegram: without a bot it never reads a request.
  const stopWarming = telegram ? warmAssistant(config) : () => {};
  return {
    async stop() {
      stopWarming();
      await telegram?.stop();
      await mail?.stop();
      // A running OCR worker thread would keep the process alive.
      await ocr.stop();
      await db.destroy();
    },
  };
}

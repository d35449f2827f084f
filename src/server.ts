import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { type Db, migrateToLatest, openDatabase } from './db/index.ts';
import { systemClock } from './domain/time.ts';
import { buildApp } from './http/app.ts';
import { telegramWebhookRoutes } from './http/routes/telegram.ts';
import { createLogger } from './logger.ts';
import { DEMO_PASSWORD, isEmpty, seedDemo } from './seed/demo.ts';
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

function describeTelegram(config: Config): string {
  if (!config.TELEGRAM_BOT_TOKEN) return 'off (no TELEGRAM_BOT_TOKEN)';
  return config.PUBLIC_URL ? `webhook at ${config.PUBLIC_URL}/telegram/webhook` : 'long polling';
}

/** Demo data goes into an empty embedded database by default, never into PostgreSQL unless asked. */
function wantsDemo(config: Config): boolean {
  if (config.DEMO_DATA === 'auto') return config.database.kind === 'sqlite';
  return config.DEMO_DATA === 'on';
}

export async function startServer(
  config: Config,
  out: (line: string) => void = console.log,
): Promise<RunningServer> {
  const logger = createLogger(config);
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const demo = wantsDemo(config) && (await isEmpty(db)) ? await seedDemo(db, systemClock) : null;
  const deps = createServices({ config, db, clock: systemClock, warn: (message) => logger.warn(message) });
  const app = await buildApp(deps, { logger });
  // No token, no bot: nothing Telegram runs, and the webhook route does not exist.
  const telegram = createTelegram({ ...deps, log: telegramLog(logger) });
  if (telegram?.mode === 'webhook') await app.register(telegramWebhookRoutes, telegram.webhook);
  await app.listen({ port: config.PORT, host: config.HOST });
  await telegram?.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://localhost:${port}`;

  out(`Parley is listening on ${url}`);
  out(`  database:  ${describeDatabase(config)}`);
  out(`  assistant: ${describeAssistant(config)}`);
  out(`  telegram:  ${describeTelegram(config)}`);
  out(`  API docs:  ${url}/api/docs`);
  if (demo) {
    out('Demo data loaded. Sign in with:');
    for (const login of demo.logins) out(`  ${login.email} / ${DEMO_PASSWORD}   (${login.role})`);
  }

  return {
    app,
    db,
    url,
    async stop() {
      await telegram?.stop();
      await app.close();
      await db.destroy();
    },
  };
}

import { createAssistant } from './assistant/index.ts';
import type { Config } from './config.ts';
import { createCrm } from './crm/index.ts';
import type { Db } from './db/index.ts';
import type { Clock } from './domain/time.ts';
import { telegramReadout } from './telegram/status.ts';

/** Everything the adapters (HTTP, Telegram, MCP, CLI) share, built once per process over one database. */
export function createServices(opts: {
  config: Config;
  db: Db;
  clock: Clock;
  warn?: (message: string) => void;
}) {
  const { config, db, clock } = opts;
  const crm = createCrm({ db, clock });
  const assistant = createAssistant({ db, crm, clock, config, ...(opts.warn ? { warn: opts.warn } : {}) });
  // The bot's status is read from its own tables; the HTTP routes get it here rather than the database.
  return { config, db, clock, crm, assistant, telegram: telegramReadout(db, config) };
}

export type Services = ReturnType<typeof createServices>;

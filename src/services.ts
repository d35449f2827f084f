import { createAssistant } from './assistant/index.ts';
import { type Config, publicBaseUrl } from './config.ts';
import { createCrm } from './crm/index.ts';
import type { Db } from './db/index.ts';
import type { Clock } from './domain/time.ts';
import { demoSignIns } from './seed/demo.ts';
import { telegramReadout } from './telegram/status.ts';

/** How long the sign-in page's demo hint is trusted before the passwords are checked again. */
const DEMO_CHECK_MS = 60_000;

/** `load`'s last answer, asked again once it is `ms` old; callers meanwhile share one pending answer. */
function cachedFor<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let at = 0;
  let value: Promise<T> | null = null;
  return () => {
    if (!value || Date.now() - at > ms) {
      at = Date.now();
      value = load().catch((error) => {
        value = null;
        throw error;
      });
    }
    return value;
  };
}

/** Everything the adapters (HTTP, Telegram, MCP, CLI) share, built once per process over one database. */
export function createServices(opts: {
  config: Config;
  db: Db;
  clock: Clock;
  warn?: (message: string) => void;
}) {
  const { config, db, clock } = opts;
  // With SMTP set, the services write invitations and reset links to the email outbox; src/mail/ sends them.
  const email = config.SMTP_URL ? { baseUrl: publicBaseUrl(config) } : undefined;
  const crm = createCrm({ db, clock, ...(email ? { email } : {}) });
  const assistant = createAssistant({ db, crm, clock, config, ...(opts.warn ? { warn: opts.warn } : {}) });
  // The bot's status is read from its own tables; the HTTP routes get it here rather than the database.
  return {
    config,
    db,
    clock,
    crm,
    assistant,
    telegram: telegramReadout(db, config),
    demoSignIns: cachedFor(DEMO_CHECK_MS, () => demoSignIns(db, config)),
  };
}

export type Services = ReturnType<typeof createServices>;

import nodemailer from 'nodemailer';
import { type Config, publicBaseUrl } from '../config.ts';
import type { Emails } from '../crm/emails.ts';
import type { Clock } from '../domain/time.ts';
import { createMailSender, type MailLog, type MailSender } from './sender.ts';

export type { MailTransport } from './sender.ts';

/** How often the outbox is looked at: an email asked for in a request goes out within this. */
const POLL_MS = 1_000;

export interface Mail {
  sender: MailSender;
  /** Sends due emails on a timer until `stop`. */
  start(): void;
  stop(): Promise<void>;
}

/** "SMTP mail.example.com:587": where email goes, without the credentials in SMTP_URL. */
export function describeMail(config: Pick<Config, 'SMTP_URL'>): string {
  if (!config.SMTP_URL) return 'off (no SMTP_URL; invitation and reset links are shown to copy)';
  const u = new URL(config.SMTP_URL);
  return `${u.protocol === 'smtps:' ? 'SMTPS' : 'SMTP'} ${u.hostname}:${u.port || (u.protocol === 'smtps:' ? 465 : 587)}`;
}

/** The SMTP sender, or null when SMTP_URL is not set. Nothing runs until `start`. */
export function createMail(deps: {
  config: Config;
  emails: Emails;
  clock: Clock;
  log?: MailLog;
}): Mail | null {
  const { config } = deps;
  if (!config.SMTP_URL || !config.MAIL_FROM) return null;
  const transport = nodemailer.createTransport(config.SMTP_URL);
  const sender = createMailSender({
    emails: deps.emails,
    transport,
    from: config.MAIL_FROM,
    clock: deps.clock,
    baseUrl: publicBaseUrl(config),
    ...(deps.log ? { log: deps.log } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = sender
      .runOnce()
      .catch((error) => deps.log?.warn('email outbox failed', { reason: (error as Error).message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, POLL_MS).unref();
      });
  };
  return {
    sender,
    start: tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}

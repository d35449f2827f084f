import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

/** Paths pino must never print: credentials travel in these. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.currentPassword',
  '*.newPassword',
  // Settings are never logged; should one be, the SMTP URL carries the mail server's password.
  '*.SMTP_URL',
];

export function createLogger(
  config: Pick<Config, 'LOG_LEVEL'>,
  destination?: pino.DestinationStream,
): Logger {
  return pino({ level: config.LOG_LEVEL, redact: { paths: LOG_REDACT, censor: '[redacted]' } }, destination);
}

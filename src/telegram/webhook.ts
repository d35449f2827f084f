import { hash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';
import { ALLOWED_UPDATES } from './help.ts';

export const WEBHOOK_PATH = '/telegram/webhook';
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

type TelegramConfig = Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_WEBHOOK_SECRET'>;

/** The bot's numeric id: the part of the token before the colon. Every Telegram table is keyed by it. */
export function botIdOf(token: string): number {
  const m = /^(\d{1,20}):[A-Za-z0-9_-]{1,200}$/.exec(token);
  if (!m) throw new Error('TELEGRAM_BOT_TOKEN does not look like a bot token (123456789:ABC-DEF...)');
  return Number(m[1]);
}

/**
 * The secret Telegram must send with every webhook call. Without TELEGRAM_WEBHOOK_SECRET one is derived from
 * the token, so a webhook is never left open; Telegram accepts 1-256 of A-Z a-z 0-9 _ -, which base64url is.
 */
export function webhookSecretFor(config: TelegramConfig): string | null {
  if (config.TELEGRAM_WEBHOOK_SECRET) return config.TELEGRAM_WEBHOOK_SECRET;
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  return hash('sha256', `parley-webhook:${config.TELEGRAM_BOT_TOKEN}`, 'base64url');
}

/**
 * Checks a webhook call's secret header against `expected` in constant time, so the secret cannot be found a
 * character at a time by timing. Only whether the lengths match can be timed, which tells an attacker nothing
 * worth having: a derived secret's length is public, and Telegram allows any from 1 to 256. Hashing both
 * sides to even their lengths would add a hash to every update's check for no gain.
 */
export function webhookSecretCheck(expected: string): (given: unknown) => 'ok' | 'missing' | 'wrong' {
  const expectedBytes = Buffer.from(expected);
  return (given) => {
    if (typeof given !== 'string' || given === '') return 'missing';
    const givenBytes = Buffer.from(given);
    return givenBytes.length === expectedBytes.length && timingSafeEqual(givenBytes, expectedBytes)
      ? 'ok'
      : 'wrong';
  };
}

/** What Parley asks of Telegram with its webhook: the secret, the updates it handles, deliveries at once. */
export function webhookOptions(config: TelegramConfig & Pick<Config, 'TELEGRAM_WEBHOOK_MAX_CONNECTIONS'>) {
  return {
    secret_token: webhookSecretFor(config)!,
    allowed_updates: [...ALLOWED_UPDATES],
    max_connections: config.TELEGRAM_WEBHOOK_MAX_CONNECTIONS,
  };
}

export function webhookUrlFor(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
}

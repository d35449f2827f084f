import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import pg from 'pg';
import { FakeTelegram, TEST_TOKEN } from '../test/fakes/telegram-api.ts';
import type { PacedRequest } from './paced.ts';

/**
 * What the Telegram benchmarks share: the bot's settings for a webhook server whose Bot API is the fake in
 * the benchmark's own process, realistic updates, a fresh database per run, and the webhook load for
 * autocannon.
 */

export const WEBHOOK_PATH = '/telegram/webhook';
export const WEBHOOK_SECRET = 'bench-webhook-secret_0123456789';
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
export const BOT_TOKEN = TEST_TOKEN;
export const BOT_ID = Number(TEST_TOKEN.split(':')[0]);
const DATA_DIR = join(import.meta.dirname, '.data');

export function webhookSettings(fake: FakeTelegram): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: fake.apiRoot,
    // Webhook mode; nothing is ever fetched from this address.
    PUBLIC_URL: 'https://example.test',
  };
}

/** Resolves once the server has connected its bot (getMe, commands, setWebhook), so its worker is running. */
export async function botConnected(fake: FakeTelegram, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (fake.callsOf('setWebhook').length === 0) {
    if (Date.now() > deadline) throw new Error('the server never set its webhook at the fake Bot API');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A private text message as Telegram delivers it, with a full sender and chat (about 350 bytes). */
export function messageUpdate(updateId: number, chatId: number, text: string): string {
  const person = { first_name: 'Alex', last_name: `Client${chatId}`, username: `client_${chatId}` };
  return JSON.stringify({
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: chatId, is_bot: false, ...person, language_code: 'en' },
      chat: { id: chatId, ...person, type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text,
    },
  });
}

/**
 * Webhook POSTs, each a new update (distinct update_id) from the next of `chats` private chats in turn, with
 * the secret header Telegram sends: as autocannon requests, or one by one for a paced load. Both draw on the
 * same update ids.
 */
export function webhookRequests(opts: { firstUpdateId: number; chats: number; texts: string[] }): {
  requests: autocannon.Request[];
  next(): PacedRequest;
} {
  let nextId = opts.firstUpdateId;
  const headers = { 'content-type': 'application/json', [SECRET_HEADER]: WEBHOOK_SECRET };
  const body = () => {
    const id = nextId++;
    return messageUpdate(id, 1_000_000 + (id % opts.chats), opts.texts[id % opts.texts.length]!);
  };
  return {
    requests: [
      { method: 'POST', path: WEBHOOK_PATH, headers, setupRequest: (req) => ({ ...req, body: body() }) },
    ],
    next: () => ({ path: WEBHOOK_PATH, headers, body: body() }),
  };
}

export type DatabaseName = 'sqlite' | 'postgres';

export const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The benchmark's own database, emptied first: a file under bench/.data or a PostgreSQL database it owns. */
export async function freshDatabase(kind: DatabaseName, name: string): Promise<string> {
  if (kind === 'sqlite') {
    const file = join(DATA_DIR, `${name}.db`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    return `file:${file}`;
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function wantedDatabases(): DatabaseName[] {
  return (process.env.BENCH_DATABASES ?? 'sqlite,postgres')
    .split(',')
    .filter((d): d is DatabaseName => d === 'sqlite' || d === 'postgres');
}

export { FakeTelegram };

import type { Update } from 'grammy/types';
import type { Attachment } from '../src/assistant/attachments.ts';
import type { AssistantTurn } from '../src/assistant/turns.ts';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/index.ts';
import type { Actor } from '../src/domain/actor.ts';
import type { Clock } from '../src/domain/time.ts';
import {
  type ChatAssistant,
  createTelegram,
  type Telegram,
  type TelegramLog,
} from '../src/telegram/index.ts';
import { FakeTelegram, TEST_BOT, TEST_TOKEN, textUpdate } from './fakes/telegram-api.ts';
import { TEST_PASSWORD } from './support/tenants.ts';

/** Shared by the Telegram tests: a bot on the fake Bot API, a hand-moved clock, and a recording assistant. */

export function manualClock(start = Date.now()) {
  let now = start;
  const clock: Clock = () => new Date(now);
  return { clock, advance: (ms: number) => (now += ms) };
}

/**
 * A stand-in for the assistant with the interface the bot uses. It records what it was asked and answers
 * with whatever the test scripts (by default it repeats the text back).
 */
export function scriptedAssistant() {
  const sent: { actor: Actor; text: string; attachment?: Attachment }[] = [];
  const confirmed: { actor: Actor; id: string; approve: boolean }[] = [];
  const cleared: Actor[] = [];
  let answer: (text: string) => AssistantTurn = (text) => ({
    conversationId: 1,
    reply: `You said: ${text}`,
    actions: [],
  });
  let thinkMs = 0;
  const assistant: ChatAssistant & {
    sent: typeof sent;
    confirmed: typeof confirmed;
    cleared: typeof cleared;
    answerWith(fn: (text: string) => AssistantTurn): void;
    /** Real milliseconds each answer takes from now on, like a model thinking. */
    thinkFor(ms: number): void;
  } = {
    sent,
    confirmed,
    cleared,
    answerWith(fn) {
      answer = fn;
    },
    thinkFor(ms) {
      thinkMs = ms;
    },
    async send(actor, input) {
      sent.push({ actor, text: input.text, ...(input.attachment && { attachment: input.attachment }) });
      if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, thinkMs));
      return answer(input.text);
    },
    async confirm(actor, id, approve) {
      confirmed.push({ actor, id, approve });
      return {
        conversationId: 1,
        reply: approve ? 'Added lead "John <Doe>" from facebook.' : 'Cancelled. Nothing was changed.',
        actions: [],
      };
    },
    async clear(actor) {
      cleared.push(actor);
    },
  };
  return assistant;
}

/** A log that keeps its lines, to check what was logged and that no secret was. */
export function recordingLog() {
  const lines: { level: 'info' | 'warn' | 'error'; message: string; data: Record<string, unknown> }[] = [];
  const at =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, data: Record<string, unknown> = {}) =>
      void lines.push({ level, message, data });
  const log: TelegramLog = { info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

export interface BotHarness {
  fake: FakeTelegram;
  telegram: Telegram;
  sleeps: number[];
  /** Delivers updates as the webhook would and lets the worker handle everything. */
  deliver(...updates: Update[]): Promise<void>;
  /** Signs `chat` in as `email` with the test password, as a person would type it. */
  signIn(chat: number, email: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBot(
  db: Db,
  opts: {
    assistant: ChatAssistant;
    clock: Clock;
    fake?: FakeTelegram;
    settings?: Record<string, string>;
    log?: TelegramLog;
  },
): Promise<BotHarness> {
  const fake = opts.fake ?? (await FakeTelegram.start());
  const config = loadConfig({
    DATABASE_URL: 'file::memory:',
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...opts.settings,
  });
  const sleeps: number[] = [];
  // Waits are recorded and passed on a pretend clock of the sender's, not waited: the tests check that the
  // sender asked for the right pauses.
  let senderNow = 0;
  const telegram = createTelegram({
    config,
    db,
    clock: opts.clock,
    assistant: opts.assistant,
    botInfo: TEST_BOT,
    ...(opts.log ? { log: opts.log } : {}),
    sleep: async (ms) => {
      sleeps.push(ms);
      senderNow += ms;
    },
    sender: { now: () => senderNow },
  })!;
  await telegram.state.started(telegram.mode, TEST_BOT.username);
  const deliver = async (...updates: Update[]) => {
    for (const u of updates) await telegram.webhook.accept(u, JSON.stringify(u));
    await telegram.worker.drain();
  };
  return {
    fake,
    telegram,
    sleeps,
    deliver,
    async signIn(chat, email) {
      await deliver(textUpdate(chat, `/login ${email}`), textUpdate(chat, TEST_PASSWORD));
      if (!/Signed in as/.test(fake.sentTo(chat).at(-1) ?? ''))
        throw new Error(`chat ${chat} did not sign in`);
    },
    async close() {
      await telegram.stop();
      if (!opts.fake) await fake.close();
    },
  };
}

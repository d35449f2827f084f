import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { photoUpdate } from '../test/fakes/telegram-updates.ts';
import { MARIA, renderCards } from '../test/fixtures/cards/render.ts';
import { linkChats } from './bot-turn.ts';
import {
  type LatencyResult,
  percentile,
  rssMiB,
  startServerProcess,
  startWorkerProcess,
  writeResult,
} from './lib.ts';
import { pacedLoad } from './paced.ts';
import {
  botConnected,
  FakeTelegram,
  freshDatabase,
  SECRET_HEADER,
  WEBHOOK_PATH,
  WEBHOOK_SECRET,
  webhookRequests,
  webhookSettings,
} from './telegram.ts';

/**
 * Whether reading business cards holds up the webhook. `parley serve` (webhook and worker in one process,
 * SQLite, the demo install) takes plain text updates at a steady RATE a second for SECONDS, timed from when
 * each POST was due to Telegram's acknowledgement (bench/paced.ts): once with no photo about, then while the
 * worker reads card photos back to back (the next photo is posted as soon as the previous one is answered,
 * from signed-in chats in turn, its file served by the fake Bot API through getFile). OCR runs in a
 * tesseract.js worker thread inside the server process, so the two share its memory and the machine's cores.
 * Also measured: card → proposal through the server (POST to the proposal's sendMessage; the first card,
 * which starts the OCR worker, apart) and the server's RSS before and while cards are read.
 *
 * The run fails when the acknowledgement p99 while cards are read is above 2× the idle p99 plus 5 ms, when
 * a POST fails, or when no card was read during the window. BENCH_SECONDS (10), BENCH_RATE (200/s),
 * BENCH_CONNECTIONS (as many as Parley asks Telegram for, 100), BENCH_PORT (3960); BENCH_SPLIT=1 runs
 * `serve --no-worker` beside a `parley worker` instead (results in card-webhook-split.json).
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3960);
/** Long enough for the offline engine's model, which loads a second after start, to be in before timing. */
const SPLIT = process.env.BENCH_SPLIT === '1';
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? loadConfig({}).TELEGRAM_WEBHOOK_MAX_CONNECTIONS);
/** Signed-in chats the photos come from in turn, so no chat passes the three-files-at-once limit. */
const PHOTO_CHATS = 40;
const FIRST_PHOTO_CHAT = 3_000_000;
/** Photo updates get ids well clear of the text ones. */
const FIRST_PHOTO_UPDATE = 50_000_000;
const FIRST_CARD_TIMEOUT_MS = 120_000;
const DRAIN_MS = 60_000;
const SLOWER_BY = 2;
const SLACK_MS = 5;
const PROPOSAL = /Create lead/;

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Posts card photos one after another and times each to its answer at the fake Bot API. */
function photoFeeder(fake: FakeTelegram, url: string, cards: { fileId: string; width: number }[]) {
  let n = 0;
  let running = false;
  let pending: { chatId: number; sentAt: number } | null = null;
  let wake: (() => void) | null = null;
  const proposals: { at: number; ms: number }[] = [];
  const otherReplies: string[] = [];
  const postErrors: string[] = [];

  fake.onCall = (call) => {
    if (call.method !== 'sendMessage' || !pending) return;
    if (Number(call.payload.chat_id) !== pending.chatId) return;
    const now = performance.now();
    const text = String(call.payload.text);
    if (PROPOSAL.test(text)) proposals.push({ at: now, ms: now - pending.sentAt });
    else otherReplies.push(text.slice(0, 120));
    pending = null;
    wake?.();
  };

  async function post(): Promise<void> {
    const card = cards[n % cards.length]!;
    const chatId = FIRST_PHOTO_CHAT + (n % PHOTO_CHATS);
    const update = {
      ...photoUpdate(chatId, { sizes: [{ fileId: card.fileId, width: card.width, height: 560 }] }),
      update_id: FIRST_PHOTO_UPDATE + n++,
    };
    pending = { chatId, sentAt: performance.now() };
    const res = await fetch(`${url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: WEBHOOK_SECRET },
      body: JSON.stringify(update),
    });
    await res.arrayBuffer();
    if (!res.ok) postErrors.push(`photo POST answered ${res.status}`);
  }

  let loop: Promise<void> = Promise.resolve();
  return {
    proposals,
    otherReplies,
    postErrors,
    posted: () => n,
    start() {
      running = true;
      loop = (async () => {
        while (running) {
          await post();
          const deadline = Date.now() + FIRST_CARD_TIMEOUT_MS;
          while (pending && Date.now() < deadline) {
            await new Promise<void>((resolve) => {
              wake = resolve;
              setTimeout(resolve, 250);
            });
          }
          if (pending) {
            postErrors.push(`photo ${n} not answered within ${FIRST_CARD_TIMEOUT_MS / 1000} s`);
            pending = null;
          }
        }
      })();
    },
    async stop() {
      running = false;
      await Promise.race([loop, new Promise((r) => setTimeout(r, DRAIN_MS))]);
      fake.onCall = null;
    },
  };
}

function summary(label: string, r: LatencyResult) {
  return `${label}: ${r.rps}/s  p50 ${r.p50} ms  p90 ${r.p90} ms  p99 ${r.p99} ms  max ${r.max} ms  (${r.non2xx} non-2xx, ${r.errors} errors)`;
}

export async function run(): Promise<void> {
  const images = await renderCards([
    { text: MARIA, look: { format: 'jpeg' } },
    { text: MARIA, look: { tilt: 7, lowContrast: true, format: 'jpeg' } },
  ]);
  const url = await freshDatabase('sqlite', 'parley_bench_card_webhook');
  const fake = await FakeTelegram.start();
  const cards = images.map((bytes, i) => ({
    fileId: fake.putFile(bytes, { path: `photos/card-${i}.jpg` }),
    width: 900,
  }));
  const env = {
    DATABASE_URL: url,
    DEMO_DATA: 'on',
    // Answers at Telegram's 30 a second would leave the text updates queued ahead of the photos.
    TELEGRAM_MAX_MESSAGES_PER_SECOND: '10000',
    ...webhookSettings(fake),
  };
  const server = await startServerProcess(env, PORT, SPLIT ? ['--no-worker'] : []);
  // Where OCR runs: the serve process itself, or the separate worker.
  const worker = SPLIT ? await startWorkerProcess(env) : server;
  const feeder = photoFeeder(fake, server.url, cards);
  try {
    await botConnected(fake);
    await linkChats(url, FIRST_PHOTO_CHAT, PHOTO_CHATS);
    const updates = webhookRequests({ firstUpdateId: 1, chats: 5000, texts: ['hello', 'Show my deals'] });
    const paced = (seconds: number) =>
      pacedLoad({ url: server.url, rate: RATE, seconds, connections: CONNECTIONS, next: updates.next });

    await paced(WARM_UP_SECONDS);
    const rssIdleMiB = rssMiB(worker.pid);
    // The load generator and fake Bot API share this process: its own stalls would show as slow answers.
    const ownDelay = monitorEventLoopDelay({ resolution: 10 });
    ownDelay.enable();
    const idle = await paced(SECONDS);
    const idleOwnMaxMs = round(ownDelay.max / 1e6);
    ownDelay.reset();
    console.log(summary('idle         ', idle));

    const startedAt = performance.now();
    feeder.start();
    while (feeder.proposals.length === 0 && feeder.postErrors.length === 0) {
      if (performance.now() - startedAt > FIRST_CARD_TIMEOUT_MS) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const firstCardMs = feeder.proposals[0]?.ms ?? null;
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(rssMiB(worker.pid)), 500);
    const windowStart = performance.now();
    const busy = await paced(SECONDS);
    const windowEnd = performance.now();
    ownDelay.disable();
    const busyOwnMaxMs = round(ownDelay.max / 1e6);
    clearInterval(sampler);
    await feeder.stop();
    console.log(summary('reading cards', busy));

    const inWindow = feeder.proposals.filter((p) => p.at >= windowStart && p.at <= windowEnd).length;
    const times = feeder.proposals
      .slice(1)
      .map((p) => p.ms)
      .sort((a, b) => a - b);
    const limitMs = SLOWER_BY * idle.p99 + SLACK_MS;
    const failures = [
      ...(busy.p99 > limitMs ? [`p99 while reading cards ${busy.p99} ms > ${round(limitMs)} ms`] : []),
      ...[idle, busy].flatMap((r) =>
        r.errors + r.non2xx > 0 ? [`${r.errors} failed and ${r.non2xx} non-2xx POSTs`] : [],
      ),
      ...(inWindow === 0 ? ['no card was read while the webhook was timed'] : []),
      ...feeder.postErrors,
    ];
    const cardsRead = {
      posted: feeder.posted(),
      proposed: feeder.proposals.length,
      proposedInWindow: inWindow,
      otherReplies: feeder.otherReplies,
      firstCardMs: firstCardMs === null ? null : Math.round(firstCardMs),
      p50Ms: Math.round(percentile(times, 50)),
      p95Ms: Math.round(percentile(times, 95)),
    };
    const memory = {
      rssIdleMiB,
      rssReadingMaxMiB: Math.max(...rssSamples),
      rssAfterMiB: rssMiB(worker.pid),
    };
    console.log(
      `cards: ${cardsRead.proposed} proposed of ${cardsRead.posted} posted (${inWindow} in the window); ` +
        `first ${cardsRead.firstCardMs} ms, then p50 ${cardsRead.p50Ms} ms, p95 ${cardsRead.p95Ms} ms`,
    );
    console.log(`load generator's longest stall: ${idleOwnMaxMs} ms idle, ${busyOwnMaxMs} ms reading cards`);
    console.log(
      `RSS of the process running OCR ${memory.rssIdleMiB} MiB idle, up to ${memory.rssReadingMaxMiB} MiB reading cards`,
    );
    const file = writeResult(SPLIT ? 'card-webhook-split' : 'card-webhook', {
      shape: SPLIT ? 'serve --no-worker + worker' : 'serve',
      database: 'sqlite',
      rate: RATE,
      secondsPerLoad: SECONDS,
      connections: CONNECTIONS,
      loadAverage: os.loadavg().map((l) => round(l)),
      idle,
      readingCards: busy,
      loadGeneratorStallMaxMs: { idle: idleOwnMaxMs, readingCards: busyOwnMaxMs },
      p99Ratio: Math.round((busy.p99 / idle.p99) * 100) / 100,
      limitMs: round(limitMs),
      cards: cardsRead,
      memory,
      failures,
    });
    console.log(`results: ${file}`);
    if (failures.length > 0) {
      console.error(`card-webhook failed: ${failures.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    await feeder.stop();
    await worker.stop();
    await server.stop();
    await fake.close();
  }
}

import { Agent, request } from 'node:http';
import { loadConfig } from '../src/config.ts';
import { actorFor } from '../src/crm/actors.ts';
import { openDatabase } from '../src/db/index.ts';
import { DEMO_USERS } from '../src/seed/demo.ts';
import { chatStore } from '../src/telegram/store/index.ts';
import {
  busyShareSince,
  cpuMs,
  machineCpuMs,
  machineMark,
  percentile,
  type ServerProcess,
  startServerProcess,
  writeResult,
} from './lib.ts';
import {
  BOT_ID,
  botConnected,
  type DatabaseName,
  FakeTelegram,
  freshDatabase,
  messageUpdate,
  SECRET_HEADER,
  WEBHOOK_PATH,
  WEBHOOK_SECRET,
  wantedDatabases,
  webhookSettings,
} from './telegram.ts';

/**
 * A whole bot turn as a person feels it: a signed-in chat's message is posted to the webhook of a real
 * `parley serve`, stored, taken by the worker, answered by the offline assistant from the demo data, and the
 * answer arrives at the fake Bot API in this process. Latency is from the POST to that sendMessage.
 *
 * Pacing: the server runs with TELEGRAM_MAX_MESSAGES_PER_SECOND=10000, i.e. without the overall limit of 30 a
 * second Telegram sets for ordinary bots, since that limit alone would cap any test at 30 turns/s. Telegram's
 * per-chat limit (about one message a second) stays on, and the load respects it: each chat writes again at
 * the earliest 1.1 s after its last message, so many chats carry the load, as in real life.
 *
 * Rates, after WARM_UP: a light 100 turns/s and the 500 turns/s target, then as fast as the server answers with
 * at most MAX_IN_FLIGHT turns waiting. BENCH_SECONDS per rate (default 8), BENCH_CHATS (default 1,500),
 * BENCH_DATABASES (sqlite,postgres), BENCH_TEXTS (what the chats write, separated by |; to see what one kind of
 * turn costs).
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CHATS = Number(process.env.BENCH_CHATS ?? 1500);
const RATES = [100, 500];
/**
 * Turns before measuring, so that the phases see a server as it runs for days: modules loaded, statements
 * prepared, and the turn's code optimised by V8. After 2 s at 50/s, V8 was still optimising it (some 1,500
 * functions in the run), which doubled the light phase's p50 on PostgreSQL. Start-up is `startup`'s to measure.
 */
const WARM_UP = { rate: 200, seconds: 8 };
const MAX_IN_FLIGHT = 256;
const CHAT_GAP_MS = 1100;
const TEXTS = process.env.BENCH_TEXTS?.split('|') ?? [
  'Show my deals',
  'List my customers',
  'Show statistics for this month',
  'Show my open deals',
];
const FIRST_CHAT = 2_000_000;
/** Replies still missing this long after the load stops count as lost. */
const DRAIN_MS = 15_000;

/** Signs the chats in as the demo owner, the way a link code does, straight in the database. */
async function linkChats(url: string): Promise<void> {
  const db = openDatabase(loadConfig({ DATABASE_URL: url }).database);
  try {
    const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', owner.email)
      .executeTakeFirstOrThrow();
    const actor = await actorFor(db, user.id, 'telegram');
    const chats = chatStore(db, () => new Date(), BOT_ID);
    for (let i = 0; i < CHATS; i++) {
      const chatId = FIRST_CHAT + i;
      await chats.touch(chatId, 'private');
      await chats.link(chatId, chatId, actor);
    }
  } finally {
    await db.destroy();
  }
}

interface PhaseResult {
  /** Turns a second asked for; null when as fast as the server answers. */
  targetRate: number | null;
  turns: number;
  lost: number;
  turnsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The server's CPU time per answered turn: steadier than latency when others share the machine. */
  serverCpuMsPerTurn: number;
  /** Every process's CPU time per answered turn: the server, PostgreSQL, and this load and fake Bot API. */
  machineCpuMsPerTurn: number;
  /** How busy the machine's cores were over the phase; below 1, turns waited on something other than CPU. */
  machineBusyShare: number;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Posts turns from the chats and times each answer at the fake Bot API. */
function turnDriver(fake: FakeTelegram, server: ServerProcess) {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const { hostname, port } = new URL(server.url);
  const waiting = new Map<number, number>();
  const lastSent = new Map<number, number>();
  let updateId = 1;
  let cursor = 0;
  let latencies: number[] = [];
  let postErrors = 0;

  fake.onCall = (call) => {
    if (call.method !== 'sendMessage') return;
    const chatId = Number(call.payload.chat_id);
    const sentAt = waiting.get(chatId);
    if (sentAt === undefined) return;
    waiting.delete(chatId);
    latencies.push(performance.now() - sentAt);
  };

  function post(chatId: number): void {
    const body = messageUpdate(updateId, chatId, TEXTS[updateId % TEXTS.length]!);
    updateId++;
    const now = performance.now();
    waiting.set(chatId, now);
    lastSent.set(chatId, now);
    const req = request(
      {
        agent,
        hostname,
        port,
        path: WEBHOOK_PATH,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          [SECRET_HEADER]: WEBHOOK_SECRET,
        },
      },
      (res) => {
        res.resume();
        if (res.statusCode !== 200) postErrors++;
      },
    );
    req.on('error', () => postErrors++);
    req.end(body);
  }

  /** The next chat with no turn under way that has been quiet long enough for Telegram's per-chat limit. */
  function idleChat(now: number): number | null {
    for (let tried = 0; tried < CHATS; tried++) {
      const chatId = FIRST_CHAT + (cursor++ % CHATS);
      if (!waiting.has(chatId) && now - (lastSent.get(chatId) ?? -Infinity) >= CHAT_GAP_MS) return chatId;
    }
    return null;
  }

  async function phase(targetRate: number | null, seconds: number): Promise<PhaseResult> {
    latencies = [];
    const cpuBefore = cpuMs(server.pid);
    const mark = machineMark();
    const started = performance.now();
    const end = started + seconds * 1000;
    let posted = 0;
    while (performance.now() < end) {
      const now = performance.now();
      const due = targetRate === null ? Infinity : Math.floor(((now - started) / 1000) * targetRate) - posted;
      for (let i = 0; i < due && waiting.size < MAX_IN_FLIGHT; i++) {
        const chatId = idleChat(now);
        if (chatId === null) break;
        post(chatId);
        posted++;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const drainUntil = performance.now() + DRAIN_MS;
    while (waiting.size > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 10));
    const lost = waiting.size;
    waiting.clear();
    const cpu = cpuMs(server.pid) - cpuBefore;
    const machineCpu = machineCpuMs().busy - mark.cpu.busy;
    const machineBusyShare = busyShareSince(mark);
    const sorted = latencies.sort((a, b) => a - b);
    const perTurn = (ms: number) => round(ms / Math.max(1, sorted.length));
    return {
      targetRate,
      turns: sorted.length,
      lost,
      turnsPerSecond: Math.round(sorted.length / seconds),
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? Number.NaN),
      serverCpuMsPerTurn: perTurn(cpu),
      machineCpuMsPerTurn: perTurn(machineCpu),
      machineBusyShare,
    };
  }

  return {
    phase,
    postErrors: () => postErrors,
    close() {
      fake.onCall = null;
      agent.destroy();
    },
  };
}

async function measure(database: DatabaseName, port: number) {
  const url = await freshDatabase(database, 'parley_bench_turns');
  const fake = await FakeTelegram.start();
  let server: ServerProcess | null = null;
  try {
    server = await startServerProcess(
      {
        DATABASE_URL: url,
        DEMO_DATA: 'on',
        TELEGRAM_MAX_MESSAGES_PER_SECOND: '10000',
        ...webhookSettings(fake),
      },
      port,
    );
    await botConnected(fake);
    await linkChats(url);
    const driver = turnDriver(fake, server);
    try {
      await driver.phase(WARM_UP.rate, WARM_UP.seconds);
      const phases: PhaseResult[] = [];
      for (const rate of [...RATES, null]) {
        const result = await driver.phase(rate, SECONDS);
        phases.push(result);
        console.log(
          `${database.padEnd(8)} ${String(rate ?? 'max').padEnd(4)} ${result.turnsPerSecond} turns/s  ` +
            `p50 ${result.p50} ms  p99 ${result.p99} ms  ${result.serverCpuMsPerTurn} ms CPU/turn, ` +
            `machine ${result.machineCpuMsPerTurn} ms at ${Math.round(result.machineBusyShare * 100)}% busy  ` +
            `(${result.lost} lost)`,
        );
        fake.reset();
        fake.messages.clear();
      }
      return {
        database,
        chats: CHATS,
        secondsPerRate: SECONDS,
        pacing: {
          TELEGRAM_MAX_MESSAGES_PER_SECOND: 10000,
          perChat: `each chat writes at most once per ${CHAT_GAP_MS} ms (Telegram's per-chat limit stays on)`,
        },
        maxInFlight: MAX_IN_FLIGHT,
        postErrors: driver.postErrors(),
        phases,
      };
    } finally {
      driver.close();
    }
  } finally {
    await server?.stop();
    await fake.close();
  }
}

export async function run(): Promise<void> {
  const runs = [];
  let port = 3930;
  for (const database of wantedDatabases()) runs.push(await measure(database, port++));
  console.log(`results: ${writeResult('bot-turn', { runs })}`);
}

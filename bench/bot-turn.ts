import { Agent, request } from 'node:http';
import { loadConfig } from '../src/config.ts';
import { actorFor } from '../src/crm/actors.ts';
import { openDatabase } from '../src/db/index.ts';
import { DEMO_ORG, DEMO_USERS } from '../src/seed/demo.ts';
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
import { DEALS, seededCopy } from './seeded.ts';
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
 * `parley serve`, stored, taken by the worker, answered by the offline assistant, and the answer arrives at
 * the fake Bot API in this process. Latency is from the POST to that answer.
 *
 * Two workloads, each its own benchmark:
 * - `read-only`: the demo organization as seeded for a new install, and four read requests ("Show my deals"
 *   and the like);
 * - `mixed`: a copy of the organization grown to a million deals (`seeded.ts`), where one message in five is a
 *   write (a new lead, a deal's stage, a payment), proposed with Confirm and then confirmed by pressing it (a
 *   callback query); the proposal and the confirmation are each a turn, timed from their own POST.
 *
 * Pacing: the server runs with TELEGRAM_MAX_MESSAGES_PER_SECOND=10000, i.e. without the overall limit of 30 a
 * second Telegram sets for ordinary bots, since that limit alone would cap any test at 30 turns/s. Telegram's
 * per-chat limit (about one message a second) stays on, and the load respects it: each chat writes again at
 * the earliest 1.1 s after its last post, so many chats carry the load, as in real life.
 *
 * Rates, after WARM_UP: a light 100 turns/s and 500 turns/s, then as fast as the server answers with at most
 * MAX_IN_FLIGHT turns waiting. Throughput counts only answers that arrive inside a phase's window; a run in
 * which an answer never arrives or a POST fails is a failed run (exit code 1), whatever its figures.
 * BENCH_SECONDS per rate (default 8), BENCH_CHATS (default 1,500), BENCH_DATABASES (sqlite,postgres),
 * BENCH_TEXTS (the read requests, separated by |; to see what one kind of turn costs).
 */

export type Workload = 'read-only' | 'mixed';

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
const READS = process.env.BENCH_TEXTS?.split('|') ?? [
  'Show my deals',
  'List my customers',
  'Show statistics for this month',
  'Show my open deals',
];
/** In the mixed workload, every WRITE_EVERY-th message is a write. */
const WRITE_EVERY = 5;
const FIRST_CHAT = 2_000_000;
/** Replies still missing this long after the load stops count as lost. */
const DRAIN_MS = 15_000;
const CONFIRM = /^cf:y:/;

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

/**
 * What the mixed workload's writes name: deals of the organization (any of them) and orders that can take
 * many small payments without being paid in full.
 */
async function writeTargets(url: string): Promise<{ deals: [number, number]; orders: string[] }> {
  const db = openDatabase(loadConfig({ DATABASE_URL: url }).database);
  try {
    const org = await db
      .selectFrom('organizations')
      .select('id')
      .where('slug', '=', DEMO_ORG.slug)
      .executeTakeFirstOrThrow();
    const deals = await db
      .selectFrom('deals')
      .where('organization_id', '=', org.id)
      .select((eb) => [eb.fn.min<number>('id').as('first'), eb.fn.max<number>('id').as('last')])
      .executeTakeFirstOrThrow();
    const orders = await db
      .selectFrom('orders')
      .leftJoin('payments', 'payments.order_id', 'orders.id')
      .where('orders.organization_id', '=', org.id)
      .groupBy(['orders.id', 'orders.number', 'orders.total'])
      .having((eb) =>
        eb(
          'orders.total',
          '>=',
          eb(eb.fn.coalesce(eb.fn.sum<number>('payments.amount'), eb.lit(0)), '+', 1_000_000),
        ),
      )
      .select('orders.number')
      .execute();
    return { deals: [Number(deals.first), Number(deals.last)], orders: orders.map((o) => o.number) };
  } finally {
    await db.destroy();
  }
}

/** The n-th write of the mixed workload: a lead, a deal's stage or a payment of one unit, in turn. */
function writeText(n: number, targets: Awaited<ReturnType<typeof writeTargets>>): string {
  const [first, last] = targets.deals;
  const kind = targets.orders.length > 0 ? n % 3 : n % 2;
  if (kind === 0) return `Create a new lead named Bench Visitor ${n} from Facebook`;
  if (kind === 1)
    return `Update the stage of deal ${first + ((n * 7919) % (last - first + 1))} to negotiation`;
  return `Record a payment of 1 for ${targets.orders[n % targets.orders.length]}`;
}

type TurnKind = 'read' | 'proposal' | 'confirmation';

interface KindResult {
  turns: number;
  p50: number;
  p99: number;
}

interface PhaseResult {
  /** Turns a second asked for; null when as fast as the server answers. */
  targetRate: number | null;
  /** Answers that arrived inside the phase's window. */
  turns: number;
  /** Turns whose answer never arrived, even after the drain. */
  lost: number;
  /** Answers inside the window per second of it: what arrives after the window does not count. */
  turnsPerSecond: number;
  /** Latency over every answered turn, those answered during the drain included. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Latency by kind of turn (the mixed workload's writes take two: the proposal and the confirmation). */
  byKind: Partial<Record<TurnKind, KindResult>>;
  /** Writes answered without a Confirm button (the assistant did not propose them). */
  writesNotProposed: number;
  /** Confirm presses answered with anything but the write done (a refusal, say). */
  writesNotDone: number;
  /** The server's CPU time per answered turn: steadier than latency when others share the machine. */
  serverCpuMsPerTurn: number;
  /** Every process's CPU time per answered turn: the server, PostgreSQL, and this load and fake Bot API. */
  machineCpuMsPerTurn: number;
  /** How busy the machine's cores were over the phase; below 1, turns waited on something other than CPU. */
  machineBusyShare: number;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function callbackUpdate(updateId: number, chatId: number, data: string, message: unknown): string {
  const person = { first_name: 'Alex', last_name: `Client${chatId}`, username: `client_${chatId}` };
  return JSON.stringify({
    update_id: updateId,
    callback_query: {
      id: `bench-${updateId}`,
      from: { id: chatId, is_bot: false, ...person, language_code: 'en' },
      message,
      chat_instance: `ci-${chatId}`,
      data,
    },
  });
}

/** The Confirm button's data under a sent message, if it has one. */
function confirmData(payload: Record<string, unknown>): string | null {
  const markup = payload.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  const button = markup?.inline_keyboard?.flat().find((b) => CONFIRM.test(b.callback_data ?? ''));
  return button?.callback_data ?? null;
}

/** Posts turns from the chats and times each answer at the fake Bot API. */
function turnDriver(fake: FakeTelegram, server: ServerProcess, nextWrite: ((n: number) => string) | null) {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const { hostname, port } = new URL(server.url);
  const waiting = new Map<number, { sentAt: number; kind: TurnKind }>();
  const lastSent = new Map<number, number>();
  /** Proposals waiting for their Confirm press, by chat, in the order they came. */
  const toConfirm = new Map<number, { data: string; message: unknown }>();
  let updateId = 1;
  let messages = 0;
  let cursor = 0;
  let answered: { kind: TurnKind; latency: number; at: number }[] = [];
  let writesNotProposed = 0;
  let writesNotDone = 0;
  let postErrors = 0;

  fake.onCall = (call) => {
    const answer = call.method === 'sendMessage' || call.method === 'editMessageText';
    if (!answer) return;
    const chatId = Number(call.payload.chat_id);
    const turn = waiting.get(chatId);
    if (!turn || (turn.kind !== 'confirmation' && call.method !== 'sendMessage')) return;
    waiting.delete(chatId);
    const now = performance.now();
    answered.push({ kind: turn.kind, latency: now - turn.sentAt, at: now });
    if (turn.kind === 'confirmation' && !String(call.payload.text).includes('Confirmed')) writesNotDone++;
    if (turn.kind !== 'proposal') return;
    const data = confirmData(call.payload);
    if (data) toConfirm.set(chatId, { data, message: call.result });
    else writesNotProposed++;
  };

  function post(chatId: number, kind: TurnKind, body: string): void {
    const now = performance.now();
    waiting.set(chatId, { sentAt: now, kind });
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

  /** A chat's next turn: the Confirm press its proposal waits for, else a new message. */
  function postNext(chatId: number): void {
    const id = updateId++;
    const proposal = toConfirm.get(chatId);
    if (proposal) {
      toConfirm.delete(chatId);
      post(chatId, 'confirmation', callbackUpdate(id, chatId, proposal.data, proposal.message));
      return;
    }
    const n = messages++;
    if (nextWrite && n % WRITE_EVERY === WRITE_EVERY - 1) {
      post(chatId, 'proposal', messageUpdate(id, chatId, nextWrite(n)));
      return;
    }
    post(chatId, 'read', messageUpdate(id, chatId, READS[n % READS.length]!));
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
    answered = [];
    writesNotProposed = 0;
    writesNotDone = 0;
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
        postNext(chatId);
        posted++;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const drainUntil = performance.now() + DRAIN_MS;
    while (waiting.size > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 10));
    const lost = waiting.size;
    waiting.clear();
    // A proposal left unconfirmed at the end is pressed in the next phase, as a person would come back to it.
    const cpu = cpuMs(server.pid) - cpuBefore;
    const machineCpu = machineCpuMs().busy - mark.cpu.busy;
    const machineBusyShare = busyShareSince(mark);
    const inWindow = answered.filter((a) => a.at <= end).length;
    const latencies = (of: typeof answered) => of.map((a) => a.latency).sort((a, b) => a - b);
    const sorted = latencies(answered);
    const byKind: PhaseResult['byKind'] = {};
    for (const kind of ['read', 'proposal', 'confirmation'] as const) {
      const ofKind = latencies(answered.filter((a) => a.kind === kind));
      if (ofKind.length > 0) {
        byKind[kind] = {
          turns: ofKind.length,
          p50: round(percentile(ofKind, 50)),
          p99: round(percentile(ofKind, 99)),
        };
      }
    }
    const perTurn = (ms: number) => round(ms / Math.max(1, sorted.length));
    return {
      targetRate,
      turns: inWindow,
      lost,
      turnsPerSecond: Math.round(inWindow / seconds),
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? Number.NaN),
      byKind,
      writesNotProposed,
      writesNotDone,
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

/** The workload's database: a new demo install, or a fresh copy of the million-deal organization. */
async function workloadDatabase(workload: Workload, database: DatabaseName): Promise<string> {
  return workload === 'read-only'
    ? freshDatabase(database, 'parley_bench_turns')
    : seededCopy(database, 'parley_bench_mixed_turns');
}

async function measure(workload: Workload, database: DatabaseName, port: number) {
  const url = await workloadDatabase(workload, database);
  const fake = await FakeTelegram.start();
  let server: ServerProcess | null = null;
  try {
    server = await startServerProcess(
      {
        DATABASE_URL: url,
        DEMO_DATA: workload === 'read-only' ? 'on' : 'off',
        TELEGRAM_MAX_MESSAGES_PER_SECOND: '10000',
        ...webhookSettings(fake),
      },
      port,
    );
    await botConnected(fake);
    await linkChats(url);
    const targets = workload === 'mixed' ? await writeTargets(url) : null;
    const driver = turnDriver(fake, server, targets && ((n) => writeText(n, targets)));
    try {
      await driver.phase(WARM_UP.rate, WARM_UP.seconds);
      const phases: PhaseResult[] = [];
      for (const rate of [...RATES, null]) {
        const result = await driver.phase(rate, SECONDS);
        phases.push(result);
        console.log(
          `${workload} ${database.padEnd(8)} ${String(rate ?? 'max').padEnd(4)} ${result.turnsPerSecond} turns/s  ` +
            `p50 ${result.p50} ms  p99 ${result.p99} ms  ${result.serverCpuMsPerTurn} ms CPU/turn, ` +
            `machine ${result.machineCpuMsPerTurn} ms at ${Math.round(result.machineBusyShare * 100)}% busy  ` +
            `(${result.lost} lost${workload === 'mixed' ? `, writes ${result.writesNotProposed} not proposed, ${result.writesNotDone} not done` : ''})`,
        );
        fake.reset();
        fake.messages.clear();
      }
      const lost = phases.reduce((sum, p) => sum + p.lost, 0);
      const failures = [
        ...(lost > 0 ? [`${lost} turns never answered`] : []),
        ...(driver.postErrors() > 0 ? [`${driver.postErrors()} webhook POSTs failed`] : []),
      ];
      return {
        database,
        workload,
        chats: CHATS,
        secondsPerRate: SECONDS,
        pacing: {
          TELEGRAM_MAX_MESSAGES_PER_SECOND: 10000,
          perChat: `each chat writes at most once per ${CHAT_GAP_MS} ms (Telegram's per-chat limit stays on)`,
        },
        maxInFlight: MAX_IN_FLIGHT,
        ...(workload === 'mixed' && { writeShare: 1 / WRITE_EVERY, deals: DEALS }),
        postErrors: driver.postErrors(),
        failures,
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

export async function runWorkload(workload: Workload): Promise<void> {
  const runs = [];
  let port = 3930;
  for (const database of wantedDatabases()) runs.push(await measure(workload, database, port++));
  console.log(`results: ${writeResult(`bot-turn-${workload}`, { workload, runs })}`);
  const failures = runs.flatMap((r) => r.failures.map((f) => `${r.database}: ${f}`));
  if (failures.length > 0) {
    console.error(`bot-turn-${workload} failed: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

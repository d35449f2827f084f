import { Agent, request } from 'node:http';
import { sql } from 'kysely';
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
  rssMiB,
  type ServerProcess,
  startServerProcess,
  startWorkerProcess,
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
 *   callback query); the proposal and the confirmation are each a turn, timed from their own POST. Then, unless
 *   BENCH_SOAK_MINUTES is 0, it runs on for that long (default 10) at SOAK_RATE and samples the server's memory;
 * - `mixed-scaled-out` (PostgreSQL only): the mixed workload over two `serve --no-worker` processes taking the
 *   webhook in turns and two `parley worker` processes answering; one new message in four comes as two
 *   messages at once, so chats have updates waiting behind each other, and the inbox is checked afterwards
 *   for an update that finished before the one ahead of it in its chat.
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

export type Workload = 'read-only' | 'mixed' | 'mixed-scaled-out';

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
/** In the mixed workloads, every WRITE_EVERY-th message is a write. */
const WRITE_EVERY = 5;
/** In the scaled-out workload, every BURST_EVERY-th new turn of a chat is two messages sent at once. */
const BURST_EVERY = 4;
const SOAK_MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const SOAK_RATE = 200;
/** Memory is sampled after each slice of the soak. */
const SOAK_SLICE_SECONDS = 30;
const FIRST_CHAT = 2_000_000;
/** Replies still missing this long after the load stops count as lost. */
const DRAIN_MS = 15_000;
const CONFIRM = /^cf:y:/;

/** Signs the chats in as the demo owner, the way a link code does, straight in the database. */
export async function linkChats(url: string, first = FIRST_CHAT, count = CHATS): Promise<void> {
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
    for (let i = 0; i < count; i++) {
      const chatId = first + i;
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
  /** Parley's CPU time per answered turn (all its processes): steadier than latency on a shared machine. */
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
function turnDriver(opts: {
  fake: FakeTelegram;
  /** The processes taking the webhook, posted to in turns, and every process whose CPU counts. */
  webhooks: ServerProcess[];
  processes: ServerProcess[];
  nextWrite: ((n: number) => string) | null;
  bursts: boolean;
}) {
  const { fake, webhooks, processes, nextWrite } = opts;
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const targets = webhooks.map((w) => new URL(w.url));
  const waiting = new Map<number, { sentAt: number; kind: TurnKind; answers: number }>();
  const lastSent = new Map<number, number>();
  /** Proposals waiting for their Confirm press, by chat, in the order they came. */
  const toConfirm = new Map<number, { data: string; message: unknown }>();
  let updateId = 1;
  let posts = 0;
  let messages = 0;
  let turnsStarted = 0;
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
    if (--turn.answers === 0) waiting.delete(chatId);
    const now = performance.now();
    answered.push({ kind: turn.kind, latency: now - turn.sentAt, at: now });
    if (turn.kind === 'confirmation' && !String(call.payload.text).includes('Confirmed')) writesNotDone++;
    if (turn.kind !== 'proposal') return;
    const data = confirmData(call.payload);
    if (data) toConfirm.set(chatId, { data, message: call.result });
    else writesNotProposed++;
  };

  /** Starts a chat's turn with one update, waiting for `answers` answers. */
  function post(chatId: number, kind: TurnKind, body: string, answers = 1, stored?: () => void): void {
    const now = performance.now();
    waiting.set(chatId, { sentAt: now, kind, answers });
    lastSent.set(chatId, now);
    sendRaw(body, stored);
  }

  /** Posts an update to the next webhook process; `stored` runs once it is acknowledged. */
  function sendRaw(body: string, stored?: () => void): void {
    const { hostname, port } = targets[posts++ % targets.length]!;
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
        else stored?.();
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
    const text = READS[n % READS.length]!;
    if (!opts.bursts || turnsStarted++ % BURST_EVERY !== BURST_EVERY - 1) {
      post(chatId, 'read', messageUpdate(id, chatId, text));
      return;
    }
    // Two lines typed in a row: the second goes out once the first is stored, so the check of the answers'
    // order measures the inbox, not the race of two POSTs; both answers are waited for.
    const second = () => sendRaw(messageUpdate(updateId++, chatId, READS[(n + 1) % READS.length]!));
    post(chatId, 'read', messageUpdate(id, chatId, text), 2, second);
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
    const processCpu = () => processes.reduce((sum, p) => sum + cpuMs(p.pid), 0);
    const cpuBefore = processCpu();
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
    const cpu = processCpu() - cpuBefore;
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

/** Parley as the workload runs it: one `serve`, or two `serve --no-worker` and two `worker` processes. */
async function startParley(workload: Workload, env: Record<string, string>, port: number) {
  const started: ServerProcess[] = [];
  try {
    if (workload !== 'mixed-scaled-out') {
      started.push(await startServerProcess(env, port));
      return { webhooks: started, processes: started };
    }
    for (const offset of [0, 1]) started.push(await startServerProcess(env, port + offset, ['--no-worker']));
    const webhooks = [...started];
    for (let i = 0; i < 2; i++) started.push(await startWorkerProcess(env));
    return { webhooks, processes: started };
  } catch (error) {
    await Promise.all(started.map((p) => p.stop()));
    throw error;
  }
}

/**
 * Updates finished before the update ahead of them in their chat: answers that went out of order. Read from
 * the inbox, where each update keeps when it finished. A worker stamps that time before it records the
 * update done, and the chat's next update is taken only after that, so in order means strictly later. (The
 * claim's own stamp cannot show this: it is taken before the claim's statement waits for the database.)
 */
async function finishedOutOfOrder(url: string): Promise<number> {
  const db = openDatabase(loadConfig({ DATABASE_URL: url }).database);
  try {
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from (
        select finished_at, lag(finished_at) over (partition by bot_id, chat_id order by update_id) as before
        from telegram_updates where chat_id <> 0 and status = 'done'
      ) chained where before is not null and finished_at <= before`.execute(db);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await db.destroy();
  }
}

/** The mixed workload run on at SOAK_RATE for SOAK_MINUTES, with the server's memory after each slice. */
async function soak(driver: ReturnType<typeof turnDriver>, pid: number, fake: FakeTelegram) {
  const samplesMiB = [rssMiB(pid)];
  let lost = 0;
  for (let slice = 0; slice < (SOAK_MINUTES * 60) / SOAK_SLICE_SECONDS; slice++) {
    lost += (await driver.phase(SOAK_RATE, SOAK_SLICE_SECONDS)).lost;
    samplesMiB.push(rssMiB(pid));
    forgetCalls(fake);
  }
  return { minutes: SOAK_MINUTES, rate: SOAK_RATE, samplesMiB, lost };
}

/** The fake Bot API keeps every call and message; a long run forgets them between phases. */
function forgetCalls(fake: FakeTelegram): void {
  fake.reset();
  fake.messages.clear();
}

function logPhase(workload: Workload, database: DatabaseName, result: PhaseResult): void {
  const writes =
    workload === 'read-only'
      ? ''
      : `, writes ${result.writesNotProposed} not proposed, ${result.writesNotDone} not done`;
  console.log(
    `${workload} ${database.padEnd(8)} ${String(result.targetRate ?? 'max').padEnd(4)} ` +
      `${result.turnsPerSecond} turns/s  p50 ${result.p50} ms  p99 ${result.p99} ms  ` +
      `${result.serverCpuMsPerTurn} ms CPU/turn, machine ${result.machineCpuMsPerTurn} ms at ` +
      `${Math.round(result.machineBusyShare * 100)}% busy  (${result.lost} lost${writes})`,
  );
}

async function measure(workload: Workload, database: DatabaseName, port: number) {
  const url = await workloadDatabase(workload, database);
  const fake = await FakeTelegram.start();
  let parley: Awaited<ReturnType<typeof startParley>> | null = null;
  try {
    parley = await startParley(
      workload,
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
    const targets = workload === 'read-only' ? null : await writeTargets(url);
    const driver = turnDriver({
      fake,
      ...parley,
      nextWrite: targets && ((n) => writeText(n, targets)),
      bursts: workload === 'mixed-scaled-out',
    });
    try {
      await driver.phase(WARM_UP.rate, WARM_UP.seconds);
      const phases: PhaseResult[] = [];
      for (const rate of [...RATES, null]) {
        const result = await driver.phase(rate, SECONDS);
        phases.push(result);
        logPhase(workload, database, result);
        forgetCalls(fake);
      }
      const memory =
        workload === 'mixed' && SOAK_MINUTES > 0 ? await soak(driver, parley.processes[0]!.pid, fake) : null;
      if (memory)
        console.log(`${workload} ${database.padEnd(8)} memory (MiB) ${memory.samplesMiB.join(' ')}`);
      const lost = phases.reduce((sum, p) => sum + p.lost, memory?.lost ?? 0);
      const outOfOrder = await finishedOutOfOrder(url);
      const failures = [
        ...(lost > 0 ? [`${lost} turns never answered`] : []),
        ...(driver.postErrors() > 0 ? [`${driver.postErrors()} webhook POSTs failed`] : []),
        ...(outOfOrder > 0
          ? [`${outOfOrder} updates finished before the one ahead of them in their chat`]
          : []),
      ];
      return {
        database,
        workload,
        processes: { webhook: parley.webhooks.length, all: parley.processes.length },
        chats: CHATS,
        secondsPerRate: SECONDS,
        pacing: {
          TELEGRAM_MAX_MESSAGES_PER_SECOND: 10000,
          perChat: `each chat writes at most once per ${CHAT_GAP_MS} ms (Telegram's per-chat limit stays on)`,
        },
        maxInFlight: MAX_IN_FLIGHT,
        ...(targets && { writeShare: 1 / WRITE_EVERY, deals: DEALS }),
        postErrors: driver.postErrors(),
        outOfOrder,
        failures,
        phases,
        ...(memory && { memory }),
      };
    } finally {
      driver.close();
    }
  } finally {
    await Promise.all(parley?.processes.map((p) => p.stop()) ?? []);
    await fake.close();
  }
}

export async function runWorkload(workload: Workload): Promise<void> {
  const runs = [];
  let port = 3930;
  const databases = workload === 'mixed-scaled-out' ? (['postgres'] as const) : wantedDatabases();
  for (const database of databases) {
    runs.push(await measure(workload, database, port));
    port += 2;
  }
  console.log(`results: ${writeResult(`bot-turn-${workload}`, { workload, runs })}`);
  const failures = runs.flatMap((r) => r.failures.map((f) => `${r.database}: ${f}`));
  if (failures.length > 0) {
    console.error(`bot-turn-${workload} failed: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

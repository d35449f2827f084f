import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import {
  cpuMs,
  type LatencyResult,
  load,
  machineCpuMs,
  machineMark,
  type ServerProcess,
  startProcess,
  startServerProcess,
  stolenShareSince,
  writeResult,
} from './lib.ts';
import { pacedLoad } from './paced.ts';
import {
  BOT_ID,
  botConnected,
  type DatabaseName,
  FakeTelegram,
  freshDatabase,
  PG_ADMIN_URL,
  wantedDatabases,
  webhookRequests,
  webhookSettings,
} from './telegram.ts';

/**
 * What Telegram's webhook calls cost: `parley serve` in webhook mode takes realistic updates (a new update_id
 * each, from 5,000 private chats, with the secret header) at a fixed 1,000 a second (evenly spaced, timed
 * from when each was due: bench/paced.ts) and at the most it takes (autocannon), beside a bare Fastify
 * process with the same route and body parsing. The server's worker runs meanwhile with Telegram's default
 * pace (30 answers a second) against a fake Bot API, as it would in production; every acknowledged update
 * must be in the inbox afterwards.
 *
 * The floor and Parley run side by side and are loaded in turns, floor then Parley, ROUNDS times at the
 * most they take; the ratio is of the median rounds. This machine's speed drifts within minutes (the floor
 * alone measured 15,000 and 28,000 a second in one run, its CPU per request halving), so a floor measured
 * once, before Parley, made the ratio as much a measure of the drift as of Parley.
 *
 * Connections: as many as Parley asks Telegram for (TELEGRAM_WEBHOOK_MAX_CONNECTIONS, 100 unless set; Telegram's
 * own default is 40), for the floor and for Parley alike; BENCH_CONNECTIONS overrides it.
 *
 * BENCH_SECONDS per load (default 5), BENCH_ROUNDS at the most (default 5: within one run the floor has jumped
 * from 13,000 to 22,000 a second between two rounds, and a median of three then sat on one side of the jump),
 * BENCH_DATABASES (sqlite,postgres), BENCH_LOG_LEVEL for the server (default info, as operators run it),
 * BENCH_SHAPES to run only some (no-worker, worker), BENCH_PORT for the first port, and BENCH_BASELINE and
 * BENCH_DB below.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? loadConfig({}).TELEGRAM_WEBHOOK_MAX_CONNECTIONS);
const FIXED_RATE = 1000;
const WARM_UP_SECONDS = 2;
const CHATS = 5000;
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const TEXTS = ['Show my deals', 'hello', 'List my customers', 'Show statistics for this month'];

type Measured = LatencyResult & {
  /** The process's own CPU time per request. */
  cpuMsPerRequest: number;
  /** Every process's, the load generator's and the database's included. */
  machineCpuMsPerRequest: number;
  /** The share of the machine's CPU time the hypervisor gave to other machines during the load. */
  stolenShare: number;
  /** PostgreSQL's: its backends serving this process's database (none for the floor or SQLite). */
  databaseCpuMsPerRequest: number;
};

/** A process under load and, when it writes to PostgreSQL, the database it writes to. */
interface Target {
  process: ServerProcess;
  database?: string;
}

/** CPU time so far of the PostgreSQL backends connected to `database`: steadier than any rate on a busy machine. */
async function backendCpuMs(database: string | undefined): Promise<number> {
  if (!database?.startsWith('postgres')) return 0;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const name = new URL(database).pathname.slice(1);
    const { rows } = await admin.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1',
      [name],
    );
    return rows.reduce((sum, { pid }) => {
      try {
        return sum + cpuMs(pid);
      } catch {
        return sum; // a connection that closed meanwhile
      }
    }, 0);
  } finally {
    await admin.end();
  }
}

const perRequest = (ms: number, requests: number) => Math.round((ms / requests) * 1000) / 1000;

async function measured(
  { process: target, database }: Target,
  run: () => Promise<LatencyResult>,
): Promise<Measured> {
  const own = cpuMs(target.pid);
  const backends = await backendCpuMs(database);
  const mark = machineMark();
  const r = await run();
  return {
    ...r,
    databaseCpuMsPerRequest: perRequest((await backendCpuMs(database)) - backends, r.requests),
    cpuMsPerRequest: perRequest(cpuMs(target.pid) - own, r.requests),
    machineCpuMsPerRequest: perRequest(machineCpuMs().busy - mark.cpu.busy, r.requests),
    stolenShare: stolenShareSince(mark),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The round of median throughput, with each round's throughput beside it. */
function medianRound(rounds: Measured[]): Measured & { roundsRps: number[] } {
  const median = [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)]!;
  return { ...median, roundsRps: rounds.map((r) => Math.round(r.rps)) };
}

interface Loads {
  warmUp: LatencyResult;
  fixed: Measured;
  rounds: Measured[];
}

/**
 * Warms both processes up, takes each at the fixed rate, then at the most it takes in alternating rounds.
 * A server that has just started is still loading modules, compiling hot paths and connecting its bot (its
 * cold start is the startup benchmark's), hence two unmeasured seconds at the fixed rate first.
 */
async function loadInTurns(targets: Target[]): Promise<Loads[]> {
  const sides = targets.map((target) => ({
    target,
    updates: webhookRequests({ firstUpdateId: 1, chats: CHATS, texts: TEXTS }),
  }));
  const paced = (side: (typeof sides)[number], seconds: number) =>
    pacedLoad({
      url: side.target.process.url,
      connections: CONNECTIONS,
      seconds,
      rate: FIXED_RATE,
      next: side.updates.next,
    });
  const warmUp: LatencyResult[] = [];
  for (const side of sides) warmUp.push(await paced(side, WARM_UP_SECONDS));
  const fixed: Measured[] = [];
  for (const side of sides) fixed.push(await measured(side.target, () => paced(side, SECONDS)));
  const rounds: Measured[][] = sides.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, side] of sides.entries()) {
      const most = () =>
        load({
          url: side.target.process.url,
          connections: CONNECTIONS,
          seconds: SECONDS,
          requests: side.updates.requests,
        });
      rounds[i]!.push(await measured(side.target, most));
    }
  }
  return sides.map((_, i) => ({ warmUp: warmUp[i]!, fixed: fixed[i]!, rounds: rounds[i]! }));
}

function startFloor(port: number): Promise<ServerProcess> {
  return startProcess({
    args: ['bench/floor-server.ts'],
    env: {},
    port,
    readyPath: '/',
    ready: (status) => status === 404,
  });
}

async function storedUpdates(url: string): Promise<number> {
  const db = openDatabase(loadConfig({ DATABASE_URL: url }).database);
  try {
    const row = await db
      .selectFrom('telegram_updates')
      .where('bot_id', '=', BOT_ID)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await db.destroy();
  }
}

function summary(r: Measured) {
  return (
    `${Math.round(r.rps)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  CPU/request ${r.cpuMsPerRequest} ms own, ` +
    `${r.databaseCpuMsPerRequest} ms PostgreSQL, ${r.machineCpuMsPerRequest} ms machine, ` +
    `${Math.round(r.stolenShare * 100)}% stolen  ` +
    `(${r.non2xx} non-2xx, ${r.errors} errors)`
  );
}

/** The webhook alone (HTTP processes when workers scale apart), and with the worker in the same process. */
const SHAPES = [
  { key: 'no-worker', shape: 'serve --no-worker', options: ['--no-worker'], connects: false },
  { key: 'worker', shape: 'serve with its worker', options: [], connects: true },
];

/**
 * A build to compare against (BENCH_BASELINE: the path of another build's parley.mjs, e.g. a copy of dist/
 * made before a change), loaded in the same turns as the floor and this build, on a database of its own.
 */
const BASELINE = process.env.BENCH_BASELINE;
/** BENCH_DB names the benchmark's database, so runs in two checkouts at once do not share one. */
const DB_NAME = process.env.BENCH_DB ?? 'parley_bench_ingest';

function startBaseline(env: Record<string, string>, port: number, options: string[]) {
  return startProcess({
    args: [BASELINE!, 'serve', ...options],
    typescript: false,
    env: { LOG_LEVEL: 'warn', DEMO_DATA: 'off', ...env },
    port,
    readyPath: '/readyz',
  });
}

function acknowledgedOf(side: Loads): number {
  return [side.warmUp, side.fixed, ...side.rounds].reduce((sum, l) => sum + l.requests - l.non2xx, 0);
}

async function measure(database: DatabaseName, port: number, shape: (typeof SHAPES)[number]) {
  const urls = [await freshDatabase(database, DB_NAME)];
  if (BASELINE) urls.push(await freshDatabase(database, `${DB_NAME}_baseline`));
  const fake = await FakeTelegram.start();
  const started: ServerProcess[] = [];
  try {
    const floor = await startFloor(port);
    started.push(floor);
    const envOf = (url: string) => ({ DATABASE_URL: url, LOG_LEVEL, ...webhookSettings(fake) });
    const server = await startServerProcess(envOf(urls[0]!), port + 1, shape.options);
    started.push(server);
    if (BASELINE) started.push(await startBaseline(envOf(urls[1]!), port + 2, shape.options));
    // Only a process with the worker talks to Telegram (and sets the webhook); the other just stores.
    if (shape.connects) await botConnected(fake);
    const [floorLoads, parley, baseline] = await loadInTurns(
      started.map((process, i) => ({ process, ...(i > 0 ? { database: urls[i - 1]! } : {}) })),
    );
    const label = `${database} (${shape.shape})`;
    const named = [['floor', floorLoads!], [label, parley!], ...(baseline ? [['baseline', baseline]] : [])];
    for (const [name, side] of named as [string, Loads][]) {
      console.log(`${name} fixed ${summary(side.fixed)}`);
      for (const round of side.rounds) console.log(`${name} max   ${summary(round)}`);
    }
    for (const running of started.slice(1)) await running.stop();
    for (const [i, side] of [parley!, baseline].entries()) {
      if (!side) continue;
      const stored = await storedUpdates(urls[i]!);
      const acknowledged = acknowledgedOf(side);
      if (stored < acknowledged) throw new Error(`${acknowledged} updates acknowledged but ${stored} stored`);
    }
    const floorMax = medianRound(floorLoads!.rounds);
    const parleyMax = medianRound(parley!.rounds);
    const ratios = (side: Loads) =>
      side.rounds.map((r, i) => Math.round((r.rps / floorLoads!.rounds[i]!.rps) * 100) / 100);
    if (baseline) {
      const cpu = (side: Loads) =>
        `CPU/request (median of rounds) ${median(side.rounds.map((r) => r.cpuMsPerRequest))} ms own, ` +
        `${median(side.rounds.map((r) => r.databaseCpuMsPerRequest))} ms PostgreSQL`;
      console.log(`ratios: this build ${ratios(parley!)}, baseline ${ratios(baseline)}`);
      console.log(`this build ${cpu(parley!)}; baseline ${cpu(baseline)}`);
    }
    return {
      database,
      shape: shape.shape,
      logLevel: LOG_LEVEL,
      connections: CONNECTIONS,
      secondsPerLoad: SECONDS,
      rounds: ROUNDS,
      chats: CHATS,
      updatesStored: await storedUpdates(urls[0]!),
      answersSent: fake.callsOf('sendMessage').length,
      floor: { fixed: floorLoads!.fixed, max: floorMax },
      parley: { fixed: parley!.fixed, max: parleyMax },
      throughputVsFloor: parleyMax.rps / floorMax.rps,
      stolenShare: Math.max(
        ...[floorLoads!, parley!].flatMap((side) => [side.fixed, ...side.rounds].map((r) => r.stolenShare)),
      ),
      roundRatios: ratios(parley!),
      ...(baseline ? { baseline: { max: medianRound(baseline.rounds), roundRatios: ratios(baseline) } } : {}),
    };
  } finally {
    for (const running of started) await running.stop();
    await fake.close();
  }
}

export async function run(): Promise<void> {
  const runs = [];
  let port = Number(process.env.BENCH_PORT ?? 3920);
  const shapes = SHAPES.filter(
    (s) => !process.env.BENCH_SHAPES || process.env.BENCH_SHAPES.split(',').includes(s.key),
  );
  for (const database of wantedDatabases()) {
    for (const shape of shapes) {
      runs.push(await measure(database, port, shape));
      port += 3;
    }
  }
  console.log(`results: ${writeResult('telegram-ingest', { fixedRate: FIXED_RATE, runs })}`);
}

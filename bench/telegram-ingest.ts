import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import {
  cpuMs,
  type LatencyResult,
  load,
  type ServerProcess,
  startProcess,
  startServerProcess,
  writeResult,
} from './lib.ts';
import { pacedLoad } from './paced.ts';
import {
  BOT_ID,
  botConnected,
  type DatabaseName,
  FakeTelegram,
  freshDatabase,
  wantedDatabases,
  webhookRequests,
  webhookSettings,
} from './telegram.ts';

/**
 * What Telegram's webhook calls cost: `parley serve` in webhook mode takes realistic updates (a new update_id
 * each, from 5,000 private chats, with the secret header) at a fixed 1,000 a second (evenly spaced, timed
 * from when each was due: bench/paced.ts) and at the most it takes (autocannon), beside a bare Fastify
 * process with the same route and body parsing measured in the same run. The
 * server's worker runs meanwhile with Telegram's default pace (30 answers a second) against a fake Bot API,
 * as it would in production; every acknowledged update must be in the inbox afterwards.
 *
 * Connections: 40 by default (BENCH_CONNECTIONS), which is how many Telegram opens to a webhook unless
 * setWebhook asks for fewer (Parley does not), for the floor and for Parley alike.
 *
 * BENCH_SECONDS per load (default 8),
 * BENCH_DATABASES (sqlite,postgres), BENCH_LOG_LEVEL for the server (default info, as operators run it).
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 40);
const FIXED_RATE = 1000;
const WARM_UP_SECONDS = 2;
const CHATS = 5000;
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const TEXTS = ['Show my deals', 'hello', 'List my customers', 'Show statistics for this month'];

type Measured = LatencyResult & { cpuMsPerRequest: number };

interface Loads {
  warmUp: LatencyResult;
  fixed: Measured;
  max: Measured;
}

/** The fixed rate, then the most the process takes, with the process's CPU time per request of each. */
async function loads(target: ServerProcess): Promise<Loads> {
  const updates = webhookRequests({ firstUpdateId: 1, chats: CHATS, texts: TEXTS });
  const base = { url: target.url, connections: CONNECTIONS, seconds: SECONDS };
  const measured = async (run: () => Promise<LatencyResult>): Promise<Measured> => {
    const before = cpuMs(target.pid);
    const r = await run();
    return { ...r, cpuMsPerRequest: Math.round(((cpuMs(target.pid) - before) / r.requests) * 1000) / 1000 };
  };
  // Two seconds at the fixed rate first, unmeasured: a server that has just started is still loading
  // modules, compiling hot paths and connecting its bot (its cold start is the startup benchmark's).
  const warmUp = await pacedLoad({ ...base, seconds: WARM_UP_SECONDS, rate: FIXED_RATE, next: updates.next });
  return {
    warmUp,
    fixed: await measured(() => pacedLoad({ ...base, rate: FIXED_RATE, next: updates.next })),
    max: await measured(() => load({ ...base, requests: updates.requests })),
  };
}

async function floorLoads(port: number): Promise<Loads> {
  const floor = await startProcess({
    args: ['bench/floor-server.ts'],
    env: {},
    port,
    readyPath: '/',
    ready: (status) => status === 404,
  });
  try {
    return await loads(floor);
  } finally {
    await floor.stop();
  }
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
    `${Math.round(r.rps)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  ${r.cpuMsPerRequest} ms CPU/request  ` +
    `(${r.non2xx} non-2xx, ${r.errors} errors)`
  );
}

/** The webhook alone (HTTP processes when workers scale apart), and with the worker in the same process. */
const SHAPES = [
  { shape: 'serve --no-worker', options: ['--no-worker'], connects: false },
  { shape: 'serve with its worker', options: [], connects: true },
];

async function measure(database: DatabaseName, port: number, shape: (typeof SHAPES)[number]) {
  const floor = await floorLoads(port);
  console.log(`floor    fixed ${summary(floor.fixed)}\nfloor    max   ${summary(floor.max)}`);

  const url = await freshDatabase(database, 'parley_bench_ingest');
  const fake = await FakeTelegram.start();
  let server: ServerProcess | null = null;
  try {
    const env = { DATABASE_URL: url, LOG_LEVEL, ...webhookSettings(fake) };
    server = await startServerProcess(env, port + 1, shape.options);
    // Only a process with the worker talks to Telegram (and sets the webhook); the other just stores.
    if (shape.connects) await botConnected(fake);
    const parley = await loads(server);
    const label = `${database} (${shape.shape})`;
    console.log(`${label} fixed ${summary(parley.fixed)}`);
    console.log(`${label} max   ${summary(parley.max)}`);
    await server.stop();
    server = null;
    const acknowledged = [parley.warmUp, parley.fixed, parley.max].reduce(
      (sum, load) => sum + load.requests - load.non2xx,
      0,
    );
    const stored = await storedUpdates(url);
    if (stored < acknowledged) throw new Error(`${acknowledged} updates acknowledged but ${stored} stored`);
    return {
      database,
      shape: shape.shape,
      logLevel: LOG_LEVEL,
      connections: CONNECTIONS,
      secondsPerLoad: SECONDS,
      chats: CHATS,
      updatesStored: stored,
      answersSent: fake.callsOf('sendMessage').length,
      floor: { fixed: floor.fixed, max: floor.max },
      parley: { fixed: parley.fixed, max: parley.max },
      throughputVsFloor: parley.max.rps / floor.max.rps,
    };
  } finally {
    await server?.stop();
    await fake.close();
  }
}

export async function run(): Promise<void> {
  const runs = [];
  let port = 3920;
  for (const database of wantedDatabases()) {
    for (const shape of SHAPES) {
      runs.push(await measure(database, port, shape));
      port += 2;
    }
  }
  console.log(`results: ${writeResult('telegram-ingest', { fixedRate: FIXED_RATE, runs })}`);
}

import { load, rssMiB, startServerProcess, writeResult } from './lib.ts';
import { botConnected, FakeTelegram, freshDatabase, webhookRequests, webhookSettings } from './telegram.ts';

/**
 * Cold start and memory of `parley serve` on SQLite with the bot in webhook mode: time from spawning the
 * process to the first 200 from /readyz (the median of BENCH_STARTS runs on an existing database, and once on
 * an empty one, which also migrates), resident memory (VmRSS) once started and idle, and its peak while
 * webhook updates arrive at 1,000 a second for BENCH_SECONDS.
 */

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PORT = 3940;
const SETTLE_MS = 2000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<void> {
  const url = await freshDatabase('sqlite', 'startup');
  const fake = await FakeTelegram.start();
  const env = { DATABASE_URL: url, ...webhookSettings(fake) };
  try {
    const first = await startServerProcess(env, PORT);
    await first.stop();
    console.log(`first start, empty database: ${Math.round(first.readyMs)} ms`);

    const startsMs: number[] = [];
    const startsCpuMs: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const server = await startServerProcess(env, PORT);
      startsMs.push(Math.round(server.readyMs));
      startsCpuMs.push(Math.round(server.readyCpuMs));
      await server.stop();
    }
    console.log(`cold start: ${startsMs.join(', ')} ms (median ${median(startsMs)})`);
    console.log(`CPU to get ready: ${startsCpuMs.join(', ')} ms (median ${median(startsCpuMs)})`);

    const server = await startServerProcess(env, PORT);
    try {
      fake.reset();
      await botConnected(fake);
      await sleep(SETTLE_MS);
      const idle = rssMiB(server.pid);
      let peak = idle;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMiB(server.pid));
      }, 250);
      const updates = webhookRequests({ firstUpdateId: 1, chats: 5000, texts: ['Show my deals', 'hello'] });
      const ingest = await load({
        url: server.url,
        connections: 16,
        seconds: SECONDS,
        overallRate: 1000,
        requests: updates.requests,
      }).finally(() => clearInterval(sampler));
      const after = rssMiB(server.pid);
      console.log(`RSS idle ${idle} MiB, peak under 1,000 updates/s ${peak} MiB, after ${after} MiB`);
      writeResult('startup', {
        method:
          'node --import tsx src/cli.ts serve on SQLite, Telegram webhook mode against a fake Bot API; ' +
          'ready = first 200 from /readyz (polled every 10 ms); RSS = VmRSS from /proc/<pid>/status',
        firstStartEmptyDatabaseMs: Math.round(first.readyMs),
        coldStartsMs: startsMs,
        coldStartMedianMs: median(startsMs),
        coldStartsCpuMs: startsCpuMs,
        coldStartCpuMedianMs: median(startsCpuMs),
        rssIdleMiB: idle,
        rssPeakUnderIngestMiB: peak,
        rssAfterIngestMiB: after,
        ingest: { rate: 1000, seconds: SECONDS, requests: ingest.requests, non2xx: ingest.non2xx },
      });
    } finally {
      await server.stop();
    }
  } finally {
    await fake.close();
  }
}

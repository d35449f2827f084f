import { Agent, request } from 'node:http';
import { type LatencyResult, percentile } from './lib.ts';

/**
 * An open-loop load at a fixed rate: request i is due at start + i / rate, whatever happened to the ones
 * before it, and its latency runs from when it was due, not from when it went out. A stall therefore costs
 * every request that should have been sent during it, as it would cost callers who do not wait for each other
 * (Telegram's deliveries among them), and a generator that falls behind shows up in the figures rather than
 * hiding them. At most `connections` requests are on the wire; later ones wait for a free connection, and
 * that wait counts too.
 *
 * autocannon's `overallRate` is not used for this: it lets each connection send its share of a second back
 * to back from the start of the second, then idle, and it corrects for coordinated omission with an expected
 * interval of 1 ms whatever the rate, so one 40 ms pause adds 39 made-up samples. At 1,000 requests a second
 * over 16 connections, that put the p99 of a bare route returning 200 at 14 to 51 ms.
 */

export interface PacedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

const TICK_MS = 1;
/** Requests still unanswered this long after the last was due count as errors. */
const DRAIN_MS = 10_000;

export async function pacedLoad(opts: {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  next: () => PacedRequest;
}): Promise<LatencyResult> {
  const { hostname, port } = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const total = Math.round(opts.rate * opts.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let settled = 0;
  let sent = 0;

  function send(dueAt: number): void {
    const { path, headers, body } = opts.next();
    let answered = false;
    // A request can fail after its response ended (the socket closes badly): it still counts once.
    const done = (ok: boolean, status?: number) => {
      if (answered) return;
      answered = true;
      settled++;
      if (!ok) errors++;
      else if (status === undefined || status < 200 || status >= 300) non2xx++;
      else latencies.push(performance.now() - dueAt);
    };
    const req = request(
      {
        agent,
        hostname,
        port,
        path,
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(true, res.statusCode));
        res.on('error', () => done(false));
      },
    );
    req.on('error', () => done(false));
    req.end(body);
  }

  const started = performance.now();
  const intervalMs = 1000 / opts.rate;
  while (sent < total) {
    const now = performance.now();
    while (sent < total && started + sent * intervalMs <= now) send(started + sent++ * intervalMs);
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
  const drainUntil = performance.now() + DRAIN_MS;
  while (settled < total && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  errors += total - settled;

  const sorted = latencies.sort((a, b) => a - b);
  const ms = (p: number) => Math.round(percentile(sorted, p) * 10) / 10;
  return {
    requests: latencies.length + non2xx,
    errors,
    non2xx,
    rps: Math.round((settled / elapsedS) * 10) / 10,
    p50: ms(50),
    p90: ms(90),
    p99: ms(99),
    max: Math.round((sorted.at(-1) ?? Number.NaN) * 10) / 10,
  };
}

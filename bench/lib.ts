import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildServer, serverBundleIsStale } from '../build/server.ts';

/** Shared plumbing for benchmarks: a real server process on loopback, bounded load runs, JSON results. */

export const RESULTS_DIR = join(import.meta.dirname, 'results');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  pid: number;
  /** From spawn until the ready check first passed. */
  readyMs: number;
  /** CPU time the process used to get ready: steadier than `readyMs` on a busy machine. */
  readyCpuMs: number;
  stop(): Promise<void>;
}

/** Extra flags for the processes benchmarks start, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/p". */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

/**
 * Spawns `node <args>` (through tsx unless told the script is JavaScript) on loopback and waits (at most a minute) until `readyPath` answers as
 * `ready` wants; a process that exits or never gets ready fails the benchmark rather than measuring nothing.
 */
export async function startProcess(opts: {
  args: string[];
  /** Whether the script is TypeScript run through tsx (default) or plain JavaScript. */
  typescript?: boolean;
  env: Record<string, string>;
  port: number;
  /** Ready when this path answers as `ready` wants, or, for a process without HTTP, when it prints `readyPath`. */
  readyPath: string | RegExp;
  ready?: (status: number) => boolean;
}): Promise<ServerProcess> {
  const ready = opts.ready ?? ((status) => status === 200);
  const started = performance.now();
  const loader = opts.typescript === false ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...NODE_FLAGS, ...loader, ...opts.args], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, ...opts.env, PORT: String(opts.port), HOST: '127.0.0.1' },
    stdio: ['ignore', opts.readyPath instanceof RegExp ? 'pipe' : 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let alive = true;
  void exited.then(() => (alive = false));
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    printed = `${printed}${chunk}`.slice(-4096);
  });
  const isReady = async (path: string | RegExp) => {
    if (path instanceof RegExp) return path.test(printed);
    try {
      return ready((await fetch(`${url}${path}`)).status);
    } catch {
      return false; // not listening yet
    }
  };
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!alive) throw new Error(`${opts.args.join(' ')} exited before it was ready`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${opts.args.join(' ')} was not ready within a minute`);
    }
    if (await isReady(opts.readyPath)) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    url,
    child,
    pid: child.pid!,
    readyMs: performance.now() - started,
    readyCpuMs: cpuMs(child.pid!),
    async stop() {
      if (alive) child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

/**
 * `parley serve` as an operator runs it (bin/parley.js on the bundle `npm start` builds), quiet apart from
 * warnings, with no demo data unless asked.
 */
export async function startServerProcess(
  env: Record<string, string>,
  port: number,
  serveOptions: string[] = [],
): Promise<ServerProcess> {
  if (serverBundleIsStale()) await buildServer();
  return startProcess({
    args: ['bin/parley.js', 'serve', ...serveOptions],
    typescript: false,
    env: { LOG_LEVEL: 'warn', DEMO_DATA: 'off', ...env },
    port,
    readyPath: '/readyz',
  });
}

/** `parley worker`, the bot without HTTP, ready once it says it is running. */
export async function startWorkerProcess(env: Record<string, string>): Promise<ServerProcess> {
  if (serverBundleIsStale()) await buildServer();
  return startProcess({
    args: ['bin/parley.js', 'worker'],
    typescript: false,
    env: { LOG_LEVEL: 'warn', DEMO_DATA: 'off', ...env },
    port: 0,
    readyPath: /worker is running/,
  });
}

/**
 * CPU time a process has used so far (user and system), from /proc/<pid>/stat, in milliseconds. Unlike
 * latency it hardly changes when other work shares the machine, so "CPU per request" compares runs fairly.
 */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * The whole machine's CPU time so far from /proc/stat, in milliseconds: `busy` is every process's (load
 * generator and database included), `stolen` what the hypervisor gave to other machines while we waited.
 */
export function machineCpuMs(): { busy: number; stolen: number } {
  const total = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, , , irq, softirq, steal] = total.split(/\s+/).slice(1).map(Number) as number[];
  const ms = (ticks: number) => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  return { busy: ms(user! + nice! + system! + irq! + softirq!), stolen: ms(steal!) };
}

/** USER_HZ, which Linux fixes at 100 for /proc on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Resident memory of a process, from /proc/<pid>/status (VmRSS), in MiB. */
export function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Math.round(Number(match[1]) / 1024);
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login as ${email} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** The value below which `p` percent of a sorted list lie (NaN for an empty one). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface LatencyResult {
  requests: number;
  errors: number;
  non2xx: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * A bounded autocannon run: `seconds` long, or `amount` requests when given; `overallRate` holds the load to
 * that many requests a second instead of as many as the server takes.
 */
export async function load(opts: {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  amount?: number;
  overallRate?: number;
  requests?: autocannon.Request[];
}): Promise<LatencyResult> {
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.amount ? { amount: opts.amount } : {}),
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    headers: opts.headers ?? {},
    ...(opts.requests ? { requests: opts.requests } : {}),
  });
  return {
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** A moment to measure the machine from (see stolenShareSince). */
export function machineMark() {
  return { at: performance.now(), cpu: machineCpuMs() };
}

function shareSince(mark: ReturnType<typeof machineMark>, kind: 'busy' | 'stolen'): number {
  const used = machineCpuMs()[kind] - mark.cpu[kind];
  return Math.round((used / ((performance.now() - mark.at) * os.cpus().length)) * 100) / 100;
}

/** The share of the machine's CPU time the hypervisor gave to other machines since `mark`. */
export const stolenShareSince = (mark: ReturnType<typeof machineMark>) => shareSince(mark, 'stolen');

/** The share of the machine's CPU time some process used since `mark`: below 1, cores sat idle. */
export const busyShareSince = (mark: ReturnType<typeof machineMark>) => shareSince(mark, 'busy');

let started = machineMark();

/** Marks the start of a benchmark, for the share of CPU the host stole while it ran (see writeResult). */
export function benchmarkStarts(): void {
  started = machineMark();
}

export function writeResult(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  const result = {
    name,
    date: new Date().toISOString(),
    machine: machine(),
    stolenShare: stolenShareSince(started),
    ...(data as object),
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

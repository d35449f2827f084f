import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERS } from '../src/seed/demo.ts';
import { RESULTS_DIR, startServerProcess } from './lib.ts';

/**
 * Runs the official MCP conformance suite against a real `parley serve` on a fresh demo database and writes
 * a summary to bench/results/mcp-conformance.json. Run it with `npx tsx bench/mcp-conformance.ts`.
 *
 * The suite needs Node 22 and sends no credentials, so it is fetched with npx (needs the npm registry) and
 * talks to Parley through a small local proxy that adds a personal API token, as a configured client
 * would. The DNS-rebinding scenario also runs straight against Parley, without a token.
 * Scenarios that exercise the suite's own fixtures (test_* tools, test://* resources and prompts) or
 * session features Parley does not offer (stateless) are listed as not applicable in the summary.
 */

const SUITE = '@modelcontextprotocol/conformance@0.1.16';

/** Generic scenarios a stateless tools-resources-prompts server can pass on its own data. */
const APPLICABLE = new Set([
  'server-initialize',
  'ping',
  'tools-list',
  'resources-list',
  'prompts-list',
  'dns-rebinding-protection',
]);

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function exec(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { env: opts.env ?? process.env, cwd: opts.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Forwards every request to Parley's /mcp with the token added, the way a configured client sends it. */
function tokenProxy(target: string, token: string, port: number): Promise<Server> {
  const upstream = new URL(target);
  const proxy = createServer((req, res) => {
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: upstream.pathname,
        method: req.method,
        headers: { ...req.headers, authorization: `Bearer ${token}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  return new Promise((resolve) => proxy.listen(port, '127.0.0.1', () => resolve(proxy)));
}

async function conformance(url: string, cwd: string, scenario?: string): Promise<Map<string, Check[]>> {
  const resultsDir = join(cwd, 'results');
  const args = ['-y', '-p', SUITE, '-p', 'node@22', '--', 'conformance', 'server', '--url', url];
  args.push('--output-dir', resultsDir);
  if (scenario) args.push('--scenario', scenario);
  const result = await exec('npx', args, { cwd });
  if (!result.stdout.includes('scenario') && result.code !== 0) {
    throw new Error(`the conformance suite did not run:\n${result.stderr}`);
  }
  const byScenario = new Map<string, Check[]>();
  for (const dir of readdirSync(resultsDir)) {
    const name = /^server-(.+)-\d{4}-\d\d-\d\dT/.exec(dir)?.[1] ?? dir;
    const checks = JSON.parse(readFileSync(join(resultsDir, dir, 'checks.json'), 'utf8')) as Check[];
    byScenario.set(name, checks);
  }
  rmSync(resultsDir, { recursive: true, force: true });
  return byScenario;
}

function summarise(byScenario: Map<string, Check[]>) {
  return [...byScenario.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([scenario, checks]) => {
      const failed = checks.filter((c) => c.status === 'FAILURE');
      return {
        scenario,
        applicable: APPLICABLE.has(scenario),
        passed: failed.length === 0,
        checks: checks.map((c) => ({
          id: c.id,
          status: c.status,
          ...(c.errorMessage && { error: c.errorMessage }),
        })),
      };
    });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-conformance-'));
  const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'parley.db')}`, DEMO_DATA: 'on' };
  const server = await startServerProcess(env, await freePort());
  let proxy: Server | undefined;
  try {
    const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
    const created = await exec(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'token', 'create', '--user', owner.email],
      { env: { ...env, LOG_LEVEL: 'warn' }, cwd: join(import.meta.dirname, '..') },
    );
    const token = created.stdout.trim();
    if (!token.startsWith('plt_')) throw new Error(`could not create a token: ${created.stderr}`);
    const proxyPort = await freePort();
    proxy = await tokenProxy(`${server.url}/mcp`, token, proxyPort);

    const withToken = summarise(await conformance(`http://127.0.0.1:${proxyPort}/mcp`, dir));
    const direct = summarise(await conformance(`${server.url}/mcp`, dir, 'dns-rebinding-protection'));
    const applicable = withToken.filter((s) => s.applicable);
    const summary = {
      suite: SUITE,
      ranAt: new Date().toISOString(),
      applicablePassed: `${applicable.filter((s) => s.passed).length}/${applicable.length}`,
      withToken,
      withoutToken: direct,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'mcp-conformance.json'), `${JSON.stringify(summary, null, 2)}\n`);
    for (const s of withToken) {
      const mark = s.passed ? 'pass' : s.applicable ? 'FAIL' : 'n/a ';
      console.log(`${mark}  ${s.scenario}`);
    }
    for (const s of direct) console.log(`${s.passed ? 'pass' : 'fail'}  ${s.scenario} (no token)`);
    console.log(`applicable scenarios passed: ${summary.applicablePassed}`);
  } finally {
    proxy?.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_USERS } from '../src/seed/demo.ts';
import { runParley } from './support/cli.ts';
import { type ParleyProcess, startParley } from './support/processes.ts';

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance) against a real `parley serve` on
 * the demo data, acting as its owner. The suite sends no credentials, so it talks to Parley through a
 * small proxy that adds a personal API token, as a configured client does.
 *
 * Only the scenarios that test Parley's own behaviour apply; the others need the suite's fixtures (tools
 * such as test_simple_text, test:// resources, test_* prompts) or features Parley does not offer
 * (sampling, progress, subscriptions, SSE sessions). docs/mcp.md lists both.
 *
 * The suite runs on the project's Node (20): 0.1.13 is its last version that does; later ones import
 * fs.globSync from Node 22. PARLEY_CONFORMANCE_SUITE may name another copy's dist/index.js to try one.
 */
const APPLICABLE = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'resources-list',
  'prompts-list',
  'dns-rebinding-protection',
];

const ROOT = join(import.meta.dirname, '..');
const SUITE =
  process.env.PARLEY_CONFORMANCE_SUITE ??
  join(ROOT, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Forwards every request to Parley's /mcp with the token added, headers (Host, Origin) otherwise as sent. */
function tokenProxy(target: URL, token: string): Promise<Server> {
  const proxy = createServer((req, res) => {
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: req.method,
        headers: { ...req.headers, authorization: `Bearer ${token}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(proxy)));
}

describe('MCP conformance suite, applicable server scenarios', () => {
  let dir: string;
  let parley: ParleyProcess;
  let proxy: Server;
  let url: string;

  before(async () => {
    const loads = await run([SUITE, '--version']);
    assert.equal(
      loads.code,
      0,
      `the conformance suite at ${SUITE} does not run on Node ${process.version} ` +
        `(0.1.13 is the last version that runs on Node 20): ${loads.output.split('\n').find((line) => /^\w*Error:/.test(line))}`,
    );
    dir = mkdtempSync(join(tmpdir(), 'parley-conformance-'));
    const env = { DATABASE_URL: `file:${join(dir, 'parley.db')}`, DEMO_DATA: 'on' };
    parley = await startParley(['serve'], env);
    const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
    const issued = await runParley(['token', 'create', '--user', owner.email, '--name', 'conformance'], env);
    assert.equal(issued.code, 0, issued.stderr);
    proxy = await tokenProxy(new URL('/mcp', parley.url!), issued.stdout.trim());
    // localhost, not 127.0.0.1: the DNS-rebinding scenario sends the URL's host as the valid one.
    url = `http://localhost:${(proxy.address() as AddressInfo).port}/mcp`;
  });

  after(async () => {
    proxy?.close();
    await parley?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const scenario of APPLICABLE) {
    test(scenario, async () => {
      const out = join(dir, scenario);
      const ran = await run([SUITE, 'server', '--url', url, '--scenario', scenario, '--output-dir', out]);
      const [results] = readdirSync(out);
      assert.ok(results, `the suite wrote no results:\n${ran.output}`);
      const checks = JSON.parse(readFileSync(join(out, results, 'checks.json'), 'utf8')) as Check[];
      assert.ok(checks.length > 0, ran.output);
      const failed = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
      assert.deepEqual(
        failed.map((c) => `${c.id}: ${c.errorMessage ?? c.status}`),
        [],
        `${scenario} failed its checks`,
      );
      assert.ok(checks.some((c) => c.status === 'SUCCESS'));
    });
  }
});

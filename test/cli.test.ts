import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildServer, serverBundleIsStale } from '../build/server.ts';
import { PARLEY_BIN, runParley } from './support/cli.ts';

/**
 * The `parley` command as an operator runs it: a real process on a real SQLite file. This is also what
 * `npm start` does on a fresh machine, so the first-start behaviour the README promises is checked here.
 */

/** Starts `parley serve` and resolves once it prints its address, with everything printed up to then. */
function serve(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PARLEY_BIN, 'serve'], {
      env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', ...env },
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout.on('data', (d) => {
      output += d;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      // The demo logins are printed right after the address; wait for the whole banner.
      if (url && /API docs/.test(output)) {
        clearTimeout(timer);
        setTimeout(() => resolve({ child, url, output: () => output }), 200);
      }
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('parley CLI', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    // What `npm start` runs: the bundle of the sources as they are now.
    if (serverBundleIsStale()) await buildServer();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('first start migrates, loads demo data, prints the logins, and they work', async () => {
    const env = { DATABASE_URL: `file:${join(dir, 'first.db')}` };
    const server = await serve(env);
    try {
      const output = server.output();
      assert.match(output, /database: +SQLite/);
      assert.match(output, /assistant: +offline engine/);
      const logins = [...output.matchAll(/^ +(\S+@\S+) \/ (\S+) +\((owner|employee|customer)\)$/gm)];
      assert.deepEqual(new Set(logins.map((m) => m[3])), new Set(['owner', 'employee', 'customer']));
      for (const [, email, password] of logins) {
        const res = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        assert.equal(res.status, 200, `${email} cannot sign in`);
      }
      const ready = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/readyz`);
      assert.equal(ready.status, 200);
    } finally {
      await stop(server.child);
    }
    const again = await serve(env);
    try {
      assert.doesNotMatch(
        again.output(),
        /Demo data loaded/,
        'demo data is loaded only into an empty database',
      );
    } finally {
      await stop(again.child);
    }
  });

  test('migrate, seed with synthetic data, user create and token create', async () => {
    const env = { DATABASE_URL: `file:${join(dir, 'ops.db')}` };
    const migrate = await runParley(['migrate'], env);
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.match(migrate.stdout, /Applied/);
    assert.match((await runParley(['migrate'], env)).stdout, /up to date/);

    const seed = await runParley(['seed', '--customers', '30', '--deals', '1,000', '--quiet'], env);
    assert.equal(seed.code, 0, seed.stderr);
    assert.match(seed.stdout, /Added 30 customers, 0 leads and 1000 deals to acme/);

    const user = await runParley(
      ['user', 'create', '--email', 'Ops@Example.test', '--name', 'Ops', '--password', 'long enough pw'],
      env,
    );
    assert.notEqual(user.code, 0, 'an organization is required');
    assert.match(user.stderr, /--org/);
    const made = await runParley(
      [
        'user',
        'create',
        '--email',
        'Ops@Example.test',
        '--name',
        'Ops',
        '--password',
        'long enough pw',
        '--org',
        'acme',
        '--role',
        'employee',
      ],
      env,
    );
    assert.equal(made.code, 0, made.stderr);

    const token = await runParley(['token', 'create', '--user', 'ops@example.test', '--name', 'script'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout.trim(), /^plt_\S+$/);
    const unknown = await runParley(['token', 'create', '--user', 'nobody@example.test'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no user with email/);
    assert.doesNotMatch(unknown.stderr, /at .+\.ts:\d+/, 'no stack trace for a user mistake');

    const server = await serve(env);
    try {
      const res = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/api/v1/deals?limit=5`, {
        headers: { authorization: `Bearer ${token.stdout.trim()}` },
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
      assert.equal(body.items.length, 5, 'the token sees the seeded deals');
      assert.ok(body.nextCursor);
    } finally {
      await stop(server.child);
    }
  });

  test('ask answers as JSON, refuses what the role may not do, and --yes runs proposed writes', async () => {
    const env = { DATABASE_URL: `file:${join(dir, 'ops.db')}` };
    const refused = await runParley(['ask', '--user', 'customer@acme.test', 'Show my deals'], env);
    assert.equal(refused.code, 0, refused.stderr);
    assert.equal(JSON.parse(refused.stdout).actions[0].status, 'denied');

    const proposed = await runParley(
      ['ask', '--user', 'owner@acme.test', 'Create a new lead named Cli Person'],
      env,
    );
    const waiting = JSON.parse(proposed.stdout);
    assert.equal(waiting.actions[0].status, 'needs_confirmation');
    assert.ok(waiting.confirmation.id);

    const approved = await runParley(
      ['ask', '--user', 'owner@acme.test', '--yes', 'Create a new lead named Cli Person'],
      env,
    );
    const done = JSON.parse(approved.stdout);
    assert.equal(done.actions[0].status, 'done');
    assert.equal(done.actions[0].result.name, 'Cli Person');
  });

  test('a bad setting stops start-up with a clear message and no stack trace', async () => {
    const run = await runParley(['migrate'], { DATABASE_URL: 'mysql://nope', PORT: 'eighty' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /DATABASE_URL/);
    assert.match(run.stderr, /PORT/);
    assert.doesNotMatch(run.stderr, /at .+\.ts:\d+/);
  });
});

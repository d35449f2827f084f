import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import type { Update } from 'grammy/types';
import { SECRET_HEADER, WEBHOOK_PATH } from '../../src/telegram/webhook.ts';

/** Real `parley` processes for the scale-out and fault tests: started as an operator would, killed for real. */

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'parley.js');

export interface ParleyProcess {
  child: ChildProcess;
  /** The HTTP address, for `serve`. */
  url: string | null;
  output(): string;
  /** SIGTERM, and the exit code once it has stopped. */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
}

/** Runs `parley <args>` and resolves once its start-up banner is complete. */
export function startParley(args: string[], env: Record<string, string>): Promise<ParleyProcess> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const proc: ParleyProcess = {
    child,
    url: null,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited(child);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parley ${args.join(' ')} did not start:\n${output}`));
    }, 60_000);
    const onData = () => {
      // The telegram line is the last one both banners share.
      if (!/\n {2}telegram: .*\n/.test(output)) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      proc.url = /listening on (http:\/\/\S+)/.exec(output)?.[1]?.replace('localhost', '127.0.0.1') ?? null;
      resolve(proc);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`parley ${args.join(' ')} exited (${signal ?? code}) while starting:\n${output}`));
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Posts an update to a process's webhook as Telegram would; true when the process acknowledged it. */
export async function postUpdate(url: string, secret: string, update: Update): Promise<boolean> {
  try {
    const res = await fetch(`${url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Polls `done` until it holds; fails with `what` after `ms`. */
export async function until(what: string, ms: number, done: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(200);
  }
}

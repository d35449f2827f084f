import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The `parley` command as an operator runs it: a real process, its exit code and what it printed. */

export const PARLEY_BIN = join(import.meta.dirname, '..', '..', 'bin', 'parley.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `parley <args>` to the end with the test's environment plus `env`; stdin is closed at once. */
export function runParley(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PARLEY_BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.end();
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

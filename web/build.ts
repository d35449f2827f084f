import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestChange } from '../build/freshness.ts';
import { precompress } from './precompress.ts';

export const WEB_ROOT = fileURLToPath(new URL('.', import.meta.url));
export const WEB_DIST = join(WEB_ROOT, 'dist');
const BUILT_INDEX = join(WEB_DIST, 'index.html');
const SOURCES = ['src', 'index.html', 'vite.config.ts'].map((p) => join(WEB_ROOT, p));

/** A fresh clone has no build; an edited source makes the build out of date. */
export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT_INDEX)) return true;
  const builtAt = statSync(BUILT_INDEX).mtimeMs;
  return SOURCES.some((source) => existsSync(source) && newestChange(source) > builtAt);
}

export async function buildWeb(): Promise<void> {
  // Loaded on demand so the server and tests that never build do not pay for the bundler.
  const { build } = await import('vite');
  await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  // Brotli and gzip copies made once here, so the server never compresses a static file per request.
  precompress(WEB_DIST);
}

export async function buildWebIfNeeded(say: (line: string) => void = () => {}): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  say('Building the web app (web/dist)...');
  const started = Date.now();
  await buildWeb();
  say(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const force = process.argv.includes('--force');
  if (force) await buildWeb();
  else await buildWebIfNeeded(console.log);
}

#!/usr/bin/env node
// Runs the bundled server (dist/parley.mjs, made by `npm run build`) while it is at least as new as every file
// under src/; otherwise runs the TypeScript sources through tsx, so an edit never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/parley.mjs', import.meta.url);
const sources = fileURLToPath(new URL('../src', import.meta.url));

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(`${path}/${entry}`));
  return newest;
}

const bundlePath = fileURLToPath(bundle);
if (existsSync(bundlePath) && statSync(bundlePath).mtimeMs >= newestChange(sources)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}

import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { newestChange } from './freshness.ts';

/**
 * Bundles the server's own TypeScript into dist/parley.mjs. Run from sources, each of its ~250 modules goes
 * through tsx's loader, which costs seconds at start; one bundle loads in a fraction of that. Packages stay
 * outside the bundle and load from node_modules as usual.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_BUNDLE = join(ROOT, 'dist', 'parley.mjs');
const SOURCES = join(ROOT, 'src');

export function serverBundleIsStale(): boolean {
  return !existsSync(SERVER_BUNDLE) || newestChange(SOURCES) > statSync(SERVER_BUNDLE).mtimeMs;
}

/** Writes the bundle beside its final name and renames it, so a process starting meanwhile never reads half a file. */
export async function buildServer(): Promise<void> {
  const result = await build({
    entryPoints: { parley: join(SOURCES, 'cli.ts') },
    outdir: dirname(SERVER_BUNDLE),
    outExtension: { '.js': '.mjs' },
    // Code loaded on first use (the MCP server, model providers) goes to chunks, so a start does not pay for it.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    write: false,
    logLevel: 'warning',
  });
  // Chunks and maps first and the entry last, so a process starting meanwhile finds everything it imports.
  const last = (path: string) => Number(path === SERVER_BUNDLE);
  const files = result.outputFiles.toSorted((a, b) => last(a.path) - last(b.path));
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const partial = `${file.path}.${process.pid}.tmp`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--force') || serverBundleIsStale()) await buildServer();
}

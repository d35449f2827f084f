import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb, WEB_DIST } from '../web/build.ts';
import { writeResult } from './lib.ts';

/**
 * The JavaScript a browser must fetch before the first page can show: the entry script of web/dist/index.html
 * and the chunks it preloads, gzipped (zlib level 6, what HTTP compressors use by default). Pages are split by
 * route, so each one's own chunk comes after; the largest of those is reported beside it.
 */

const KB = 1000;
const gzipped = (file: string) => gzipSync(readFileSync(join(WEB_DIST, file)), { level: 6 }).length;

/** Script and preload addresses of the built index.html, as asset paths under web/dist. */
export function initialScripts(html: string): string[] {
  const found = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  return [...new Set(found)];
}

export async function run(): Promise<void> {
  await buildWeb();
  const initial = initialScripts(readFileSync(join(WEB_DIST, 'index.html'), 'utf8'));
  if (initial.length === 0) throw new Error('web/dist/index.html names no module script');
  const initialBytes = initial.reduce((sum, file) => sum + gzipped(file), 0);
  const chunks = readdirSync(join(WEB_DIST, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: `assets/${f}`, gzipBytes: gzipped(`assets/${f}`) }));
  const later = chunks.filter((c) => !initial.includes(c.file)).sort((a, b) => b.gzipBytes - a.gzipBytes);
  const totalBytes = chunks.reduce((sum, c) => sum + c.gzipBytes, 0);
  console.log(
    `initial JavaScript ${(initialBytes / KB).toFixed(1)} kB gzipped in ${initial.length} files; ` +
      `all ${chunks.length} chunks ${(totalBytes / KB).toFixed(1)} kB; largest page chunk ${later[0]?.file}`,
  );
  writeResult('web-bundle', {
    method:
      'vite build of web/; the entry script and modulepreloads of index.html, each gzipped at level 6 and summed',
    initialFiles: initial,
    initialGzipBytes: initialBytes,
    chunkCount: chunks.length,
    allChunksGzipBytes: totalBytes,
    largestLaterChunk: later[0] ?? null,
  });
}

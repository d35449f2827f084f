import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Locator } from 'playwright-core';
import { openBrowser, signIn, startSite } from '../test/e2e/browser.ts';
import { buildWeb, WEB_DIST } from '../web/build.ts';
import { percentile, writeResult } from './lib.ts';

/**
 * The JavaScript a browser must fetch before the first page can show: the entry script of web/dist/index.html
 * and the chunks it preloads, gzipped (zlib level 6, what HTTP compressors use by default). Pages are split by
 * route, so each one's own chunk comes after; the largest of those is reported beside it. Then the dashboard's
 * load to interactive in Debian's Chromium over loopback: from navigation until its figures and charts have
 * replaced their skeletons, on a first visit (nothing cached: the sign-in page) and signed in with scripts
 * cached (the dashboard, LOADS times).
 */

const LOADS = 7;

const KB = 1000;
const gzipped = (file: string) => gzipSync(readFileSync(join(WEB_DIST, file)), { level: 6 }).length;
/** What the server actually sends a browser that accepts brotli: the build's precompressed copy. */
const brotlied = (file: string) => {
  const copy = join(WEB_DIST, `${file}.br`);
  return existsSync(copy)
    ? readFileSync(copy).length
    : brotliCompressSync(readFileSync(join(WEB_DIST, file))).length;
};

/** Script and preload addresses of the built index.html, as asset paths under web/dist. */
export function initialScripts(html: string): string[] {
  const found = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  return [...new Set(found)];
}

type Page = import('playwright-core').Page;

/** Milliseconds from navigating to `path` until `ready` shows and no skeleton is left. */
async function loadToInteractive(page: Page, path: string, ready: (page: Page) => Locator) {
  const started = performance.now();
  await page.goto(path, { waitUntil: 'commit' });
  await ready(page).waitFor();
  await page.locator('[data-testid="skeleton"]').first().waitFor({ state: 'detached' });
  return Math.round(performance.now() - started);
}

async function dashboardLoads() {
  const site = await startSite();
  const visitor = await openBrowser(site);
  try {
    const firstVisitMs = await loadToInteractive(visitor.page, '/', (p) =>
      // The sign-in page is usable once its button is: its heading is the app's name.
      p.getByRole('button', { name: 'Sign in' }),
    );
    await signIn(visitor, 'owner@acme.test');
    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++)
      loads.push(
        await loadToInteractive(visitor.page, '/', (p) => p.getByRole('heading', { name: 'Dashboard' })),
      );
    visitor.assertNoConsoleErrors();
    const sorted = [...loads].sort((a, b) => a - b);
    return { firstVisitMs, dashboardMs: loads, dashboardMedianMs: percentile(sorted, 50) };
  } finally {
    await visitor.close();
    await site.close();
  }
}

export async function run(): Promise<void> {
  await buildWeb();
  const initial = initialScripts(readFileSync(join(WEB_DIST, 'index.html'), 'utf8'));
  if (initial.length === 0) throw new Error('web/dist/index.html names no module script');
  const initialBytes = initial.reduce((sum, file) => sum + gzipped(file), 0);
  const initialBrotliBytes = initial.reduce((sum, file) => sum + brotlied(file), 0);
  const chunks = readdirSync(join(WEB_DIST, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: `assets/${f}`, gzipBytes: gzipped(`assets/${f}`) }));
  const later = chunks.filter((c) => !initial.includes(c.file)).sort((a, b) => b.gzipBytes - a.gzipBytes);
  const totalBytes = chunks.reduce((sum, c) => sum + c.gzipBytes, 0);
  console.log(
    `initial JavaScript ${(initialBytes / KB).toFixed(1)} kB gzipped in ${initial.length} files; ` +
      `(${(initialBrotliBytes / KB).toFixed(1)} kB as served with brotli); all ${chunks.length} chunks ${(totalBytes / KB).toFixed(1)} kB; largest page chunk ${later[0]?.file}`,
  );
  const interactive = await dashboardLoads();
  console.log(
    `sign-in page on a first visit ${interactive.firstVisitMs} ms; dashboard, signed in, median ` +
      `${interactive.dashboardMedianMs} ms of ${interactive.dashboardMs.join(', ')}`,
  );
  writeResult('web-bundle', {
    ...interactive,
    method:
      'vite build of web/; the entry script and modulepreloads of index.html, each gzipped at level 6 and summed',
    initialFiles: initial,
    initialGzipBytes: initialBytes,
    initialBrotliBytes,
    chunkCount: chunks.length,
    allChunksGzipBytes: totalBytes,
    largestLaterChunk: later[0] ?? null,
  });
}

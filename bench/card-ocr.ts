import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { actorFor } from '../src/crm/actors.ts';
import { addMembership, createOrganization, createUser } from '../src/crm/bootstrap.ts';
import { migrateToLatest, openDatabase } from '../src/db/index.ts';
import { systemClock } from '../src/domain/time.ts';
import { ocr } from '../src/media/ocr.ts';
import { createServices } from '../src/services.ts';
import { MARIA, renderCards } from '../test/fixtures/cards/render.ts';
import { percentile, writeResult } from './lib.ts';

/**
 * A business card photo to a proposed lead, offline, in process: `assistant.send` with the image (header
 * check, OCR, field extraction, duplicate search, proposal stored) on SQLite. The first card includes the OCR
 * worker's start; the rest are timed for p50/p95. Memory is the process's RSS before the worker starts, with it
 * warm, and after it is stopped (the worker thread is inside this process).
 */

const ROUNDS = Number(process.env.BENCH_CARDS ?? 12);
const MiB = (bytes: number) => Math.round(bytes / 2 ** 20);

export async function run(): Promise<void> {
  const images = await renderCards([
    { text: MARIA },
    { text: MARIA, look: { tilt: 7, lowContrast: true, format: 'jpeg' } },
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'parley-card-bench-'));
  const db = openDatabase({ kind: 'sqlite', file: join(dir, 'cards.db') });
  try {
    await migrateToLatest(db);
    const at = new Date().toISOString();
    const orgId = await createOrganization(db, { slug: 'cards', name: 'Cards' }, at);
    const userId = await createUser(
      db,
      { email: 'owner@cards.example', name: 'Owner', password: 'x'.repeat(12) },
      at,
    );
    await addMembership(db, userId, orgId, 'owner', at);
    const actor = await actorFor(db, userId, 'api', { organizationId: orgId });
    const config = loadConfig({ DATABASE_URL: `file:${join(dir, 'cards.db')}` });
    const { assistant } = createServices({ config, db, clock: systemClock });
    const send = async (i: number) => {
      const started = performance.now();
      const turn = await assistant.send(actor, {
        text: '',
        channel: 'api',
        attachment: { kind: 'image', mediaType: 'image/png', bytes: images[i % images.length]! },
      });
      if (!turn.confirmation) throw new Error(`card ${i} was not proposed: ${turn.reply}`);
      return performance.now() - started;
    };

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const firstMs = await send(0);
    const times: number[] = [];
    for (let i = 1; i <= ROUNDS; i++) times.push(await send(i));
    const rssWarm = process.memoryUsage().rss;
    await ocr.stop();
    global.gc?.();
    const rssStopped = process.memoryUsage().rss;
    times.sort((a, b) => a - b);
    const result = {
      method: `${ROUNDS} cards (clean PNG and tilted low-contrast JPEG, alternating) through assistant.send, offline, SQLite`,
      firstCardMs: Math.round(firstMs),
      p50Ms: Math.round(percentile(times, 50)),
      p95Ms: Math.round(percentile(times, 95)),
      rssBeforeMiB: MiB(rssBefore),
      rssWarmMiB: MiB(rssWarm),
      rssAfterStopMiB: MiB(rssStopped),
    };
    console.log(
      `card -> proposal: first ${result.firstCardMs} ms (worker start included), p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms`,
    );
    console.log(
      `RSS ${result.rssBeforeMiB} MiB before, ${result.rssWarmMiB} warm, ${result.rssAfterStopMiB} after stop`,
    );
    writeResult('card-ocr', result);
  } finally {
    await ocr.stop();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

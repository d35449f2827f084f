import { benchmarkStarts } from './lib.ts';
import { writeReport } from './report.ts';

/**
 * `npm run bench [-- name...]` runs the named benchmarks (all when none is named), writes their JSON
 * results under bench/results/ and rewrites docs/performance.md from the latest of each. Each benchmark
 * module exports `run()`; bot-turn.ts runs one of its workloads.
 */
const BENCHMARKS: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  assistant: () => import('./assistant.ts'),
  'card-ocr': () => import('./card-ocr.ts'),
  'card-webhook': () => import('./card-webhook.ts'),
  'list-1m': () => import('./list-1m.ts'),
  'search-1m': () => import('./search-1m.ts'),
  'telegram-ingest': () => import('./telegram-ingest.ts'),
  'bot-turn-read-only': async () => ({
    run: (await import('./bot-turn.ts')).runWorkload.bind(null, 'read-only'),
  }),
  'bot-turn-mixed': async () => ({ run: (await import('./bot-turn.ts')).runWorkload.bind(null, 'mixed') }),
  'bot-turn-mixed-scaled-out': async () => ({
    run: (await import('./bot-turn.ts')).runWorkload.bind(null, 'mixed-scaled-out'),
  }),
  startup: () => import('./startup.ts'),
  'web-bundle': () => import('./web-bundle.ts'),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHMARKS)) {
  console.log(`== ${name}`);
  benchmarkStarts();
  await (await BENCHMARKS[name]!()).run();
}
console.log(`report: ${writeReport()}`);

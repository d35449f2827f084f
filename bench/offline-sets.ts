import { matches, tally } from '../src/assistant/offline/accuracy.ts';
import { interpret, type KeyedReport, measureKeyed } from '../src/assistant/offline/index.ts';
import { freshCases } from '../test/fixtures/offline-fresh.ts';
import { holdoutCases } from '../test/fixtures/offline-holdout.ts';
import { OFFLINE_PHRASINGS, PHRASING_DEFAULTS } from '../test/fixtures/offline-phrasings.ts';

/**
 * The offline engine scored on its three sets, by role and by intent: the labelled set (exact calls), the
 * held-out set and the fresh set (tools and key arguments). The fresh set, written after the rebuild and never
 * tuned to, is the untuned measure. `node --import tsx bench/offline-sets.ts` prints all three.
 */

type Scores = Pick<KeyedReport, 'passed' | 'total' | 'by'>;

/** The labelled set, grouped like the held-out one (its first expected tool, or help/clarify). */
export function labelledScores(): Scores & { failures: string[] } {
  const scores: Scores & { failures: string[] } = { passed: 0, total: 0, by: {}, failures: [] };
  for (const p of OFFLINE_PHRASINGS) {
    const context = { ...PHRASING_DEFAULTS, ...p.context };
    const ok = matches(interpret(p.text, context), p.expect);
    const groups = {
      role: context.role,
      intent: 'calls' in p.expect ? p.expect.calls[0]!.tool : p.expect.kind,
    };
    scores.total += 1;
    if (ok) scores.passed += 1;
    else scores.failures.push(p.text);
    tally(scores.by, groups, ok);
  }
  return scores;
}

export function holdoutScores(): KeyedReport {
  return measureKeyed(holdoutCases(), interpret);
}

/** The fresh set: written after the rebuild without seeing the engine's data, scored and never tuned to. */
export function freshScores(): KeyedReport {
  return measureKeyed(freshCases(), interpret);
}

const pct = (passed: number, total: number) => `${((passed / total) * 100).toFixed(1)}%`;

/** A Markdown table of one group's scores, one row per value. */
export function table(scores: Scores, group: string): string {
  const rows = Object.entries(scores.by[group] ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return [
    `| ${group} | passed | score |`,
    '| --- | --- | --- |',
    ...rows.map(([value, s]) => `| ${value} | ${s.passed}/${s.total} | ${pct(s.passed, s.total)} |`),
    `| **all** | ${scores.passed}/${scores.total} | ${pct(scores.passed, scores.total)} |`,
  ].join('\n');
}

if (process.argv[1]?.endsWith('offline-sets.ts')) {
  const labelled = labelledScores();
  const holdout = holdoutScores();
  console.log('## labelled set\n');
  console.log(`${table(labelled, 'role')}\n\n${table(labelled, 'intent')}\n`);
  console.log('## held-out set\n');
  console.log(`${table(holdout, 'role')}\n\n${table(holdout, 'intent')}\n\n${table(holdout, 'kind')}\n`);
  const fresh = freshScores();
  console.log('## fresh set (untuned)\n');
  console.log(`${table(fresh, 'role')}\n\n${table(fresh, 'intent')}\n\n${table(fresh, 'kind')}\n`);
  if (process.argv.includes('--failures')) {
    for (const [name, report] of [
      ['held-out', holdout],
      ['fresh', fresh],
    ] as const) {
      for (const f of report.failures)
        console.log(`FAIL ${name} ${JSON.stringify(f.text)} -> ${JSON.stringify(f.actual)}`);
    }
  }
}

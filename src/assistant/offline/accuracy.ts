import { isDeepStrictEqual } from 'node:util';
import type { ToolName } from '../../tools/index.ts';
import type { Interpretation, OfflineContext } from './interpretation.ts';

/**
 * Scores the engine against labelled phrasings. The test suite requires every case to pass; a benchmark can
 * report the same number for a larger or harder set.
 */

export type Expectation =
  | { calls: Array<{ tool: ToolName; input: object }> }
  | { kind: 'help' }
  | { kind: 'clarify'; replyIncludes?: string };

export interface LabelledPhrasing {
  text: string;
  expect: Expectation;
  /** Overrides of the default context: a role, a last record, another today. */
  context?: Partial<OfflineContext>;
}

export interface AccuracyReport {
  total: number;
  passed: number;
  /** passed / total, 0..1 */
  accuracy: number;
  failures: Array<{ text: string; expected: Expectation; actual: Interpretation }>;
}

export function matches(actual: Interpretation, expected: Expectation): boolean {
  if ('calls' in expected) {
    return actual.kind === 'calls' && isDeepStrictEqual(actual.calls, expected.calls);
  }
  if (actual.kind !== expected.kind) return false;
  if (expected.kind === 'clarify' && expected.replyIncludes) {
    return actual.kind === 'clarify' && actual.reply.includes(expected.replyIncludes);
  }
  return true;
}

export function measureAccuracy(
  cases: readonly LabelledPhrasing[],
  interpret: (text: string, context: OfflineContext) => Interpretation,
  defaults: OfflineContext,
): AccuracyReport {
  const failures: AccuracyReport['failures'] = [];
  for (const c of cases) {
    const actual = interpret(c.text, { ...defaults, ...c.context });
    if (!matches(actual, c.expect)) failures.push({ text: c.text, expected: c.expect, actual });
  }
  const passed = cases.length - failures.length;
  return { total: cases.length, passed, accuracy: cases.length === 0 ? 0 : passed / cases.length, failures };
}

/** A case judged on its tools and key arguments only, as the held-out set is written. */
export interface KeyedCase {
  text: string;
  context: OfflineContext;
  /** Groups the case is counted in, e.g. { role: 'owner', intent: 'list_deals', kind: 'list' }. */
  groups: Record<string, string>;
  expect: { calls: Array<{ tool: ToolName; args: Record<string, unknown> }> } | { kind: 'help' | 'clarify' };
}

export interface GroupScore {
  passed: number;
  total: number;
}

export interface KeyedReport {
  passed: number;
  total: number;
  /** Scores by group name, then by group value. */
  by: Record<string, Record<string, GroupScore>>;
  failures: Array<{ text: string; expected: KeyedCase['expect']; actual: Interpretation }>;
}

const folded = (v: string) =>
  v
    .trim()
    .replace(/[.!?]+$/, '')
    .toLowerCase();

/** One expected argument against the actual one: text without case, "~text" as a part, the rest exactly. */
function argMatches(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string' && typeof actual === 'string') {
    return expected.startsWith('~')
      ? folded(actual).includes(folded(expected.slice(1)))
      : folded(actual) === folded(expected);
  }
  return isDeepStrictEqual(expected, actual);
}

export function keyedMatch(actual: Interpretation, expected: KeyedCase['expect']): boolean {
  if ('kind' in expected) return actual.kind === expected.kind;
  if (actual.kind !== 'calls' || actual.calls.length !== expected.calls.length) return false;
  return expected.calls.every((want, i) => {
    const got = actual.calls[i]!;
    const input = got.input as Record<string, unknown>;
    return (
      got.tool === want.tool &&
      Object.entries(want.args).every(([key, value]) => argMatches(value, input[key]))
    );
  });
}

/** Counts one case in each of its groups. */
export function tally(by: KeyedReport['by'], groups: Record<string, string>, ok: boolean): void {
  for (const [group, value] of Object.entries(groups)) {
    const scores = by[group] ?? {};
    by[group] = scores;
    const score = scores[value] ?? { passed: 0, total: 0 };
    scores[value] = score;
    score.total += 1;
    if (ok) score.passed += 1;
  }
}

export function measureKeyed(
  cases: readonly KeyedCase[],
  interpret: (text: string, context: OfflineContext) => Interpretation,
): KeyedReport {
  const report: KeyedReport = { passed: 0, total: 0, by: {}, failures: [] };
  for (const c of cases) {
    const actual = interpret(c.text, c.context);
    const ok = keyedMatch(actual, c.expect);
    report.total += 1;
    if (ok) report.passed += 1;
    else report.failures.push({ text: c.text, expected: c.expect, actual });
    tally(report.by, c.groups, ok);
  }
  return report;
}

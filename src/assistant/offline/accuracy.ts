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

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  interpret,
  measureAccuracy,
  measureKeyed,
  type OfflineContext,
} from '../src/assistant/offline/index.ts';
import { EN } from '../src/assistant/offline/lexicon/en.ts';
import type { Language } from '../src/assistant/offline/lexicon/types.ts';
import { decide, scoreIntents } from '../src/assistant/offline/scoring.ts';
import { TOOL_GROUPS, type ToolName, toolInputs } from '../src/tools/index.ts';
import { freshCases, OFFLINE_FRESH } from './fixtures/offline-fresh.ts';
import { holdoutCases, OFFLINE_HOLDOUT } from './fixtures/offline-holdout.ts';
import { OFFLINE_PHRASINGS, PHRASING_DEFAULTS } from './fixtures/offline-phrasings.ts';

const owner: OfflineContext = PHRASING_DEFAULTS;

function assertValidCalls(text: string, context: OfflineContext) {
  const result = interpret(text, context);
  if (result.kind !== 'calls') return result;
  for (const call of result.calls) {
    const parsed = toolInputs[call.tool as ToolName].safeParse(call.input);
    assert.ok(
      parsed.success,
      `${JSON.stringify(text)} -> ${call.tool} ${JSON.stringify(call.input)} fails its schema`,
    );
  }
  return result;
}

describe('labelled phrasings', () => {
  test('the set is large and varied enough to mean something', () => {
    assert.ok(OFFLINE_PHRASINGS.length >= 180, `only ${OFFLINE_PHRASINGS.length} phrasings`);
    const tools = new Set(
      OFFLINE_PHRASINGS.flatMap((p) => ('calls' in p.expect ? p.expect.calls.map((c) => c.tool) : [])),
    );
    // Words can ask for every tool a conversation offers; a file's rows reach import_records only from a file.
    const spoken = Object.values(TOOL_GROUPS).flatMap((group) => group.map((t) => t.name as ToolName));
    const untested = spoken.filter((t) => !tools.has(t));
    assert.deepEqual(untested, [], 'every tool of the catalogue is reached by some phrasing');
    assert.ok(
      OFFLINE_PHRASINGS.filter((p) => !('calls' in p.expect)).length >= 20,
      'enough help/clarify cases',
    );
  });

  test('every expected and every emitted input passes the tool schema', () => {
    for (const p of OFFLINE_PHRASINGS) {
      if ('calls' in p.expect) {
        for (const call of p.expect.calls) {
          assert.ok(
            toolInputs[call.tool].safeParse(call.input).success,
            `expected input of ${JSON.stringify(p.text)}`,
          );
        }
      }
      assertValidCalls(p.text, { ...owner, ...p.context });
    }
  });

  test('every phrasing is understood exactly as labelled', () => {
    const report = measureAccuracy(OFFLINE_PHRASINGS, interpret, owner);
    console.log(
      `offline engine accuracy: ${report.passed}/${report.total} = ${(report.accuracy * 100).toFixed(1)}%`,
    );
    const lines = report.failures.map(
      (f) =>
        `  ${JSON.stringify(f.text)}\n    expected ${JSON.stringify(f.expected)}\n    got      ${JSON.stringify(f.actual)}`,
    );
    assert.equal(report.failures.length, 0, `mismatches:\n${lines.join('\n')}`);
  });

  test('the accuracy measure counts a wrong answer as a failure', () => {
    const report = measureAccuracy(
      [
        { text: 'Show my deals', expect: { calls: [{ tool: 'list_deals', input: { assignedTo: 'me' } }] } },
        { text: 'Show my deals', expect: { calls: [{ tool: 'list_leads', input: {} }] } },
        { text: 'tell me a joke', expect: { kind: 'clarify' } },
      ],
      interpret,
      owner,
    );
    assert.equal(report.total, 3);
    assert.equal(report.passed, 1);
    assert.equal(report.failures.length, 2);
  });
});

describe('fresh set', () => {
  /**
   * Written after the rebuild by someone who had not seen the engine's data, and never tuned to: the untuned
   * measure. Measured at 98 of 134 (73.1%); the floor leaves a margin of three cases as a regression guard.
   */
  const FLOOR = 95;

  test('is scored on requests nobody tuned it to, and stays above its floor', () => {
    assert.ok(OFFLINE_FRESH.length >= 120);
    const report = measureKeyed(freshCases(), interpret);
    const byRole = Object.entries(report.by.role ?? {})
      .map(([role, s]) => `${role} ${s.passed}/${s.total}`)
      .join(', ');
    console.log(`fresh set: ${report.passed}/${report.total} (${byRole})`);
    const lines = report.failures.map((f) => `  ${JSON.stringify(f.text)} -> ${JSON.stringify(f.actual)}`);
    assert.ok(report.passed >= FLOOR, `${report.passed} under the floor of ${FLOOR}:\n${lines.join('\n')}`);
  });
});

describe('held-out set', () => {
  /**
   * Measured after the rebuild on wink-nlp: 149 of 157 (94.9%); the regular-expression engine before it
   * scored 81 (51.6%). The floor leaves a margin of four cases; a change that loses more is a regression.
   */
  const FLOOR = 145;

  test('is scored on requests it was not built from, and stays above its floor', () => {
    assert.ok(OFFLINE_HOLDOUT.length >= 150);
    const report = measureKeyed(holdoutCases(), interpret);
    const byRole = Object.entries(report.by.role ?? {})
      .map(([role, s]) => `${role} ${s.passed}/${s.total}`)
      .join(', ');
    console.log(`held-out set: ${report.passed}/${report.total} (${byRole})`);
    const lines = report.failures.map((f) => `  ${JSON.stringify(f.text)} -> ${JSON.stringify(f.actual)}`);
    assert.ok(report.passed >= FLOOR, `${report.passed} under the floor of ${FLOOR}:\n${lines.join('\n')}`);
  });

  test('a key-argument mismatch, an extra call and a wrong kind all count as failures', () => {
    const context: OfflineContext = { ...owner };
    const report = measureKeyed(
      [
        {
          text: 'show deal 23',
          context,
          groups: { role: 'owner' },
          expect: { calls: [{ tool: 'get_deal', args: { deal: 23 } }] },
        },
        {
          text: 'show deal 23',
          context,
          groups: { role: 'owner' },
          expect: { calls: [{ tool: 'get_deal', args: { deal: 24 } }] },
        },
        {
          text: 'show deal 5, then close issue 4',
          context,
          groups: { role: 'owner' },
          expect: { calls: [{ tool: 'get_deal', args: {} }] },
        },
        { text: 'show deal 23', context, groups: { role: 'owner' }, expect: { kind: 'help' } },
      ],
      interpret,
    );
    assert.equal(report.passed, 1);
    assert.deepEqual(report.by.role, { owner: { passed: 1, total: 4 } });
  });
});

describe("issue 26's kinds of request, in the issue's own words", () => {
  const deal8: OfflineContext['lastRecord'] = { type: 'deal', id: 8, label: 'Espresso machines' };
  const cases: Array<[string, OfflineContext['role'], string, object, OfflineContext['lastRecord']?]> = [
    ['new lead Sam Hill, a client recommended him to us', 'owner', 'create_lead', { source: 'referral' }],
    ['add lead Kay Lo, we talked at the trade fair', 'owner', 'create_lead', { source: 'event' }],
    ['deal 40 has reached the proposal stage', 'owner', 'move_deal_stage', { deal: 40, stage: 'proposal' }],
    ['we lost deal 12', 'owner', 'move_deal_stage', { deal: 12, stage: 'closed lost' }],
    ['order #5 was paid, $1,200', 'owner', 'record_payment', { order: 5, amount: 1200 }],
    ['open a ticket for Globex: the invoice is wrong', 'owner', 'create_issue', { customer: 'Globex' }],
    [
      'my chair arrived broken, can someone help',
      'customer',
      'create_issue',
      { title: 'My chair arrived broken' },
    ],
    [
      'note on ticket 7 that we ordered a replacement',
      'employee',
      'comment_on_issue',
      { issue: 7, comment: 'we ordered a replacement' },
    ],
    ['new deal for Initech: 20 monitors, 8k', 'owner', 'create_deal', { title: '20 monitors', value: 8000 }],
    ['look up jane@example.com', 'owner', 'search_records', { query: 'jane@example.com' }],
    ['how does the pipeline look', 'owner', 'get_stats', {}],
    ['the printer you sold us keeps jamming', 'customer', 'create_issue', {}],
    ["what's outstanding on my account", 'customer', 'list_orders', {}],
    ['how much do I still owe?', 'customer', 'list_orders', {}],
    ['what is overdue', 'owner', 'list_activities', { overdue: true }],
    [
      'ISS-2026-0003 is not urgent after all, lower it',
      'employee',
      'update_issue',
      { issue: 'ISS-2026-0003', priority: 'low' },
    ],
    ['deal 9 is off, mark it lost', 'owner', 'move_deal_stage', { deal: 9, stage: 'closed lost' }],
    [
      'move Bluebird espresso machines to negotiation',
      'owner',
      'move_deal_stage',
      { deal: 'Bluebird espresso machines', stage: 'negotiation' },
      deal8,
    ],
  ];
  for (const [text, role, tool, args, lastRecord] of cases) {
    test(text, () => {
      const result = interpret(text, { ...owner, role, ...(lastRecord ? { lastRecord } : {}) });
      assert.equal(result.kind, 'calls', JSON.stringify(result));
      if (result.kind !== 'calls') return;
      assert.equal(result.calls.length, 1, 'one call: the change, not a read before it');
      assert.equal(result.calls[0]!.tool, tool);
      const input = result.calls[0]!.input as Record<string, unknown>;
      for (const [key, value] of Object.entries(args)) assert.deepEqual(input[key], value, key);
    });
  }
});

describe('scoring', () => {
  type Toy = 'show' | 'list' | 'move';
  const toy: Language<Toy> = {
    minScore: 2,
    intents: {
      show: { gloss: 'show it', opens: [['show', 3]], facts: { ref: 1 } },
      list: { gloss: 'list them', opens: [['show', 3]], facts: { plural: 1 } },
      move: { gloss: 'move it', opens: [['move', 4]], needs: ['ref'] },
    },
    impliedSources: [],
    dealOutcomes: [],
    problems: [],
    complaintCourtesy: [],
    words: EN.words,
  };
  const tokens = (text: string) =>
    text.split(' ').map((w) => ({ value: w, lower: w, lemma: w, pos: 'X', type: 'word' }));

  test('the best-supported intent wins, whatever order the intents are written in', () => {
    const scored = scoreIntents(toy, tokens('show deal 5'), 'show deal 5', new Set(['ref', 'staff']));
    assert.deepEqual(
      scored.map((s) => [s.intent, s.score]),
      [
        ['show', 4],
        ['list', 3],
      ],
    );
    const decision = decide(scored, toy.minScore, (i) => i, Object.is);
    assert.deepEqual(decision, { kind: 'chosen', intent: 'show', result: 'show' });
  });

  test('an intent missing a fact it needs is not scored at all', () => {
    const scored = scoreIntents(toy, tokens('move it'), 'move it', new Set(['staff']));
    assert.deepEqual(scored, []);
  });

  test('two intents with the same score that would do different things are a tie', () => {
    const scored = scoreIntents(toy, tokens('show them'), 'show them', new Set(['staff']));
    assert.deepEqual(
      decide(scored, toy.minScore, (i) => i, Object.is),
      {
        kind: 'tie',
        intents: ['show', 'list'],
      },
    );
    // The same result from both is no real choice.
    assert.equal(decide(scored, toy.minScore, () => 'same', Object.is).kind, 'chosen');
  });

  test('a tied intent that cannot be built leaves the other one', () => {
    const scored = scoreIntents(toy, tokens('show them'), 'show them', new Set(['staff']));
    const decision = decide(scored, toy.minScore, (i) => (i === 'show' ? null : i), Object.is);
    assert.deepEqual(decision, { kind: 'chosen', intent: 'list', result: 'list' });
  });

  test('a score under the minimum is not understood', () => {
    const scored = scoreIntents(toy, tokens('show them'), 'show them', new Set(['staff']));
    assert.deepEqual(
      decide(scored, 5, (i) => i, Object.is),
      { kind: 'none' },
    );
  });

  test('through the engine, a tie is a question back and nothing understood is the help reply', () => {
    assert.equal(interpret('banana bread', owner).kind, 'help');
    const tie = interpret('my orders are late', owner);
    assert.equal(tie.kind, 'clarify');
    assert.match(tie.reply, /should I .+, or .+\?/);
  });
});

describe('help and questions back', () => {
  test('help offers four to six examples suited to the role', () => {
    for (const role of ['owner', 'employee', 'customer'] as const) {
      const result = interpret('what can you do', { ...owner, role });
      assert.equal(result.kind, 'help');
      const examples = result.reply.split('\n').filter((l) => l.startsWith('•'));
      assert.ok(examples.length >= 4 && examples.length <= 6, `${role}: ${examples.length} examples`);
    }
    const forCustomer = interpret('banana', { ...owner, role: 'customer' });
    assert.equal(forCustomer.kind, 'help');
    assert.doesNotMatch(
      forCustomer.reply,
      /\b(?:deal|lead|delete)\b/i,
      'a customer is not shown staff-only requests',
    );
  });

  test('a customer saying "my" gets no assignee filter: the tools already limit them to their own records', () => {
    assert.deepEqual(interpret('my open issues', { ...owner, role: 'customer' }), {
      kind: 'calls',
      calls: [{ tool: 'list_issues', input: { status: 'open' } }],
    });
  });

  test('a follow-up that names another type than the last record asks which one is meant', () => {
    const result = interpret('close deal', { ...owner, lastRecord: { type: 'issue', id: 3 } });
    assert.equal(result.kind, 'clarify');
    assert.match(result.reply, /Which deal\?/);
  });

  test('an over-long message is refused politely instead of guessed at', () => {
    const result = interpret(`create a lead named ${'x'.repeat(5000)}`, owner);
    assert.equal(result.kind, 'clarify');
  });

  test('a name longer than the schema allows becomes a question, not an invalid call', () => {
    const result = assertValidCalls(`create an issue titled "${'word '.repeat(60)}"`, owner);
    assert.equal(result.kind, 'calls');
    const longName = interpret(`add customer '${'A'.repeat(300)}'`, owner);
    assert.equal(longName.kind, 'clarify');
  });
});

describe('robustness', () => {
  test('any text gives an answer, and every call it gives passes its schema', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.constantFrom('owner', 'employee', 'customer'),
        (text, role) => {
          const result = assertValidCalls(text, { ...owner, role: role as OfflineContext['role'] });
          assert.ok(['calls', 'help', 'clarify'].includes(result.kind));
        },
      ),
      { numRuns: 400 },
    );
  });

  test('mixtures of request words and junk never break the engine', () => {
    const pieces = [
      'show',
      'create',
      'move',
      'deal',
      'lead',
      '#23',
      'ORD-2026-0012',
      '$3k',
      'it',
      'to',
      'proposal',
      'named',
      "'",
      '"',
      ':',
      'and',
      'tomorrow',
      'this month',
      '😀',
      '; DROP TABLE',
      'ISS-2026-0003',
      'remind me',
      'from',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 14 }),
        fc.option(fc.constantFrom('deal', 'lead', 'issue', 'customer', 'order')),
        (words, lastType) => {
          const context: OfflineContext = lastType
            ? { ...owner, lastRecord: { type: lastType, id: 7 } }
            : owner;
          assertValidCalls(words.join(' '), context);
        },
      ),
      { numRuns: 500 },
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type EngineLanguage, interpret, type OfflineContext } from '../src/assistant/offline/index.ts';
import { EN } from '../src/assistant/offline/lexicon/en.ts';
import type { SlotWords } from '../src/assistant/offline/lexicon/types.ts';

/**
 * The slot readers hold no words of their own: a word added to a language's data is understood, with no
 * code changed. Each request below is first shown not to be understood that way in English as shipped.
 */

const owner: OfflineContext = { today: '2026-12-06', role: 'owner' };

function withWords(change: (w: SlotWords) => Partial<SlotWords>): EngineLanguage {
  return { ...EN, words: { ...EN.words, ...change(EN.words) } };
}

/** The first call's tool and input, or the kind of answer when there is no call. */
function firstCall(text: string, lang?: EngineLanguage): [string, Record<string, unknown>] {
  const result = interpret(text, owner, lang);
  if (result.kind !== 'calls') return [result.kind, {}];
  const [call] = result.calls;
  return [call!.tool, call!.input as Record<string, unknown>];
}

describe('slot words come from the language data', () => {
  test('a stage synonym in the data is a stage, for a move and for a stage stated as a fact', () => {
    const lang = withWords((w) => ({ stages: { ...w.stages, haggling: 'negotiation' } }));
    assert.deepEqual(firstCall('move deal 4 to haggling'), [
      'move_deal_stage',
      { deal: 4, stage: 'haggling' },
    ]);
    assert.deepEqual(firstCall('move deal 4 to haggling', lang), [
      'move_deal_stage',
      { deal: 4, stage: 'negotiation' },
    ]);
    assert.equal(firstCall('deal 4 has reached the haggling stage')[0], 'get_deal');
    assert.deepEqual(firstCall('deal 4 has reached the haggling stage', lang), [
      'move_deal_stage',
      { deal: 4, stage: 'negotiation' },
    ]);
  });

  test('a lead source named only in the data is read as that source', () => {
    const lang = withWords((w) => ({ sources: [...w.sources, ['xing', 'linkedin']] }));
    assert.equal(firstCall('add a lead named Ann Lee from xing')[1].source, undefined);
    assert.deepEqual(firstCall('add a lead named Ann Lee from xing', lang), [
      'create_lead',
      { name: 'Ann Lee', source: 'linkedin' },
    ]);
  });

  test('a status word in the data changes a numbered issue told as a fact', () => {
    const lang = withWords((w) => ({
      statuses: { ...w.statuses, issue: { ...w.statuses.issue, patched: 'resolved' } },
    }));
    assert.equal(firstCall('ticket 33 is patched')[0], 'get_issue');
    assert.deepEqual(firstCall('ticket 33 is patched', lang), [
      'update_issue',
      { issue: 33, status: 'resolved' },
    ]);
  });

  test('a record word in the data lists and references that record', () => {
    const lang = withWords((w) => ({
      records: [...w.records, { type: 'deal', singular: ['gig'], plural: ['gigs'] }],
      refWords: { ...w.refWords, gig: 'deal' },
    }));
    assert.equal(firstCall('show gigs')[0], 'help');
    assert.equal(firstCall('show gigs', lang)[0], 'list_deals');
    assert.deepEqual(firstCall('show gig 4', lang), ['get_deal', { deal: 4 }]);
  });

  test('a currency word in the data sets the currency of an amount', () => {
    const lang = withWords((w) => ({ currencies: { ...w.currencies, quid: 'GBP' } }));
    assert.equal(firstCall('record a payment of 40 quid for order 12')[1].currency, undefined);
    assert.deepEqual(firstCall('record a payment of 40 quid for order 12', lang), [
      'record_payment',
      { amount: 40, order: 12, currency: 'GBP' },
    ]);
  });

  test('a language given to one request does not leak into the next', () => {
    const lang = withWords((w) => ({ stages: { ...w.stages, haggling: 'negotiation' } }));
    interpret('move deal 4 to haggling', owner, lang);
    assert.deepEqual(firstCall('move deal 4 to haggling')[1], { deal: 4, stage: 'haggling' });
  });
});

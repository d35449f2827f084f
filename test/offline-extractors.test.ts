import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findAmounts, parseAmount, statedAmount } from '../src/assistant/offline/money.ts';
import { findDate, findPeriod } from '../src/assistant/offline/periods.ts';
import { documentNumbers, idRefs } from '../src/assistant/offline/refs.ts';

/** The offline engine's readers of amounts, record numbers, periods and dates, each on its own. */

describe('money extractor', () => {
  const amount = (text: string) => {
    const m = parseAmount(text);
    return m && { amount: m.amount, currency: m.currency };
  };

  test('reads the ways people write amounts, exactly', () => {
    assert.deepEqual(amount('$3,000'), { amount: 3000, currency: undefined });
    assert.deepEqual(amount('3k'), { amount: 3000, currency: undefined });
    assert.deepEqual(amount('3000 usd'), { amount: 3000, currency: 'USD' });
    assert.deepEqual(amount('€250.50'), { amount: 250.5, currency: 'EUR' });
    assert.deepEqual(amount('1.5m'), { amount: 1500000, currency: undefined });
    assert.deepEqual(amount('2.3k'), { amount: 2300, currency: undefined });
    assert.deepEqual(amount('£1,234.56'), { amount: 1234.56, currency: 'GBP' });
    assert.deepEqual(amount('2 million euros'), { amount: 2000000, currency: 'EUR' });
    assert.deepEqual(amount('0.1k'), { amount: 100, currency: undefined });
  });

  test('does not read ids, document numbers, dates or words as amounts', () => {
    assert.equal(parseAmount('ORD-2026-0012'), null);
    assert.equal(parseAmount('3km'), null);
    assert.equal(parseAmount('5%'), null);
    assert.deepEqual(findAmounts('order #12 and ISS-2026-0003 on 2026-03-04'), []);
    assert.equal(statedAmount('deal 23 for order 12'), null);
    assert.equal(statedAmount('a payment of 3000 for order 12')?.amount, 3000);
  });

  test('refuses amounts beyond what the catalogue accepts', () => {
    assert.equal(parseAmount('999999999999999999999'), null);
    assert.equal(parseAmount('200bn'), null);
  });

  test('never throws on hostile input', () => {
    for (const text of [
      '9'.repeat(10_000),
      `${'1,'.repeat(3000)}000`,
      '💸💸 $ € £',
      "'; DROP TABLE payments; --",
      '\u0000\uFFFF',
    ]) {
      assert.doesNotThrow(() => findAmounts(text));
      assert.doesNotThrow(() => statedAmount(text));
    }
  });
});

describe('id extractor', () => {
  test('reads record ids in their usual forms', () => {
    const ids = (text: string) => idRefs(text).map((r) => [r.type, r.ref]);
    assert.deepEqual(ids('deal 23'), [['deal', 23]]);
    assert.deepEqual(ids('deal #23'), [['deal', 23]]);
    assert.deepEqual(ids('ticket no. 4'), [['issue', 4]]);
    assert.deepEqual(ids('order number 12'), [['order', 12]]);
    assert.deepEqual(ids('see #23'), [[null, 23]]);
    assert.deepEqual(ids('lead 5k'), [], 'an amount is not an id');
    assert.deepEqual(ids('deal 0'), [], 'no record has id 0');
    assert.deepEqual(ids('deal 99999999999999'), [], 'an id no row can have is no id');
  });

  test('reads document numbers and keeps them in upper case', () => {
    assert.deepEqual(
      documentNumbers('close iss-2026-0003 and ORD-2026-0012').map((r) => [r.type, r.ref]),
      [
        ['issue', 'ISS-2026-0003'],
        ['order', 'ORD-2026-0012'],
      ],
    );
  });

  test('never throws on hostile input', () => {
    for (const text of [
      '#'.repeat(10_000),
      `deal ${'9'.repeat(5000)}`,
      '🦄 deal 🦄 #🦄',
      'deal 1; DELETE FROM deals',
    ]) {
      assert.doesNotThrow(() => idRefs(text));
      assert.doesNotThrow(() => documentNumbers(text));
    }
    assert.deepEqual(
      idRefs('deal 1; DELETE FROM deals').map((r) => r.ref),
      [1],
    );
  });
});

describe('period and date extractors', () => {
  const today = '2026-11-25';
  const period = (text: string) => findPeriod(text, today)?.period;

  test('names the periods the tools know and computes the others', () => {
    assert.equal(period('this month'), 'this_month');
    assert.equal(period('last quarter'), 'last_quarter');
    assert.equal(period("today's"), 'today');
    assert.equal(period('year to date'), 'this_year');
    assert.deepEqual(period('next week'), { from: '2026-11-30', to: '2026-12-06' });
    assert.deepEqual(period('next month'), { from: '2026-12-01', to: '2026-12-31' });
    assert.deepEqual(period('next quarter'), { from: '2027-01-01', to: '2027-03-31' });
    assert.deepEqual(period('the last 7 days'), { from: '2026-11-19', to: '2026-11-25' });
    assert.deepEqual(period('in february'), { from: '2026-02-01', to: '2026-02-28' });
    assert.deepEqual(period('Q4 2025'), { from: '2025-10-01', to: '2025-12-31' });
    assert.deepEqual(period('since 1 March'), { from: '2026-03-01', to: '2026-11-25' });
    assert.equal(period('I may call'), undefined, '"may" alone is a verb');
    assert.equal(period('ORD-2026-0012'), undefined, 'a document number is not a year');
  });

  test('reads dates forward for due dates and backward for things that happened', () => {
    assert.equal(findDate('by 3 March', today, { future: true })?.date, '2027-03-03');
    assert.equal(findDate('on 3 March', today, { future: false })?.date, '2026-03-03');
    assert.deepEqual(
      (({ date, time }) => ({ date, time }))(findDate('tomorrow at 3pm', today, { future: true })!),
      { date: '2026-11-26', time: '15:00' },
    );
    assert.equal(findDate('sat down with John', today, { future: true }), null);
  });

  test('never throws on hostile input', () => {
    for (const text of [
      'next '.repeat(2000),
      `${'q1 '.repeat(3000)}`,
      '🗓️ tomorrow 🗓️',
      "since '; DROP TABLE x; --",
      '',
    ]) {
      assert.doesNotThrow(() => findPeriod(text, today));
      assert.doesNotThrow(() => findDate(text, today, { future: true }));
    }
    assert.equal(findPeriod('this month', 'not a date'), null);
  });
});

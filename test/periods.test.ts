import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../src/domain/errors.ts';
import {
  bucketsOf,
  localDate,
  MAX_BUCKETS,
  type PeriodSpec,
  resolvePeriod,
  zoneOrUtc,
} from '../src/domain/periods.ts';

const at = (iso: string) => new Date(iso);

function days(spec: PeriodSpec, now: string, tz = 'UTC') {
  const p = resolvePeriod(spec, at(now), tz);
  return [p.from, p.to];
}

describe('periods', () => {
  test('today and yesterday are whole days, half-open', () => {
    const p = resolvePeriod('today', at('2026-03-15T10:00:00Z'), 'UTC');
    assert.deepEqual(p, {
      name: 'today',
      timezone: 'UTC',
      from: '2026-03-15',
      to: '2026-03-15',
      start: '2026-03-15T00:00:00.000Z',
      end: '2026-03-16T00:00:00.000Z',
    });
    assert.deepEqual(days('yesterday', '2026-03-01T00:00:00Z'), ['2026-02-28', '2026-02-28']);
    assert.deepEqual(days('yesterday', '2026-01-01T08:00:00Z'), ['2025-12-31', '2025-12-31']);
  });

  test('weeks start on Monday, whatever day it is', () => {
    // 2026-03-16 is a Monday, 2026-03-22 a Sunday.
    assert.deepEqual(days('this_week', '2026-03-16T00:00:00Z'), ['2026-03-16', '2026-03-22']);
    assert.deepEqual(days('this_week', '2026-03-22T23:59:59Z'), ['2026-03-16', '2026-03-22']);
    assert.deepEqual(days('last_week', '2026-03-22T12:00:00Z'), ['2026-03-09', '2026-03-15']);
    // A week across a year end.
    assert.deepEqual(days('this_week', '2027-01-01T12:00:00Z'), ['2026-12-28', '2027-01-03']);
    const p = resolvePeriod('this_week', at('2026-03-18T12:00:00Z'), 'UTC');
    assert.equal(p.start, '2026-03-16T00:00:00.000Z');
    assert.equal(p.end, '2026-03-23T00:00:00.000Z');
  });

  test('months end on their last day, February by the leap-year rule', () => {
    assert.deepEqual(days('this_month', '2024-02-10T00:00:00Z'), ['2024-02-01', '2024-02-29']);
    assert.deepEqual(days('this_month', '2026-02-10T00:00:00Z'), ['2026-02-01', '2026-02-28']);
    assert.deepEqual(days('this_month', '2100-02-10T00:00:00Z'), ['2100-02-01', '2100-02-28']);
    assert.deepEqual(days('this_month', '2000-02-10T00:00:00Z'), ['2000-02-01', '2000-02-29']);
    assert.deepEqual(days('last_month', '2024-03-31T23:59:59Z'), ['2024-02-01', '2024-02-29']);
    assert.deepEqual(days('last_month', '2026-01-15T00:00:00Z'), ['2025-12-01', '2025-12-31']);
    assert.deepEqual(days('this_month', '2026-04-30T23:59:59.999Z'), ['2026-04-01', '2026-04-30']);
    assert.equal(
      resolvePeriod('this_month', at('2026-12-31T12:00:00Z'), 'UTC').end,
      '2027-01-01T00:00:00.000Z',
    );
  });

  test('quarters and years', () => {
    assert.deepEqual(days('this_quarter', '2026-03-31T23:59:59Z'), ['2026-01-01', '2026-03-31']);
    assert.deepEqual(days('this_quarter', '2026-04-01T00:00:00Z'), ['2026-04-01', '2026-06-30']);
    assert.deepEqual(days('this_quarter', '2026-11-05T00:00:00Z'), ['2026-10-01', '2026-12-31']);
    assert.deepEqual(days('last_quarter', '2026-02-01T00:00:00Z'), ['2025-10-01', '2025-12-31']);
    assert.deepEqual(days('last_quarter', '2024-05-20T00:00:00Z'), ['2024-01-01', '2024-03-31']);
    assert.deepEqual(days('this_year', '2026-07-01T00:00:00Z'), ['2026-01-01', '2026-12-31']);
    assert.deepEqual(days('last_year', '2026-01-01T00:00:00Z'), ['2025-01-01', '2025-12-31']);
  });

  test('custom ranges are inclusive and checked', () => {
    const p = resolvePeriod({ from: '2024-02-28', to: '2024-03-01' }, at('2026-01-01T00:00:00Z'), 'UTC');
    assert.equal(p.name, 'custom');
    assert.equal(p.start, '2024-02-28T00:00:00.000Z');
    assert.equal(p.end, '2024-03-02T00:00:00.000Z');
    assert.deepEqual(days({ from: '2026-05-05', to: '2026-05-05' }, '2020-01-01T00:00:00Z'), [
      '2026-05-05',
      '2026-05-05',
    ]);
    for (const bad of [
      { from: '2026-03-10', to: '2026-03-09' },
      { from: '2026-02-29', to: '2026-03-01' },
      { from: '2026-13-01', to: '2026-13-02' },
      { from: 'yesterday', to: '2026-03-01' },
    ]) {
      assert.throws(
        () => resolvePeriod(bad, at('2026-03-01T00:00:00Z'), 'UTC'),
        (e: unknown) => {
          assert.ok(e instanceof DomainError);
          assert.equal(e.code, 'validation_failed');
          return true;
        },
      );
    }
    assert.throws(
      () => resolvePeriod('fortnight' as never, at('2026-03-01T00:00:00Z'), 'UTC'),
      /not a period/,
    );
  });

  test("the organization's time zone decides which day it is and where days begin", () => {
    // 23:30 UTC on 29 Feb is already 1 March in Berlin (UTC+1) and still 29 Feb in New York.
    const now = at('2024-02-29T23:30:00Z');
    const berlin = resolvePeriod('today', now, 'Europe/Berlin');
    assert.deepEqual(
      [berlin.from, berlin.start, berlin.end],
      ['2024-03-01', '2024-02-29T23:00:00.000Z', '2024-03-01T23:00:00.000Z'],
    );
    assert.equal(resolvePeriod('today', now, 'America/New_York').from, '2024-02-29');
    assert.equal(localDate(now, 'Asia/Tokyo'), '2024-03-01');
    assert.equal(localDate(now, null), '2024-02-29');
  });

  test('daylight-saving days are 23 or 25 hours long, and a skipped midnight starts the day at the jump', () => {
    const spring = resolvePeriod('today', at('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    assert.deepEqual([spring.start, spring.end], ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    const autumn = resolvePeriod('today', at('2026-10-25T12:00:00Z'), 'Europe/Berlin');
    assert.deepEqual([autumn.start, autumn.end], ['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    const month = resolvePeriod('this_month', at('2026-03-15T12:00:00Z'), 'Europe/Berlin');
    assert.deepEqual([month.start, month.end], ['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    // Santiago moved its clocks from 00:00 to 01:00 on 8 September 2024: that day began at 04:00 UTC.
    const skipped = resolvePeriod('today', at('2024-09-08T12:00:00Z'), 'America/Santiago');
    assert.deepEqual([skipped.start, skipped.end], ['2024-09-08T04:00:00.000Z', '2024-09-09T03:00:00.000Z']);
  });

  test('no time zone, or an unknown one, means UTC', () => {
    assert.equal(zoneOrUtc(undefined), 'UTC');
    assert.equal(zoneOrUtc(''), 'UTC');
    assert.equal(zoneOrUtc('Mars/Olympus_Mons'), 'UTC');
    assert.equal(zoneOrUtc('europe/berlin'), 'Europe/Berlin');
    assert.equal(resolvePeriod('today', at('2026-03-15T23:30:00Z'), 'Mars/Olympus_Mons').from, '2026-03-15');
  });

  test('buckets cut a period into days, Monday weeks or months, clipped at both ends', () => {
    const p = resolvePeriod({ from: '2026-02-25', to: '2026-03-10' }, at('2026-01-01T00:00:00Z'), 'UTC');
    assert.deepEqual(
      bucketsOf(p, 'week').map((b) => [b.key, b.from, b.to]),
      [
        ['2026-02-23', '2026-02-25', '2026-03-01'],
        ['2026-03-02', '2026-03-02', '2026-03-08'],
        ['2026-03-09', '2026-03-09', '2026-03-10'],
      ],
    );
    assert.deepEqual(
      bucketsOf(p, 'month').map((b) => [b.key, b.from, b.to, b.start, b.end]),
      [
        ['2026-02-01', '2026-02-25', '2026-02-28', '2026-02-25T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
        ['2026-03-01', '2026-03-01', '2026-03-10', '2026-03-01T00:00:00.000Z', '2026-03-11T00:00:00.000Z'],
      ],
    );
    const leapFebruary = resolvePeriod('this_month', at('2024-02-10T00:00:00Z'), 'UTC');
    const daily = bucketsOf(leapFebruary, 'day');
    assert.equal(daily.length, 29);
    assert.equal(daily.at(-1)!.key, '2024-02-29');
    assert.equal(daily.at(-1)!.end, leapFebruary.end);
    const year = bucketsOf(resolvePeriod('this_year', at('2026-06-01T00:00:00Z'), 'Asia/Kolkata'), 'month');
    assert.equal(year.length, 12);
    assert.equal(year[0]!.start, '2025-12-31T18:30:00.000Z');
    for (let i = 1; i < year.length; i++) assert.equal(year[i]!.start, year[i - 1]!.end);
  });

  test('a series with too many points asks for a bigger bucket', () => {
    const decade = resolvePeriod({ from: '2020-01-01', to: '2029-12-31' }, at('2026-01-01T00:00:00Z'), 'UTC');
    assert.throws(() => bucketsOf(decade, 'day'), new RegExp(`more than ${MAX_BUCKETS} points`));
    assert.equal(bucketsOf(decade, 'month').length, 120);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  currentTimeZone,
  formatDate,
  formatDateTime,
  fromLocalInput,
  setTimeZone,
  toLocalInput,
} from '../web/src/lib/format.ts';
import { t } from '../web/src/lib/i18n.ts';
import { en } from '../web/src/locales/en.ts';

/** The web app's words and its dates: the catalogue, and moments in the organization's time zone. */

test('t() fills parameters, picks the plural form and writes numbers the locale way', () => {
  assert.equal(t('nav.deals'), 'Deals');
  assert.equal(t('org.switched', { name: 'Acme' }), 'Switched to Acme');
  assert.equal(t('kpi.pipelineHint', { count: 1, weighted: '$5.00' }), '1 deal · weighted $5.00');
  assert.equal(t('kpi.pipelineHint', { count: 1200, weighted: '$5.00' }), '1,200 deals · weighted $5.00');
  // A parameter the caller forgot shows as its placeholder rather than "undefined".
  assert.equal(t('org.switched'), 'Switched to {name}');
});

test('every English message is non-empty and names its parameters in braces only', () => {
  for (const [key, message] of Object.entries(en)) {
    for (const text of typeof message === 'string' ? [message] : Object.values(message)) {
      assert.ok(text.trim(), `${key} is empty`);
      assert.doesNotMatch(text.replace(/\{\w+\}/g, ''), /[{}]/, `${key} has a stray brace`);
    }
  }
});

test("moments are shown in the organization's time zone, calendar days as written", () => {
  setTimeZone('Asia/Tokyo');
  // 20:30 UTC on the 1st is already the 2nd in Tokyo.
  assert.match(formatDateTime('2026-07-01T20:30:00.000Z'), /Jul 2, 2026/);
  assert.match(formatDate('2026-07-01T20:30:00.000Z'), /Jul 2, 2026/);
  setTimeZone('America/Los_Angeles');
  assert.match(formatDate('2026-07-01T03:00:00.000Z'), /Jun 30, 2026/);
  // A due date has no time of day: it is the same day everywhere.
  assert.match(formatDate('2026-11-19'), /Nov 19, 2026/);
});

test('a datetime-local value is read and written in the organization time zone, across clock changes', () => {
  setTimeZone('Europe/Berlin');
  assert.equal(toLocalInput('2026-07-01T12:00:00.000Z'), '2026-07-01T14:00');
  assert.equal(fromLocalInput('2026-07-01T14:00'), '2026-07-01T12:00:00.000Z');
  assert.equal(fromLocalInput('2026-01-15T09:30'), '2026-01-15T08:30:00.000Z');
  // The morning the clocks go forward (02:00 becomes 03:00 on 29 March 2026).
  assert.equal(fromLocalInput('2026-03-29T03:30'), '2026-03-29T01:30:00.000Z');
  for (const iso of ['2026-03-29T00:59:00.000Z', '2026-03-29T01:00:00.000Z', '2026-10-25T02:00:00.000Z']) {
    assert.equal(fromLocalInput(toLocalInput(iso)), iso, `round trip of ${iso}`);
  }
  assert.equal(fromLocalInput('not a time'), undefined);
});

test('an unknown time zone falls back to the browser’s own instead of failing every date', () => {
  setTimeZone('Mars/Olympus_Mons');
  assert.equal(currentTimeZone(), Intl.DateTimeFormat().resolvedOptions().timeZone);
  assert.notEqual(formatDateTime('2026-07-01T12:00:00.000Z'), '—');
});

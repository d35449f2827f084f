import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ORGANIZATION_SETTINGS, parseSettings } from '../src/domain/actor.ts';

/** Stored settings are read as they are when valid; what is broken falls back to defaults and is reported. */

const collect = () => {
  const problems: string[] = [];
  return { problems, warn: (_json: string, problem: string) => problems.push(problem) };
};

test('valid settings are read as stored, missing fields take their defaults, nothing is reported', () => {
  const { problems, warn } = collect();
  assert.deepEqual(
    parseSettings('{"employeeVisibility":"assigned","currency":"EUR","timezone":"Europe/Berlin"}', warn),
    {
      employeeVisibility: 'assigned',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
    },
  );
  assert.deepEqual(parseSettings('{"currency":"GBP"}', warn), {
    ...DEFAULT_ORGANIZATION_SETTINGS,
    currency: 'GBP',
  });
  assert.deepEqual(problems, []);
});

test('settings that are not JSON, or not an object, fall back to the defaults and are reported', () => {
  for (const broken of ['{"currency":', '[1,2]', 'null', '"USD"']) {
    const { problems, warn } = collect();
    assert.deepEqual(parseSettings(broken, warn), DEFAULT_ORGANIZATION_SETTINGS, broken);
    assert.equal(problems.length, 1, broken);
  }
});

test('an invalid field falls back alone; the valid ones are kept, and unknown ones do not reach the settings', () => {
  const { problems, warn } = collect();
  const settings = parseSettings(
    '{"employeeVisibility":"everyone","currency":"JPY","timezone":42,"extra":1}',
    warn,
  );
  assert.deepEqual(settings, { employeeVisibility: 'all', currency: 'JPY', timezone: 'UTC' });
  assert.deepEqual(problems.sort(), ['hold an invalid employeeVisibility', 'hold an invalid timezone']);
});

test('each read gets its own copy: what one caller changes, the next does not see', () => {
  const text = '{"currency":"CHF"}';
  const first = parseSettings(text);
  first.currency = 'XXX';
  assert.equal(parseSettings(text).currency, 'CHF');
});

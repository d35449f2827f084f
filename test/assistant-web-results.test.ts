import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createSession } from '../src/crm/sessions.ts';
import { systemClock } from '../src/domain/time.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { cellText, columnLabel, columnsOf, type Row } from '../web/src/features/assistant/records.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';

/**
 * What the web panel shows under an answer: the tools' list results with names instead of ids, and the
 * panel's table with human headings, the organization's time zone and words instead of raw values.
 */

describe('the assistant panel’s tables', () => {
  test('headings are words, ids are hidden, empty columns are left out', () => {
    const rows: Row[] = [
      { id: 1, number: 'ORD-2026-0001', customerId: 4, customer: 'Acme', dueAt: null, assignedTo: 3 },
    ];
    assert.deepEqual(columnsOf(rows, 4), ['number', 'customer']);
    assert.deepEqual(
      ['customerName', 'dueAt', 'estimatedValue', 'expectedClose', 'probability'].map(columnLabel),
      ['Customer', 'Due', 'Value', 'Closes', 'Probability'],
    );
  });

  test('times in the organization’s zone, days as days, yes/no and codes as words', () => {
    const at = '2026-12-04T18:15:46.832Z';
    assert.equal(cellText('dueAt', at, 'Asia/Tokyo', 'en-US'), 'Dec 5, 2026, 3:15 AM');
    assert.equal(cellText('dueAt', at, 'America/New_York', 'en-US'), 'Dec 4, 2026, 1:15 PM');
    assert.equal(cellText('orderDate', '2026-12-04', 'Pacific/Kiritimati', 'en-US'), 'Dec 4, 2026');
    assert.equal(cellText('done', false, 'UTC'), 'Open');
    assert.equal(cellText('done', true, 'UTC'), 'Done');
    assert.equal(cellText('status', 'in_progress', 'UTC'), 'In progress');
    assert.equal(cellText('customer', null, 'UTC'), '—');
    assert.equal(cellText('title', 'keep_as_written', 'UTC'), 'keep_as_written', 'names are not reworded');
  });
});

onEachDatabase('list results carry names for the panel', ({ db }) => {
  let api: TestApp;
  let owner: string;

  before(async () => {
    await seedDemo(db(), systemClock);
    api = await startTestApp(db());
    const row = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'owner@acme.test')
      .executeTakeFirstOrThrow();
    owner = await createSession(db(), row.id, systemClock, 1);
  });

  test('orders, payments, issues and tasks name their customer, order and deal', async () => {
    const say = async (text: string) =>
      (await api.call('POST', '/api/v1/assistant/messages', { token: owner, body: { text } })).body;
    const orders = await say('Show orders');
    assert.ok(orders.actions[0].result.items.every((o: Row) => typeof o.customer === 'string'));
    assert.match(orders.reply, /^\d+ orders:|^1 order:/m);
    const payments = await say('Show payments');
    assert.ok(payments.actions[0].result.items.every((p: Row) => typeof p.order === 'string'));
    const issues = await say('Show issues');
    assert.ok(issues.actions[0].result.items.some((i: Row) => i.customerName === 'Bluebird Cafe'));
    const tasks = await say('Show overdue tasks');
    assert.equal(tasks.actions[0].result.items[0].dealTitle, 'Orbit fleet tablets');
    assert.match(tasks.reply, /^1 activity:/m, 'one, not "1 activities"');
  });
});

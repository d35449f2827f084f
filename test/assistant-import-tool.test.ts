import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { MAX_IMPORT_ROWS } from '../src/crm/imports.ts';
import { createCrm } from '../src/crm/index.ts';
import type { Actor } from '../src/domain/actor.ts';
import { systemClock } from '../src/domain/time.ts';
import { describeCall, runTool, type ToolOutcome, toolsFor } from '../src/tools/index.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * The import tool as MCP clients and the assistant call it: rows inline, batched under the service's limit,
 * the summary shown before the yes, and the same permissions as the web's import.
 */
onEachDatabase('import_records tool', ({ db }) => {
  let t: Tenant;
  let crm: ReturnType<typeof createCrm>;
  const as = (actor: Actor) => ({ crm, actor: { ...actor, via: 'mcp' as const }, clock: systemClock });
  const result = (outcome: ToolOutcome): any => {
    assert.ok(outcome.ok, JSON.stringify(outcome));
    return outcome.result;
  };

  before(async () => {
    crm = createCrm({ db: db(), clock: systemClock });
    t = await createTenant(db());
  });

  test('a list longer than one batch goes in batches, numbered across the whole list', async () => {
    const count = MAX_IMPORT_ROWS + 20;
    const rows = Array.from({ length: count }, (_, i) => ({
      name: `Batch ${i}`,
      email: `batch${i}@tool.test`,
    }));
    rows[MAX_IMPORT_ROWS + 5] = { name: 'Broken', email: 'not an email' };
    const input = { kind: 'leads', rows, firstRow: 2 };
    const described = await describeCall(as(t.owner.actor), 'import_records', input);
    assert.deepEqual(described, {
      ok: true,
      summary: `Import ${count - 1} leads (1 row with problems left out)`,
    });
    const done = result(await runTool(as(t.owner.actor), 'import_records', input));
    assert.equal(done.created, count - 1);
    assert.equal(done.failed, 1);
    assert.equal(done.rows.length, count);
    const failed = done.rows.find((r: { status: string }) => r.status === 'failed');
    assert.equal(failed.row, MAX_IMPORT_ROWS + 5 + 2, 'the row number counts from firstRow across batches');
    assert.match(failed.message, /^Email: /);
    const again = await describeCall(as(t.owner.actor), 'import_records', input);
    assert.deepEqual(again, {
      ok: true,
      summary: `Import 0 leads (${count - 1} existing skipped, 1 row with problems left out)`,
    });
  });

  test("an employee's imported customers are theirs; a customer may not import at all", async () => {
    const done = result(
      await runTool(as(t.employee.actor), 'import_records', {
        kind: 'customers',
        rows: [{ name: 'Tool Customer', email: 'customer@tool.test', city: 'Oslo' }],
      }),
    );
    assert.equal(done.created, 1);
    const made = await crm.customers.get(t.owner.actor, done.rows[0].id);
    assert.equal(made.assignedTo, t.employee.userId);
    assert.equal(made.city, 'Oslo');

    assert.ok(!toolsFor(t.customer.actor).some((tool) => tool.name === 'import_records'));
    for (const kind of ['leads', 'customers']) {
      const outcome = await runTool(as(t.customer.actor), 'import_records', {
        kind,
        rows: [{ name: 'Nope' }],
      });
      assert.equal(outcome.ok, false);
      if (!outcome.ok) assert.equal(outcome.error.code, 'forbidden');
    }
  });

  test('rows beyond what one import takes are refused before anything is read', async () => {
    const rows = Array.from({ length: 5001 }, (_, i) => ({ name: `Too many ${i}` }));
    const outcome = await runTool(as(t.owner.actor), 'import_records', { kind: 'leads', rows });
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.equal(outcome.error.code, 'validation_failed');
  });
});

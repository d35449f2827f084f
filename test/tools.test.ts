import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { z } from 'zod';
import { modelSchema } from '../src/assistant/model-schema.ts';
import { createCrm } from '../src/crm/index.ts';
import type { Actor } from '../src/domain/actor.ts';
import type { Clock } from '../src/domain/time.ts';
import {
  describeCall,
  runTool,
  TOOL_NAMES,
  TOOLS,
  type ToolOutcome,
  toolInputs,
  toolsFor,
} from '../src/tools/index.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

// The services and the tools share one fixed clock, so "this month" is the same month whenever the tests run.
const NOW = new Date('2026-11-25T12:00:00.000Z');
const clock: Clock = () => NOW;

function ok(outcome: ToolOutcome): any {
  assert.ok(outcome.ok, `expected success, got ${JSON.stringify(outcome)}`);
  return outcome.result;
}

function refused(outcome: ToolOutcome, code: string, message?: RegExp) {
  assert.equal(outcome.ok, false, `expected a refusal, got ${JSON.stringify(outcome)}`);
  if (outcome.ok) return;
  assert.equal(outcome.error.code, code, outcome.error.message);
  if (message) assert.match(outcome.error.message, message);
}

test('the catalogue has exactly one tool per input schema, each described for a model', () => {
  assert.deepEqual(TOOLS.map((t) => t.name).sort(), [...TOOL_NAMES].sort());
  for (const t of TOOLS) {
    assert.ok(t.description.length >= 30, `${t.name} needs a real description`);
    assert.equal(
      t.kind !== 'read',
      typeof t.describe === 'function',
      `${t.name}: writes describe themselves`,
    );
  }
});

test('the compact schemas models read drop only bounds, and what they allow the tools accept', () => {
  for (const t of TOOLS) {
    const schema = modelSchema(t.name);
    const text = JSON.stringify(schema);
    assert.equal(schema.type, 'object', t.name);
    assert.doesNotMatch(text, /"(pattern|maxLength|minLength|maximum|\$schema)"/, t.name);
    assert.ok(
      text.length < JSON.stringify(z.toJSONSchema(toolInputs[t.name], { io: 'input' })).length,
      t.name,
    );
  }
  // Ids, amounts and people become text for the model; the tools take them as text.
  const sample = { deal: '23', customer: '#4', assignedTo: 'me', minValue: '3000', limit: 5 };
  assert.ok(toolInputs.get_deal.safeParse({ deal: sample.deal }).success);
  assert.ok(
    toolInputs.list_deals.safeParse({ customer: sample.customer, assignedTo: 'me', minValue: '3000' })
      .success,
  );
  assert.equal((modelSchema('list_deals') as any).properties.minValue.type, 'string');
});

test('each role is offered only the tools its permissions allow', () => {
  const names = (role: Actor['role']) => toolsFor({ role }).map((t) => t.name);
  assert.equal(names('owner').length, TOOLS.length);
  assert.ok(!names('employee').includes('delete_record'));
  assert.deepEqual(names('customer').sort(), [
    'comment_on_issue',
    'create_issue',
    'get_customer',
    'get_issue',
    'get_order',
    'list_customers',
    'list_issues',
    'list_orders',
    'list_payments',
    'search_records',
    'whoami',
  ]);
});

onEachDatabase('tools run through the services with the caller’s permissions', ({ db }) => {
  let a: Tenant;
  let b: Tenant;
  let crm: ReturnType<typeof createCrm>;
  const as = (actor: Actor) => ({
    crm,
    actor: { ...actor, via: 'assistant' as const, model: 'test-model' },
    clock,
  });

  before(async () => {
    crm = createCrm({ db: db(), clock });
    a = await createTenant(db());
    b = await createTenant(db());
  });

  test('"Create a new lead named John from Facebook" and "Show my deals" as an employee', async () => {
    const ctx = as(a.employee.actor);
    const lead = ok(await runTool(ctx, 'create_lead', { name: 'John', source: 'Facebook' }));
    assert.equal(lead.source, 'facebook');
    assert.equal(lead.assignedTo, a.employee.userId, 'an employee’s lead is theirs');
    const audit = await crm.audit.list(a.owner.actor, { entity: 'lead', entityId: lead.id });
    assert.equal(audit.items[0]?.via, 'assistant');
    assert.equal(audit.items[0]?.model, 'test-model');

    ok(await runTool(ctx, 'create_deal', { title: 'Tool deal mine', value: '$3k' }));
    ok(await runTool(as(a.colleague.actor), 'create_deal', { title: 'Tool deal theirs' }));
    const mine = ok(await runTool(ctx, 'list_deals', { assignedTo: 'me' }));
    assert.deepEqual(
      mine.items.map((d: { title: string }) => d.title),
      ['Tool deal mine'],
    );
    assert.equal(mine.items[0].value, '$3,000.00');
  });

  test('"Update the stage of deal N to negotiation" by id, "#id" and title; a colleague’s deal is refused', async () => {
    const ctx = as(a.employee.actor);
    const deal = ok(await runTool(ctx, 'create_deal', { title: 'Stage mover' }));
    const summary = await describeCall(ctx, 'move_deal_stage', { deal: deal.id, stage: 'negotiation' });
    assert.deepEqual(summary, {
      ok: true,
      summary: `Move deal #${deal.id} Stage mover from Lead to negotiation`,
    });
    assert.equal(
      ok(await runTool(ctx, 'move_deal_stage', { deal: deal.id, stage: 'negotiation' })).stageName,
      'Negotiation',
    );
    assert.equal(
      ok(await runTool(ctx, 'move_deal_stage', { deal: `#${deal.id}`, stage: 'PROPOSAL' })).stageName,
      'Proposal',
    );
    assert.equal(
      ok(await runTool(ctx, 'move_deal_stage', { deal: 'stage mover', stage: 'Qualified' })).stageName,
      'Qualified',
    );

    const theirs = ok(await runTool(as(a.colleague.actor), 'create_deal', { title: 'Not yours' }));
    refused(await runTool(ctx, 'move_deal_stage', { deal: theirs.id, stage: 'negotiation' }), 'forbidden');
    refused(await runTool(as(b.owner.actor), 'get_deal', { deal: deal.id }), 'not_found');
    refused(
      await runTool(as(b.owner.actor), 'move_deal_stage', { deal: 'Stage mover', stage: 'lead' }),
      'not_found',
    );
  });

  test('"Record a payment of 3000 for order #N" and by ORD- number; overpaying is refused', async () => {
    const ctx = as(a.owner.actor);
    const order = ok(
      await runTool(ctx, 'create_order', {
        customer: a.customerRecordId,
        items: [{ description: 'Widget', quantity: 2, unitPrice: '2,500' }],
      }),
    );
    assert.equal(order.total, 500_000);
    const summary = await describeCall(ctx, 'record_payment', { amount: 3000, order: `#${order.id}` });
    assert.deepEqual(summary, {
      ok: true,
      summary: `Record a payment of $3,000.00 for order ${order.number}`,
    });
    const payment = ok(await runTool(ctx, 'record_payment', { amount: 3000, order: `#${order.id}` }));
    assert.equal(payment.amount, 300_000);
    assert.equal(payment.orderId, order.id);
    const after = ok(await runTool(ctx, 'get_order', { order: order.number }));
    assert.equal(after.outstanding, 200_000);
    refused(
      await runTool(ctx, 'record_payment', { amount: '2.5k', order: order.number.toLowerCase() }),
      'validation_failed',
    );
    const byCustomer = ok(await runTool(ctx, 'get_order', { order: 'portal customer' }));
    assert.equal(byCustomer.id, order.id, 'an order can be named by its customer');
    refused(
      await runTool(ctx, 'record_payment', { amount: 100, order: 'ISS-2026-0001' }),
      'validation_failed',
      /not the number of a order|not the number/,
    );
  });

  test('"Create a support issue for my product" as a customer, who cannot touch sales tools', async () => {
    const ctx = as(a.customer.actor);
    const issue = ok(await runTool(ctx, 'create_issue', { title: 'Problem with my product' }));
    assert.match(issue.number, /^ISS-\d{4}-\d{4}$/);
    assert.equal(issue.customerId, a.customerRecordId);
    assert.equal(ok(await runTool(ctx, 'get_issue', { issue: issue.number })).id, issue.id);
    refused(await runTool(ctx, 'create_lead', { name: 'Sneaky' }), 'forbidden');
    refused(await runTool(ctx, 'list_deals', {}), 'forbidden');
    refused(await runTool(ctx, 'get_stats', {}), 'forbidden');
    refused(await runTool(ctx, 'delete_record', { type: 'issue', record: issue.id }), 'forbidden');
    const own = ok(await runTool(ctx, 'list_customers', {}));
    assert.deepEqual(
      own.items.map((c: { id: number }) => c.id),
      [a.customerRecordId],
    );
  });

  test('"Show statistics for this month" counts what the services count', async () => {
    const stats = ok(await runTool(as(a.owner.actor), 'get_stats', { period: 'this_month' }));
    const direct = await crm.analytics.summary(a.owner.actor, { period: 'this_month' });
    assert.deepEqual(stats, direct);
    assert.equal(stats.period.from, '2026-11-01', 'the tool’s clock decides what "this month" is');
  });

  test('ambiguous names ask which one; bad input is explained; deletes are for owners', async () => {
    const ctx = as(a.owner.actor);
    ok(await runTool(ctx, 'create_customer', { name: 'Twin Peaks Cafe' }));
    ok(await runTool(ctx, 'create_customer', { name: 'Twin Peaks Bakery' }));
    refused(
      await runTool(ctx, 'get_customer', { customer: 'twin peaks' }),
      'validation_failed',
      /several customers.*Which one/,
    );
    assert.equal(
      ok(await runTool(ctx, 'get_customer', { customer: 'Twin Peaks Cafe' })).name,
      'Twin Peaks Cafe',
    );
    refused(await runTool(ctx, 'create_lead', { name: '' }), 'validation_failed', /name/);
    refused(await runTool(ctx, 'create_lead', { name: 'X', colour: 'red' }), 'validation_failed');
    refused(
      await runTool(ctx, 'create_deal', { title: 'Bad money', value: 'lots' }),
      'validation_failed',
      /not an amount/,
    );
    refused(await runTool(ctx, 'no_such_tool', {}), 'unknown_tool');

    const lead = ok(await runTool(ctx, 'create_lead', { name: 'Short lived' }));
    refused(
      await runTool(as(a.employee.actor), 'delete_record', { type: 'lead', record: lead.id }),
      'forbidden',
    );
    assert.deepEqual(await describeCall(ctx, 'delete_record', { type: 'lead', record: lead.id }), {
      ok: true,
      summary: `Delete lead #${lead.id} Short lived permanently`,
    });
    ok(await runTool(ctx, 'delete_record', { type: 'lead', record: lead.id }));
    refused(await runTool(ctx, 'get_lead', { lead: lead.id }), 'not_found');
  });

  test('every tool a role is not offered is refused when called anyway', async () => {
    for (const role of ['owner', 'employee', 'customer'] as const) {
      const offered = new Set(toolsFor({ role }).map((t) => t.name));
      for (const tool of TOOLS.filter((t) => !offered.has(t.name))) {
        refused(await runTool(as(a[role].actor), tool.name, {}), 'forbidden', new RegExp(role, 'i'));
      }
    }
  });

  test('colleagues are named, not numbered; customers are not staff', async () => {
    const ctx = as(a.owner.actor);
    const deal = ok(
      await runTool(ctx, 'create_deal', { title: 'Assign by name', assignedTo: `employee of ${a.slug}` }),
    );
    assert.equal(deal.assignedTo, a.employee.userId);
    refused(
      await runTool(ctx, 'create_deal', { title: 'To a customer', assignedTo: a.customer.email }),
      'not_found',
    );
    refused(
      await runTool(ctx, 'create_deal', { title: 'To a stranger', assignedTo: b.employee.email }),
      'not_found',
    );
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupsFor, groupsMentioned, toolsInGroups } from '../src/assistant/toolsets.ts';
import { ROLES } from '../src/domain/actor.ts';
import { TOOL_GROUPS, toolsFor } from '../src/tools/index.ts';

/** Which tools a model is offered for a request (the token budget itself is measured by `npm run bench`). */

const none = { lastRecord: null, earlierUserMessages: [] };

test('a request is about the subjects it names, in the order it names them', () => {
  assert.deepEqual(groupsMentioned('Record a payment of 3000 for order #12'), ['sales']);
  assert.deepEqual(groupsMentioned('Create a support issue for my product'), ['issues']);
  assert.deepEqual(groupsMentioned('Convert the lead, then show the deal'), ['leads', 'deals']);
  assert.deepEqual(groupsMentioned('hello there'), []);
  assert.deepEqual(groupsFor('Show my deals', none), ['general', 'deals']);
});

test('at most two subjects start a request; use_tools brings the rest', () => {
  const groups = groupsFor('leads, deals, issues, orders and tasks please', none);
  assert.deepEqual(groups, ['general', 'leads', 'deals']);
});

test('a follow-up without subject words keeps the subject of the conversation', () => {
  const lastDeal = { lastRecord: { type: 'deal' as const, id: 3 }, earlierUserMessages: [] };
  assert.deepEqual(groupsFor('move it to proposal', lastDeal), ['general', 'deals']);
  const earlier = { lastRecord: null, earlierUserMessages: ['show open tickets', 'thanks'] };
  assert.deepEqual(groupsFor('the second one, please', earlier), ['general', 'issues']);
  assert.deepEqual(groupsFor('hi', none), ['general']);
});

test('only tools the role may use are offered, whatever the subjects', () => {
  for (const role of ROLES) {
    const allowed = new Set(toolsFor({ role }));
    const offered = toolsInGroups({ role }, ['general', 'deals', 'sales']);
    assert.ok(
      offered.every((t) => allowed.has(t)),
      role,
    );
  }
  const employee = toolsInGroups({ role: 'employee' }, ['general', 'deals']).map((t) => t.name);
  assert.ok(employee.includes('list_deals') && !employee.includes('delete_record'));
  assert.ok(!employee.includes('list_leads'));
});

test("a customer's small catalogue is offered whole", () => {
  const offered = toolsInGroups({ role: 'customer' }, ['general']);
  assert.deepEqual(offered, toolsFor({ role: 'customer' }));
  assert.ok(offered.some((t) => (TOOL_GROUPS.issues as readonly { name: string }[]).includes(t)));
});

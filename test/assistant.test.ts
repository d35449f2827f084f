import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * The assistant over REST on the offline engine (no model key): the seven requests of the system Parley
 * replaces, confirmations, follow-ups, and what each role is refused.
 */
onEachDatabase('assistant (offline engine) over REST', ({ db }) => {
  let api: TestApp;
  let t: Tenant;

  before(async () => {
    api = await startTestApp(db());
    t = await createTenant(db());
  });

  const say = (token: string, text: string, conversationId?: number) =>
    api.call('POST', '/api/v1/assistant/messages', {
      token,
      body: { text, ...(conversationId ? { conversationId } : {}) },
    });
  const decide = (token: string, id: string, approve: boolean) =>
    api.call('POST', `/api/v1/assistant/confirmations/${id}`, { token, body: { approve } });

  async function post(path: string, body: unknown) {
    const res = await api.call('POST', `/api/v1/${path}`, { token: t.owner.token, body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  test('the seven requests work end to end for an owner', async () => {
    const owner = t.owner.token;
    const deal = await post('deals', {
      title: 'Website redesign',
      assignedTo: t.owner.userId,
      value: 500_000,
    });
    const order = await post('orders', {
      customerId: t.customerRecordId,
      items: [{ description: 'Redesign', quantity: 1, unitPrice: 1_000_000 }],
    });

    const deals = await say(owner, 'Show my deals');
    assert.equal(deals.status, 200, JSON.stringify(deals.body));
    assert.deepEqual(
      deals.body.actions.map((a: { tool: string; status: string }) => [a.tool, a.status]),
      [['list_deals', 'done']],
    );
    assert.match(deals.body.reply, /Website redesign/);

    const lead = await say(owner, 'Create a new lead named John from Facebook');
    assert.equal(lead.body.actions[0].status, 'needs_confirmation');
    assert.deepEqual(lead.body.confirmation.summary, ['Add lead "John" from facebook']);
    const before = await api.call('GET', '/api/v1/leads?q=john', { token: owner });
    assert.equal(before.body.items.length, 0, 'nothing is written before the person confirms');
    const done = await decide(owner, lead.body.confirmation.id, true);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.actions[0].status, 'done');
    const leads = await api.call('GET', '/api/v1/leads?q=john', { token: owner });
    assert.equal(leads.body.items[0].source, 'facebook');
    const audit = await api.call('GET', `/api/v1/audit?entity=lead&entityId=${leads.body.items[0].id}`, {
      token: owner,
    });
    assert.equal(audit.body.items[0].via, 'assistant');
    assert.equal(audit.body.items[0].model, 'parley-offline');

    const move = await say(owner, `Update the stage of deal ${deal.id} to negotiation`);
    assert.deepEqual(move.body.confirmation.summary, [
      `Move deal #${deal.id} Website redesign from Lead to negotiation`,
    ]);
    await decide(owner, move.body.confirmation.id, true);
    assert.equal(
      (await api.call('GET', `/api/v1/deals/${deal.id}`, { token: owner })).body.stageName,
      'Negotiation',
    );

    const customers = await say(owner, 'List my customers');
    assert.equal(customers.body.actions[0].tool, 'list_customers');
    assert.equal(customers.body.actions[0].status, 'done');

    const payment = await say(owner, `Record a payment of 3000 for order #${order.id}`);
    assert.deepEqual(payment.body.confirmation.summary, [
      `Record a payment of $3,000.00 for order ${order.number}`,
    ]);
    await decide(owner, payment.body.confirmation.id, true);
    const paid = await api.call('GET', `/api/v1/orders/${order.id}`, { token: owner });
    assert.equal(paid.body.paid, 300_000);

    const stats = await say(owner, 'Show statistics for this month');
    assert.equal(stats.body.actions[0].tool, 'get_stats');
    assert.match(stats.body.reply, /Revenue: \$3,000\.00/);

    const issue = await say(owner, 'Create a support issue for my product');
    assert.equal(issue.body.actions[0].tool, 'create_issue');
    assert.equal(issue.body.actions[0].status, 'needs_confirmation');
  });

  test('a customer raises an issue for themselves and is refused sales work', async () => {
    const me = t.customer.token;
    const deals = await say(me, 'Show my deals');
    assert.equal(deals.status, 200);
    assert.equal(deals.body.actions[0].status, 'denied');
    assert.equal(deals.body.confirmation, undefined);

    const lead = await say(me, 'Create a new lead named Eve from Facebook');
    assert.equal(lead.body.actions[0].status, 'denied');
    assert.equal(lead.body.confirmation, undefined, 'a refused write is never offered for confirmation');

    const issue = await say(me, 'Create a support issue for my product');
    assert.equal(issue.body.actions[0].status, 'needs_confirmation');
    const done = await decide(me, issue.body.confirmation.id, true);
    assert.equal(done.body.actions[0].status, 'done');
    assert.equal(done.body.actions[0].result.customerId, t.customerRecordId);

    const removal = await say(me, `Delete issue ${done.body.actions[0].result.number}`);
    assert.equal(removal.body.actions[0].status, 'denied');
  });

  test('an id that no confirmation could have is not found, whatever its bytes', async () => {
    for (const id of ['%00', '%20%201', 'no-such-confirmation']) {
      const res = await decide(t.owner.token, id, false);
      assert.equal(res.status, 404, `${id}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'not_found');
    }
  });

  test('yes and no answer a pending confirmation; it runs once and only for its owner', async () => {
    const owner = t.owner.token;
    const first = await say(owner, 'Create a new lead named Ada Lovelace from LinkedIn');
    const id = first.body.confirmation.id;
    assert.equal((await decide(t.employee.token, id, true)).status, 404, 'another user cannot answer it');
    const yes = await say(owner, 'yes', first.body.conversationId);
    assert.equal(yes.body.actions[0].status, 'done');
    assert.equal((await decide(owner, id, true)).status, 409, 'a second approval does nothing');
    const found = await api.call('GET', '/api/v1/leads?q=ada', { token: owner });
    assert.equal(found.body.items.length, 1);

    const second = await say(owner, 'Create a new lead named Grace Hopper from a referral');
    const no = await say(owner, 'no', second.body.conversationId);
    assert.equal(no.body.reply, 'Cancelled. Nothing was changed.');
    assert.equal((await api.call('GET', '/api/v1/leads?q=grace', { token: owner })).body.items.length, 0);
  });

  test('follow-ups refer to the last record, and clearing forgets it', async () => {
    const owner = t.owner.token;
    const deal = await post('deals', { title: 'Follow-up deal' });
    const shown = await say(owner, `Show deal ${deal.id}`);
    assert.match(shown.body.reply, /Follow-up deal/);
    const moved = await say(owner, 'move it to proposal', shown.body.conversationId);
    assert.deepEqual(moved.body.confirmation.summary, [
      `Move deal #${deal.id} Follow-up deal from Lead to proposal`,
    ]);

    const history = await api.call(
      'GET',
      `/api/v1/assistant/conversation?conversationId=${shown.body.conversationId}`,
      {
        token: owner,
      },
    );
    assert.ok(history.body.messages.length >= 4);
    const cleared = await api.call(
      'DELETE',
      `/api/v1/assistant/conversation?conversationId=${shown.body.conversationId}`,
      {
        token: owner,
      },
    );
    assert.equal(cleared.status, 204);
    const again = await say(owner, 'move it to proposal', shown.body.conversationId);
    assert.equal(again.body.confirmation, undefined, '"it" means nothing after a clear');
    assert.equal(
      (await decide(owner, moved.body.confirmation.id, true)).status,
      404,
      'pending writes are gone',
    );
  });

  test('conversations are private and bad input is a clear 400', async () => {
    const mine = await say(t.owner.token, 'who am I');
    assert.match(mine.body.reply, /owner of/);
    const theirs = await say(t.employee.token, 'who am I', mine.body.conversationId);
    assert.equal(theirs.status, 404);
    for (const body of [
      {},
      { text: '' },
      { text: 'x'.repeat(4001) },
      { text: 'hi', extra: 1 },
      { text: 5 },
    ]) {
      const res = await api.call('POST', '/api/v1/assistant/messages', { token: t.owner.token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(typeof res.body.error.message, 'string');
    }
    const anonymous = await api.call('POST', '/api/v1/assistant/messages', { body: { text: 'hi' } });
    assert.equal(anonymous.status, 401);
  });

  test('the streaming variant sends each action, then the whole turn', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/assistant/messages/stream',
      headers: { authorization: `Bearer ${t.owner.token}` },
      payload: { text: 'List my deals and show statistics for this month' },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/event-stream/);
    const events = [...res.body.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => ({
      event: m[1],
      data: JSON.parse(m[2]!),
    }));
    assert.deepEqual(
      events.map((e) => e.event),
      ['action', 'action', 'turn'],
    );
    assert.deepEqual(
      events.slice(0, 2).map((e) => e.data.tool),
      ['list_deals', 'get_stats'],
    );
    assert.equal(events[2]!.data.actions.length, 2);
  });
});

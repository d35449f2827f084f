import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createCrm } from '../src/crm/index.ts';
import type { Clock } from '../src/domain/time.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

const NOW = new Date('2026-03-18T10:00:00.000Z');
const clock: Clock = () => NOW;

onEachDatabase('payments', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;

  before(async () => {
    api = await startTestApp(db(), { clock });
    a = await createTenant(db());
    b = await createTenant(db());
  });

  async function order(tenant: Tenant, total: number, extra: Record<string, unknown> = {}) {
    const res = await api.call('POST', '/api/v1/orders', {
      token: tenant.owner.token,
      body: {
        customerId: tenant.customerRecordId,
        items: [{ description: 'Service', quantity: 1, unitPrice: total }],
        ...extra,
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  function post(tenant: Tenant, body: Record<string, unknown>, who: keyof Tenant = 'owner') {
    const user = tenant[who] as { token: string };
    return api.call('POST', '/api/v1/payments', { token: user.token, body });
  }

  async function balance(tenant: Tenant, orderId: number) {
    const o = (await api.call('GET', `/api/v1/orders/${orderId}`, { token: tenant.owner.token })).body;
    return [o.paid, o.outstanding];
  }

  test("a payment against an order takes the order's customer and currency, a number and an audit entry", async () => {
    const o = await order(a, 10_000, { currency: 'EUR' });
    const res = await post(a, { orderId: o.id, amount: 2_500, method: 'card', reference: 'txn-1' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const p = res.body;
    assert.match(p.number, /^PAY-2026-\d{4}$/);
    assert.deepEqual(
      [p.customerId, p.currency, p.direction, p.status, p.paidAt, p.orderNumber],
      [a.customerRecordId, 'EUR', 'incoming', 'completed', '2026-03-18', o.number],
    );
    const audit = await api.call('GET', `/api/v1/audit?entity=payment&entityId=${p.id}`, {
      token: a.owner.token,
    });
    assert.equal(audit.body.items[0].after.amount, 2_500);
    assert.deepEqual(await balance(a, o.id), [2_500, 7_500]);
  });

  test('an overpayment is refused with the outstanding balance named, and nothing is recorded', async () => {
    const o = await order(a, 10_000);
    assert.equal((await post(a, { orderId: o.id, amount: 6_000 })).status, 201);
    const over = await post(a, { orderId: o.id, amount: 5_000 });
    assert.equal(over.status, 400);
    assert.equal(over.body.error.code, 'validation_failed');
    assert.match(
      over.body.error.message,
      new RegExp(
        `\\$50\\.00 exceeds the outstanding balance of order ${o.number}: \\$40\\.00 of \\$100\\.00`,
      ),
    );
    assert.equal(over.body.error.details.outstanding, 4_000);
    assert.deepEqual(await balance(a, o.id), [6_000, 4_000]);
    assert.equal((await post(a, { orderId: o.id, amount: 4_000 })).status, 201);
    assert.deepEqual(await balance(a, o.id), [10_000, 0]);
    assert.equal((await post(a, { orderId: o.id, amount: 1 })).status, 400);
    // A pending payment promises nothing yet; completing it is checked like a new one.
    const pending = await post(a, { orderId: o.id, amount: 500, status: 'pending' });
    assert.equal(pending.status, 201);
    const complete = await api.call('PATCH', `/api/v1/payments/${pending.body.id}`, {
      token: a.owner.token,
      body: { status: 'completed' },
    });
    assert.equal(complete.status, 400);
    assert.match(complete.body.error.message, /outstanding balance/);
  });

  test('refunds reduce what was paid, never below zero', async () => {
    const o = await order(a, 10_000);
    const first = await post(a, { orderId: o.id, amount: 7_000 });
    const refund = await post(a, { orderId: o.id, amount: 2_000, direction: 'outgoing' });
    assert.equal(refund.status, 201);
    assert.deepEqual(await balance(a, o.id), [5_000, 5_000]);
    const tooMuch = await post(a, { orderId: o.id, amount: 5_001, direction: 'outgoing' });
    assert.equal(tooMuch.status, 400);
    assert.match(tooMuch.body.error.message, /refund of \$50\.01 .*more refunded than paid/i);
    // Taking back the payment the refund answered would leave the order refunded beyond what was paid.
    const undo = await api.call('PATCH', `/api/v1/payments/${first.body.id}`, {
      token: a.owner.token,
      body: { status: 'failed' },
    });
    assert.equal(undo.status, 400);
    assert.equal(
      (await api.call('DELETE', `/api/v1/payments/${first.body.id}`, { token: a.owner.token })).status,
      400,
    );
    const lower = await api.call('PATCH', `/api/v1/payments/${first.body.id}`, {
      token: a.owner.token,
      body: { amount: 2_000 },
    });
    assert.equal(lower.status, 200);
    assert.deepEqual(await balance(a, o.id), [0, 10_000]);
  });

  test('currency and customer must match the order; a payment needs an order or a customer', async () => {
    const o = await order(a, 10_000);
    const wrongCurrency = await post(a, { orderId: o.id, amount: 100, currency: 'EUR' });
    assert.equal(wrongCurrency.status, 400);
    assert.match(wrongCurrency.body.error.message, /in EUR but order .* is in USD/);
    const other = await api.call('POST', '/api/v1/customers', {
      token: a.owner.token,
      body: { name: 'Other' },
    });
    const wrongCustomer = await post(a, { orderId: o.id, amount: 100, customerId: other.body.id });
    assert.equal(wrongCustomer.status, 400);
    assert.match(wrongCustomer.body.error.message, /belongs to customer/);
    const nothing = await post(a, { amount: 100 });
    assert.equal(nothing.status, 400);
    assert.match(nothing.body.error.message, /order .* or a customer/);
    const moveCurrency = await post(a, { orderId: o.id, amount: 100 });
    const changed = await api.call('PATCH', `/api/v1/payments/${moveCurrency.body.id}`, {
      token: a.owner.token,
      body: { currency: 'GBP' },
    });
    assert.equal(changed.status, 400);
    const loose = await post(a, { customerId: other.body.id, amount: 100, currency: 'jpy', method: 'cash' });
    assert.equal(loose.status, 201);
    assert.deepEqual([loose.body.orderId, loose.body.currency], [null, 'JPY']);
    for (const body of [
      { customerId: other.body.id, amount: 0 },
      { customerId: other.body.id, amount: -5 },
      { customerId: other.body.id, amount: 1.5 },
      { customerId: other.body.id, amount: 100, method: 'barter' },
      { customerId: other.body.id, amount: 100, direction: 'sideways' },
      { customerId: other.body.id, amount: 100, paidAt: '2026-02-30' },
      { customerId: other.body.id, amount: 100, total: 1 },
    ]) {
      const res = await post(a, body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
  });

  test('a cancelled order takes refunds but no more payments', async () => {
    const o = await order(a, 10_000);
    await post(a, { orderId: o.id, amount: 3_000 });
    await api.call('PATCH', `/api/v1/orders/${o.id}`, {
      token: a.owner.token,
      body: { status: 'cancelled' },
    });
    const more = await post(a, { orderId: o.id, amount: 100 });
    assert.equal(more.status, 400);
    assert.match(more.body.error.message, /cancelled/);
    assert.equal((await post(a, { orderId: o.id, amount: 3_000, direction: 'outgoing' })).status, 201);
    assert.deepEqual(await balance(a, o.id), [0, 10_000]);
  });

  test('employees record payments assigned to themselves and change only those', async () => {
    const o = await order(a, 100_000);
    const mine = await post(a, { orderId: o.id, amount: 100 }, 'employee');
    assert.equal(mine.status, 201);
    assert.equal(mine.body.assignedTo, a.employee.userId);
    const theirs = await post(a, { orderId: o.id, amount: 100 }, 'colleague');
    const refused = await api.call('PATCH', `/api/v1/payments/${theirs.body.id}`, {
      token: a.employee.token,
      body: { amount: 50 },
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, /assigned to you/);
    const ok = await api.call('PATCH', `/api/v1/payments/${mine.body.id}`, {
      token: a.employee.token,
      body: { reference: 'corrected' },
    });
    assert.equal(ok.status, 200);
    const del = await api.call('DELETE', `/api/v1/payments/${mine.body.id}`, { token: a.employee.token });
    assert.equal(del.status, 403);
    assert.match(del.body.error.message, /cannot delete payments/);
  });

  test('a customer reads only their own payments and cannot record one', async () => {
    const o = await order(a, 10_000);
    const own = await post(a, { orderId: o.id, amount: 100 });
    const other = await api.call('POST', '/api/v1/customers', {
      token: a.owner.token,
      body: { name: 'Else' },
    });
    const foreign = await post(a, { customerId: other.body.id, amount: 100 });
    const list = await api.call('GET', '/api/v1/payments?limit=200', { token: a.customer.token });
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((p: any) => p.id === own.body.id));
    assert.ok(list.body.items.every((p: any) => p.customerId === a.customerRecordId));
    assert.equal(
      (await api.call('GET', `/api/v1/payments/${own.body.id}`, { token: a.customer.token })).status,
      200,
    );
    const peek = await api.call('GET', `/api/v1/payments/${foreign.body.id}`, { token: a.customer.token });
    assert.equal(peek.status, 404);
    const create = await post(a, { orderId: o.id, amount: 100 }, 'customer');
    assert.equal(create.status, 403);
    assert.match(create.body.error.message, /customer\) cannot create payments/);
    const patch = await api.call('PATCH', `/api/v1/payments/${own.body.id}`, {
      token: a.customer.token,
      body: { amount: 1 },
    });
    assert.equal(patch.status, 403);
    assert.equal(
      (await api.call('DELETE', `/api/v1/payments/${own.body.id}`, { token: a.customer.token })).status,
      403,
    );
  });

  test("another organization's payments and orders are not found on every route, for every role", async () => {
    const foreignOrder = await order(b, 10_000);
    const foreign = (await post(b, { orderId: foreignOrder.id, amount: 100 })).body;
    for (const role of ['owner', 'employee', 'customer'] as const) {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { reference: 'stranger' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await api.call(method, `/api/v1/payments/${foreign.id}`, { token: a[role].token, body });
        assert.equal(res.status, 404, `${role} ${method}: ${res.status}`);
      }
    }
    for (const role of ['owner', 'employee'] as const) {
      const res = await post(a, { orderId: foreignOrder.id, amount: 100 }, role);
      assert.equal(res.status, 404, `${role} paying B's order`);
      const cust = await post(a, { customerId: b.customerRecordId, amount: 100 }, role);
      assert.equal(cust.status, 404, `${role} paying for B's customer`);
    }
    const mine = (await post(a, { customerId: a.customerRecordId, amount: 100 })).body;
    const relink = await api.call('PATCH', `/api/v1/payments/${mine.id}`, {
      token: a.owner.token,
      body: { orderId: foreignOrder.id },
    });
    assert.equal(relink.status, 404);
    assert.deepEqual(await balance(b, foreignOrder.id), [100, 9_900]);
  });

  test('a payment moves to another order only within that order balance', async () => {
    const first = await order(a, 10_000);
    const second = await order(a, 1_000);
    const p = (await post(a, { orderId: first.id, amount: 5_000 })).body;
    const tooBig = await api.call('PATCH', `/api/v1/payments/${p.id}`, {
      token: a.owner.token,
      body: { orderId: second.id },
    });
    assert.equal(tooBig.status, 400);
    const moved = await api.call('PATCH', `/api/v1/payments/${p.id}`, {
      token: a.owner.token,
      body: { orderId: second.id, amount: 1_000 },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(await balance(a, first.id), [0, 10_000]);
    assert.deepEqual(await balance(a, second.id), [1_000, 0]);
  });

  test('list filters: status, method, direction, order, customer, paid dates, assignee', async () => {
    const t = await createTenant(db());
    const o = await order(t, 100_000);
    const other = await api.call('POST', '/api/v1/customers', {
      token: t.owner.token,
      body: { name: 'Other' },
    });
    const p1 = (await post(t, { orderId: o.id, amount: 1_000, method: 'card', paidAt: '2026-03-01' })).body;
    const p2 = (await post(t, { orderId: o.id, amount: 500, direction: 'outgoing', paidAt: '2026-03-05' }))
      .body;
    const p3 = (
      await post(t, { orderId: o.id, amount: 2_000, status: 'pending', paidAt: '2026-03-10' }, 'employee')
    ).body;
    const p4 = (
      await post(t, { customerId: other.body.id, amount: 300, method: 'cash', paidAt: '2026-02-20' })
    ).body;
    const ids = async (qs: string) =>
      (await api.call('GET', `/api/v1/payments?${qs}`, { token: t.owner.token })).body.items
        .map((p: any) => p.id)
        .sort((x: number, y: number) => x - y);
    assert.deepEqual(await ids('status=pending'), [p3.id]);
    assert.deepEqual(await ids('method=card'), [p1.id]);
    assert.deepEqual(await ids('direction=outgoing'), [p2.id]);
    assert.deepEqual(await ids(`orderId=${o.id}`), [p1.id, p2.id, p3.id]);
    assert.deepEqual(await ids(`customerId=${other.body.id}`), [p4.id]);
    assert.deepEqual(await ids('paidFrom=2026-03-01&paidTo=2026-03-05'), [p1.id, p2.id]);
    assert.deepEqual(await ids(`assignedTo=${t.employee.userId}`), [p3.id]);
    assert.deepEqual(await ids('minAmount=1000'), [p1.id, p3.id]);
    const sorted = await api.call('GET', '/api/v1/payments?sort=-paidAt', { token: t.owner.token });
    assert.deepEqual(
      sorted.body.items.map((p: any) => p.id),
      [p3.id, p2.id, p1.id, p4.id],
    );
    const byNumber = await api.call('GET', `/api/v1/payments?q=${p2.number}`, { token: t.owner.token });
    assert.deepEqual(
      byNumber.body.items.map((p: any) => p.id),
      [p2.id],
    );
    const crm = createCrm({ db: db(), clock });
    assert.equal((await crm.payments.getByNumber(t.employee.actor, p4.number.toLowerCase())).id, p4.id);
    await assert.rejects(crm.payments.getByNumber(t.owner.actor, o.number), { code: 'validation_failed' });
    for (const bad of ['status=lost', 'paidFrom=yesterday', 'direction=up', 'orderId=abc']) {
      assert.equal(
        (await api.call('GET', `/api/v1/payments?${bad}`, { token: t.owner.token })).status,
        400,
        bad,
      );
    }
  });

  test('with visibility "assigned", employees see only payments assigned to them', async () => {
    const t = await createTenant(db(), { settings: { employeeVisibility: 'assigned' } });
    const crm = createCrm({ db: db(), clock });
    const own = await crm.payments.create(t.employee.actor, { customerId: t.customerRecordId, amount: 100 });
    const theirs = await crm.payments.create(t.owner.actor, {
      customerId: t.customerRecordId,
      amount: 100,
      assignedTo: t.colleague.userId,
    });
    assert.deepEqual(
      (await crm.payments.list(t.employee.actor, {})).items.map((p) => p.id),
      [own.id],
    );
    await assert.rejects(crm.payments.get(t.employee.actor, theirs.id), { code: 'not_found' });
  });

  test('20 concurrent payments get distinct, consecutive numbers', async () => {
    const t = await createTenant(db());
    const crm = createCrm({ db: db(), clock });
    const o = await crm.orders.create(t.owner.actor, {
      customerId: t.customerRecordId,
      items: [{ description: 'Big', quantity: 1, unitPrice: 1_000_000 }],
    });
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        crm.payments.create(i % 2 ? t.owner.actor : t.employee.actor, {
          orderId: i % 4 === 0 ? o.id : null,
          customerId: t.customerRecordId,
          amount: 100 + i,
        }),
      ),
    );
    assert.deepEqual(
      created.map((p) => p.number).sort(),
      Array.from({ length: 20 }, (_, i) => `PAY-2026-${String(i + 1).padStart(4, '0')}`),
    );
  });

  test('concurrent payments on one order never overpay it together', async () => {
    const t = await createTenant(db());
    const crm = createCrm({ db: db(), clock });
    const o = await crm.orders.create(t.owner.actor, {
      customerId: t.customerRecordId,
      items: [{ description: 'Thing', quantity: 1, unitPrice: 10_000 }],
    });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => crm.payments.create(t.owner.actor, { orderId: o.id, amount: 3_000 })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    for (const r of results) {
      if (r.status === 'rejected') assert.equal((r.reason as { code: string }).code, 'validation_failed');
    }
    const after = await crm.orders.get(t.owner.actor, o.id);
    assert.deepEqual([after.paid, after.outstanding], [9_000, 1_000]);
  });
});

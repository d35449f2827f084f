import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createCrm } from '../src/crm/index.ts';
import { orderTotals } from '../src/crm/orders.ts';
import type { Clock } from '../src/domain/time.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

const NOW = new Date('2026-03-18T10:00:00.000Z');
const clock: Clock = () => NOW;

const oneItem = (unitPrice = 10_000) => [{ description: 'Widget', quantity: 1, unitPrice }];

describe('order arithmetic', () => {
  test('lines, discount and tax are exact in minor units, tax rounded half up once', () => {
    const t = orderTotals(
      [
        { description: 'a', quantity: 3, unitPrice: 1999 },
        { description: 'b', quantity: 2, unitPrice: 5005 },
      ],
      1007,
      825,
      'USD',
    );
    // 5997 + 10010 = 16007; less 1007 = 15000; 8.25% of it is 1237.5, rounded half up.
    assert.deepEqual(t, {
      lineTotals: [5997, 10010],
      subtotal: 16007,
      discount: 1007,
      tax: 1238,
      total: 16238,
    });
    assert.equal(orderTotals([{ description: 'x', quantity: 1, unitPrice: 1 }], 0, 5000, 'USD').tax, 1);
    assert.equal(orderTotals([{ description: 'x', quantity: 1, unitPrice: 1 }], 0, 4999, 'USD').tax, 0);
  });

  test('large quantities stay exact and totals beyond the limit are refused', () => {
    const big = orderTotals([{ description: 'x', quantity: 999_999, unitPrice: 9_999_999 }], 0, 0, 'USD');
    assert.equal(big.total, 9_999_989_000_001);
    // 4,999,999,999,999 x 99.99% needs more than a double's 53 bits before the division.
    const taxed = orderTotals(
      [{ description: 'x', quantity: 1, unitPrice: 4_999_999_999_999 }],
      0,
      9_999,
      'USD',
    );
    assert.equal(taxed.tax, 4_999_499_999_999);
    assert.equal(taxed.total, 9_999_499_999_998);
    assert.throws(
      () =>
        orderTotals([{ description: 'x', quantity: 1_000_000, unitPrice: 10_000_000_000_000 }], 0, 0, 'USD'),
      /add up to more than/,
    );
    assert.throws(() => orderTotals(oneItem(100), 101, 0, 'USD'), /discount \(\$1\.01\) is larger/);
  });
});

onEachDatabase('orders', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;

  before(async () => {
    api = await startTestApp(db(), { clock });
    a = await createTenant(db());
    b = await createTenant(db());
  });

  async function order(
    tenant: Tenant,
    who: 'owner' | 'employee' | 'colleague',
    body: Record<string, unknown>,
  ) {
    const res = await api.call('POST', '/api/v1/orders', {
      token: tenant[who].token,
      body: { customerId: tenant.customerRecordId, ...body },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async function pay(tenant: Tenant, orderId: number, amount: number, extra: Record<string, unknown> = {}) {
    const res = await api.call('POST', '/api/v1/payments', {
      token: tenant.owner.token,
      body: { orderId, amount, ...extra },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  test('an order stores its computed totals, a number, its items and an audit entry', async () => {
    const created = await order(a, 'owner', {
      items: [
        { description: 'Consulting', quantity: 3, unitPrice: 1999 },
        { description: 'Licence', quantity: 2, unitPrice: 5005 },
      ],
      discount: 1007,
      taxRateBp: 825,
      currency: 'eur',
      notes: 'first order',
    });
    assert.match(created.number, /^ORD-2026-\d{4}$/);
    assert.equal(created.currency, 'EUR');
    assert.deepEqual(
      [created.subtotal, created.discount, created.tax, created.total],
      [16007, 1007, 1238, 16238],
    );
    assert.deepEqual(
      created.items.map((i: any) => [i.position, i.description, i.quantity, i.unitPrice, i.lineTotal]),
      [
        [1, 'Consulting', 3, 1999, 5997],
        [2, 'Licence', 2, 5005, 10010],
      ],
    );
    assert.equal(created.status, 'draft');
    assert.equal(created.orderDate, '2026-03-18');
    assert.equal(created.paid, 0);
    assert.equal(created.outstanding, 16238);
    assert.equal(created.customerName.startsWith('Portal Customer'), true);
    const audit = await api.call('GET', `/api/v1/audit?entity=order&entityId=${created.id}`, {
      token: a.owner.token,
    });
    assert.equal(audit.body.items.length, 1);
    assert.equal(audit.body.items[0].after.total, 16238);
    assert.equal(audit.body.items[0].after.items.length, 2);
  });

  test('paid and outstanding follow completed payments and refunds, on get and on list', async () => {
    const o = await order(a, 'owner', { items: oneItem(10_000), taxRateBp: 1000 });
    assert.equal(o.total, 11_000);
    await pay(a, o.id, 6_000);
    await pay(a, o.id, 1_000, { status: 'pending' });
    await pay(a, o.id, 500, { status: 'failed' });
    await pay(a, o.id, 2_500, { direction: 'outgoing', method: 'bank_transfer' });
    await pay(a, o.id, 4_000);
    const got = (await api.call('GET', `/api/v1/orders/${o.id}`, { token: a.owner.token })).body;
    assert.deepEqual([got.paid, got.outstanding], [7_500, 3_500]);
    const listed = await api.call('GET', `/api/v1/orders?customerId=${a.customerRecordId}&limit=200`, {
      token: a.owner.token,
    });
    const row = listed.body.items.find((x: any) => x.id === o.id);
    assert.deepEqual([row.paid, row.outstanding], [7_500, 3_500]);
    assert.equal(row.items, undefined);
  });

  test('items, discount and tax are replaced and recomputed while draft or confirmed, then locked', async () => {
    const o = await order(a, 'owner', { items: oneItem(10_000) });
    const edited = await api.call('PATCH', `/api/v1/orders/${o.id}`, {
      token: a.owner.token,
      body: {
        items: [
          { description: 'Gadget', quantity: 4, unitPrice: 250 },
          { description: 'Gizmo', quantity: 1, unitPrice: 3 },
        ],
        discount: 3,
        taxRateBp: 2000,
        status: 'confirmed',
      },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.deepEqual([edited.body.subtotal, edited.body.tax, edited.body.total], [1003, 200, 1200]);
    assert.deepEqual(
      edited.body.items.map((i: any) => i.description),
      ['Gadget', 'Gizmo'],
    );
    const retaxed = await api.call('PATCH', `/api/v1/orders/${o.id}`, {
      token: a.owner.token,
      body: { taxRateBp: 0 },
    });
    assert.deepEqual([retaxed.body.subtotal, retaxed.body.total, retaxed.body.items.length], [1003, 1000, 2]);
    await api.call('PATCH', `/api/v1/orders/${o.id}`, { token: a.owner.token, body: { status: 'shipped' } });
    const locked = await api.call('PATCH', `/api/v1/orders/${o.id}`, {
      token: a.owner.token,
      body: { items: oneItem(1) },
    });
    assert.equal(locked.status, 409);
    assert.match(locked.body.error.message, /shipped.*draft or confirmed/);
    const notes = await api.call('PATCH', `/api/v1/orders/${o.id}`, {
      token: a.owner.token,
      body: { notes: 'left the warehouse', status: 'delivered' },
    });
    assert.equal(notes.status, 200);
    assert.equal(notes.body.total, 1000);
  });

  test('the total cannot drop below what was paid, and a paid order keeps its currency', async () => {
    const o = await order(a, 'owner', { items: oneItem(10_000) });
    await pay(a, o.id, 8_000);
    const cut = await api.call('PATCH', `/api/v1/orders/${o.id}`, {
      token: a.owner.token,
      body: { discount: 2_001 },
    });
    assert.equal(cut.status, 400);
    assert.match(cut.body.error.message, /\$80\.00 paid/);
    const recur = await api.call('PATCH', `/api/v1/orders/${o.id}`, {
      token: a.owner.token,
      body: { currency: 'EUR' },
    });
    assert.equal(recur.status, 400);
    assert.match(recur.body.error.message, /currency/);
    const ok = await api.call('PATCH', `/api/v1/orders/${o.id}`, {
      token: a.owner.token,
      body: { discount: 2_000 },
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.outstanding, 0);
  });

  test('bad orders are a clear 400', async () => {
    const cases: [string, unknown][] = [
      ['no items', { customerId: a.customerRecordId, items: [] }],
      ['no customer', { items: oneItem() }],
      ['fractional cents', { customerId: a.customerRecordId, items: oneItem(10.5) }],
      ['negative quantity', { customerId: a.customerRecordId, items: [{ ...oneItem()[0], quantity: -1 }] }],
      ['discount too big', { customerId: a.customerRecordId, items: oneItem(100), discount: 101 }],
      ['tax over 100%', { customerId: a.customerRecordId, items: oneItem(), taxRateBp: 10_001 }],
      ['bad status', { customerId: a.customerRecordId, items: oneItem(), status: 'pending' }],
      ['bad currency', { customerId: a.customerRecordId, items: oneItem(), currency: 'dollars' }],
      ['unknown field', { customerId: a.customerRecordId, items: oneItem(), total: 1 }],
    ];
    for (const [what, body] of cases) {
      const res = await api.call('POST', '/api/v1/orders', { token: a.owner.token, body });
      assert.equal(res.status, 400, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(typeof res.body.error.message, 'string');
    }
    for (const url of ['/api/v1/orders?sort=secret', '/api/v1/orders?minTotal=-1', '/api/v1/orders/xyz']) {
      assert.equal((await api.call('GET', url, { token: a.owner.token })).status, 400, url);
    }
  });

  test('a deal linked to an order must be readable and about the same customer', async () => {
    const other = await api.call('POST', '/api/v1/customers', {
      token: a.owner.token,
      body: { name: 'Other' },
    });
    const deal = await api.call('POST', '/api/v1/deals', {
      token: a.owner.token,
      body: { title: 'Big deal', value: 5000, currency: 'GBP', customerId: other.body.id },
    });
    const mismatch = await api.call('POST', '/api/v1/orders', {
      token: a.owner.token,
      body: { customerId: a.customerRecordId, dealId: deal.body.id, items: oneItem() },
    });
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.body.error.message, /belongs to customer/);
    const fromDeal = await order(a, 'owner', {
      customerId: other.body.id,
      dealId: deal.body.id,
      items: oneItem(),
    });
    assert.equal(fromDeal.currency, 'GBP');
    const foreignDeal = await api.call('POST', '/api/v1/deals', {
      token: b.owner.token,
      body: { title: 'B deal' },
    });
    const sneaky = await api.call('POST', '/api/v1/orders', {
      token: a.owner.token,
      body: { customerId: a.customerRecordId, dealId: foreignDeal.body.id, items: oneItem() },
    });
    assert.equal(sneaky.status, 404);
  });

  test('employees create orders assigned to themselves and may change only those', async () => {
    const mine = await order(a, 'employee', { items: oneItem() });
    assert.equal(mine.assignedTo, a.employee.userId);
    const theirs = await order(a, 'colleague', { items: oneItem() });
    const refused = await api.call('PATCH', `/api/v1/orders/${theirs.id}`, {
      token: a.employee.token,
      body: { notes: 'mine now' },
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, /assigned to you/);
    const allowed = await api.call('PATCH', `/api/v1/orders/${mine.id}`, {
      token: a.employee.token,
      body: { notes: 'fine' },
    });
    assert.equal(allowed.status, 200);
    // Employees read every order of the organization (visibility "all").
    assert.equal(
      (await api.call('GET', `/api/v1/orders/${theirs.id}`, { token: a.employee.token })).status,
      200,
    );
    const del = await api.call('DELETE', `/api/v1/orders/${mine.id}`, { token: a.employee.token });
    assert.equal(del.status, 403);
    assert.match(del.body.error.message, /cannot delete orders/);
    assert.equal((await api.call('GET', `/api/v1/orders/${mine.id}`, { token: a.owner.token })).status, 200);
  });

  test('a customer reads only the orders of their own customer record and changes nothing', async () => {
    const own = await order(a, 'owner', { items: oneItem() });
    const other = await api.call('POST', '/api/v1/customers', {
      token: a.owner.token,
      body: { name: 'Stranger' },
    });
    const foreign = await order(a, 'owner', { customerId: other.body.id, items: oneItem() });
    const list = await api.call('GET', '/api/v1/orders?limit=200', { token: a.customer.token });
    assert.equal(list.status, 200);
    assert.ok(list.body.items.length > 0);
    assert.ok(list.body.items.every((o: any) => o.customerId === a.customerRecordId));
    assert.equal(
      (await api.call('GET', `/api/v1/orders/${own.id}`, { token: a.customer.token })).status,
      200,
    );
    const peek = await api.call('GET', `/api/v1/orders/${foreign.id}`, { token: a.customer.token });
    assert.equal(peek.status, 404);
    assert.equal(peek.body.error.code, 'not_found');
    const create = await api.call('POST', '/api/v1/orders', {
      token: a.customer.token,
      body: { customerId: a.customerRecordId, items: oneItem() },
    });
    assert.equal(create.status, 403);
    assert.match(create.body.error.message, /customer\) cannot create orders/);
    const patch = await api.call('PATCH', `/api/v1/orders/${own.id}`, {
      token: a.customer.token,
      body: { notes: 'discount please' },
    });
    assert.equal(patch.status, 403);
    assert.equal(
      (await api.call('DELETE', `/api/v1/orders/${own.id}`, { token: a.customer.token })).status,
      403,
    );
    const crm = createCrm({ db: db(), clock });
    await assert.rejects(crm.orders.getByNumber(a.customer.actor, foreign.number), { code: 'not_found' });
    assert.equal((await crm.orders.getByNumber(a.customer.actor, own.number)).id, own.id);
  });

  test("another organization's orders are not found on every route, for every role", async () => {
    const foreign = await order(b, 'owner', { customerId: b.customerRecordId, items: oneItem() });
    for (const role of ['owner', 'employee', 'customer'] as const) {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { notes: 'stranger' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await api.call(method, `/api/v1/orders/${foreign.id}`, { token: a[role].token, body });
        assert.equal(res.status, 404, `${role} ${method}: ${res.status}`);
        assert.equal(res.body.error.code, 'not_found');
      }
      // A's own order may carry the same number; B's is never the one found.
      const crm = createCrm({ db: db(), clock });
      const byNumber = await crm.orders.getByNumber(a[role].actor, foreign.number).catch((e) => e);
      assert.ok(byNumber.code === 'not_found' || byNumber.id !== foreign.id, `${role} by number`);
    }
    // Creating an order for another organization's customer is the same 404.
    const res = await api.call('POST', '/api/v1/orders', {
      token: a.owner.token,
      body: { customerId: b.customerRecordId, items: oneItem() },
    });
    assert.equal(res.status, 404);
    const still = await api.call('GET', `/api/v1/orders/${foreign.id}`, { token: b.owner.token });
    assert.equal(still.body.notes, null);
  });

  test('with visibility "assigned", employees see only their own orders', async () => {
    const t = await createTenant(db(), { settings: { employeeVisibility: 'assigned' } });
    const crm = createCrm({ db: db(), clock });
    const own = await crm.orders.create(t.employee.actor, {
      customerId: t.customerRecordId,
      items: oneItem(),
    });
    const theirs = await crm.orders.create(t.owner.actor, {
      customerId: t.customerRecordId,
      items: oneItem(),
      assignedTo: t.colleague.userId,
    });
    const seen = (await crm.orders.list(t.employee.actor, {})).items.map((o) => o.id);
    assert.deepEqual(seen, [own.id]);
    await assert.rejects(crm.orders.get(t.employee.actor, theirs.id), { code: 'not_found' });
  });

  test('orders are found by number in any spelling; other text is a 400', async () => {
    const crm = createCrm({ db: db(), clock });
    const o = await order(a, 'owner', { items: oneItem() });
    const seq = Number(o.number.split('-')[2]);
    assert.equal((await crm.orders.getByNumber(a.owner.actor, `ord-2026-${seq}`)).id, o.id);
    assert.equal((await crm.orders.getByNumber(a.employee.actor, ` ${o.number} `)).id, o.id);
    await assert.rejects(crm.orders.getByNumber(a.owner.actor, 'PAY-2026-0001'), {
      code: 'validation_failed',
    });
    await assert.rejects(crm.orders.getByNumber(a.owner.actor, 'order twelve'), {
      code: 'validation_failed',
    });
    await assert.rejects(crm.orders.getByNumber(a.owner.actor, 'ORD-2026-9999'), { code: 'not_found' });
    const found = await api.call('GET', `/api/v1/orders?q=${o.number.toLowerCase()}`, {
      token: a.owner.token,
    });
    assert.deepEqual(
      found.body.items.map((x: any) => x.id),
      [o.id],
    );
  });

  test('list filters and sorting', async () => {
    const t = await createTenant(db());
    const small = await order(t, 'owner', { items: oneItem(100), orderDate: '2026-01-10' });
    const big = await order(t, 'owner', {
      items: oneItem(90_000),
      status: 'confirmed',
      orderDate: '2026-02-10',
    });
    const mid = await order(t, 'employee', { items: oneItem(5_000), orderDate: '2026-03-01' });
    const ids = async (qs: string) =>
      (await api.call('GET', `/api/v1/orders?${qs}`, { token: t.owner.token })).body.items.map(
        (o: any) => o.id,
      );
    assert.deepEqual(await ids('sort=total'), [small.id, mid.id, big.id]);
    assert.deepEqual(await ids('sort=-orderDate'), [mid.id, big.id, small.id]);
    assert.deepEqual(await ids('status=confirmed'), [big.id]);
    assert.deepEqual(await ids(`assignedTo=${t.employee.userId}`), [mid.id]);
    assert.deepEqual(await ids('minTotal=1000&maxTotal=10000'), [mid.id]);
    assert.deepEqual(await ids('orderFrom=2026-02-01&orderTo=2026-02-28'), [big.id]);
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await api.call(
        'GET',
        `/api/v1/orders?sort=total&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        {
          token: t.owner.token,
        },
      );
      pages.push(...res.body.items.map((o: any) => o.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.deepEqual(pages, [small.id, mid.id, big.id]);
  });

  test('only owners delete orders, and an order with payments is kept until they are gone', async () => {
    const o = await order(a, 'owner', { items: oneItem() });
    const p = await pay(a, o.id, 1_000);
    const kept = await api.call('DELETE', `/api/v1/orders/${o.id}`, { token: a.owner.token });
    assert.equal(kept.status, 409);
    assert.match(kept.body.error.message, /payment/);
    assert.equal(
      (await api.call('DELETE', `/api/v1/payments/${p.id}`, { token: a.owner.token })).status,
      204,
    );
    assert.equal((await api.call('DELETE', `/api/v1/orders/${o.id}`, { token: a.owner.token })).status, 204);
    assert.equal((await api.call('GET', `/api/v1/orders/${o.id}`, { token: a.owner.token })).status, 404);
    const items = await db().selectFrom('order_items').select('id').where('order_id', '=', o.id).execute();
    assert.equal(items.length, 0);
    const audit = await api.call('GET', `/api/v1/audit?entity=order&entityId=${o.id}&sort=createdAt`, {
      token: a.owner.token,
    });
    assert.deepEqual(
      audit.body.items.map((e: any) => e.action),
      ['create', 'delete'],
    );
  });

  test('20 concurrent creates get distinct, consecutive numbers', async () => {
    const t = await createTenant(db());
    const crm = createCrm({ db: db(), clock });
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        crm.orders.create(i % 2 ? t.owner.actor : t.employee.actor, {
          customerId: t.customerRecordId,
          items: oneItem(100 + i),
        }),
      ),
    );
    const numbers = created.map((o) => o.number).sort();
    assert.deepEqual(
      numbers,
      Array.from({ length: 20 }, (_, i) => `ORD-2026-${String(i + 1).padStart(4, '0')}`),
    );
  });
});

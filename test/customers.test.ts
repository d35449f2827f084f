import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { addMembership, createUser } from '../src/crm/bootstrap.ts';
import { createCrm } from '../src/crm/index.ts';
import { DomainError } from '../src/domain/errors.ts';
import { systemClock } from '../src/domain/time.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

onEachDatabase('customers', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;
  before(async () => {
    api = await startTestApp(db());
    a = await createTenant(db());
    b = await createTenant(db());
  });

  test('an owner creates, reads, updates and deletes a customer, each audited', async () => {
    const created = await api.call('POST', '/api/v1/customers', {
      token: a.owner.token,
      body: { name: 'Acme Ltd', kind: 'business', email: 'Sales@Acme.test', tags: ['VIP', 'vip'] },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.email, 'sales@acme.test');
    assert.deepEqual(created.body.tags, ['vip']);
    const id = created.body.id;
    const patched = await api.call('PATCH', `/api/v1/customers/${id}`, {
      token: a.owner.token,
      body: { city: 'Oslo' },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.city, 'Oslo');
    assert.equal((await api.call('DELETE', `/api/v1/customers/${id}`, { token: a.owner.token })).status, 204);
    assert.equal((await api.call('GET', `/api/v1/customers/${id}`, { token: a.owner.token })).status, 404);
    const audit = await api.call('GET', `/api/v1/audit?entity=customer&entityId=${id}&sort=createdAt`, {
      token: a.owner.token,
    });
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['create', 'update', 'delete'],
    );
    assert.equal(audit.body.items[1].before.city, null);
    assert.equal(audit.body.items[1].after.city, 'Oslo');
  });

  test('an employee creates a customer assigned to themself and may update only assigned ones', async () => {
    const mine = await api.call('POST', '/api/v1/customers', {
      token: a.employee.token,
      body: { name: 'Mine Co' },
    });
    assert.equal(mine.status, 201);
    assert.equal(mine.body.assignedTo, a.employee.userId);
    const theirs = await api.call('POST', '/api/v1/customers', {
      token: a.colleague.token,
      body: { name: 'Theirs Co' },
    });
    const refused = await api.call('PATCH', `/api/v1/customers/${theirs.body.id}`, {
      token: a.employee.token,
      body: { notes: 'hijack' },
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, /assigned to you/);
    const unchanged = await api.call('GET', `/api/v1/customers/${theirs.body.id}`, { token: a.owner.token });
    assert.equal(unchanged.body.notes, null);
    assert.equal(
      (await api.call('DELETE', `/api/v1/customers/${mine.body.id}`, { token: a.employee.token })).status,
      403,
    );
  });

  test('a customer sees only their own record and cannot create or update', async () => {
    const list = await api.call('GET', '/api/v1/customers', { token: a.customer.token });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((c: { id: number }) => c.id),
      [a.customerRecordId],
    );
    const other = await api.call('POST', '/api/v1/customers', {
      token: a.owner.token,
      body: { name: 'Someone Else' },
    });
    assert.equal(
      (await api.call('GET', `/api/v1/customers/${other.body.id}`, { token: a.customer.token })).status,
      404,
    );
    assert.equal(
      (await api.call('POST', '/api/v1/customers', { token: a.customer.token, body: { name: 'x' } })).status,
      403,
    );
    assert.equal(
      (
        await api.call('PATCH', `/api/v1/customers/${a.customerRecordId}`, {
          token: a.customer.token,
          body: { name: 'x' },
        })
      ).status,
      403,
    );
  });

  test("another organization's customer is not found, for reads and writes", async () => {
    const foreign = await api.call('POST', '/api/v1/customers', {
      token: b.owner.token,
      body: { name: 'Foreign' },
    });
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'stolen' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await api.call(method, `/api/v1/customers/${foreign.body.id}`, {
        token: a.owner.token,
        body,
      });
      assert.equal(res.status, 404, `${method} should be 404`);
      assert.equal(res.body.error.code, 'not_found');
    }
  });

  test('employees with visibility "assigned" see only their customers', async () => {
    const t = await createTenant(db(), { settings: { employeeVisibility: 'assigned' } });
    const crm = createCrm({ db: db(), clock: systemClock });
    const own = await crm.customers.create(t.employee.actor, { name: 'Own' });
    const foreign = await crm.customers.create(t.colleague.actor, { name: 'Colleague' });
    const seen = (await crm.customers.list(t.employee.actor, {})).items.map((c) => c.id);
    assert.ok(seen.includes(own.id));
    assert.ok(!seen.includes(foreign.id));
    await assert.rejects(crm.customers.get(t.employee.actor, foreign.id), { code: 'not_found' });
  });

  test('lists page with a cursor, sort and prefix search', async () => {
    const t = await createTenant(db());
    for (const name of ['Zed', 'alpha one', 'Alpha Two', 'Beta', 'Gamma']) {
      await api.call('POST', '/api/v1/customers', { token: t.owner.token, body: { name } });
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call('GET', `/api/v1/customers?${qs}`, { token: t.owner.token });
      assert.equal(page.status, 200);
      names.push(...page.body.items.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(names, [
      'alpha one',
      'Alpha Two',
      'Beta',
      'Gamma',
      `Portal Customer ${t.slug.match(/\d+/)![0]}`,
      'Zed',
    ]);
    const found = await api.call('GET', '/api/v1/customers?q=ALPHA', { token: t.owner.token });
    assert.deepEqual(
      found.body.items.map((c: { name: string }) => c.name).sort(),
      ['Alpha Two', 'alpha one'].sort(),
    );
  });

  test('a search by any word of the name or email pages through every match once, in order, either way', async () => {
    const t = await createTenant(db());
    const crm = createCrm({ db: db(), clock: systemClock });
    const made = [
      { name: 'Smith Alpha' },
      { name: 'Zoe Park', email: 'smith.zoe@example.test' },
      { name: 'Smithers', email: 'smithers@example.test' },
      { name: 'Adam Smith', email: 'adam@example.test' },
      { name: 'Anna Lee', email: 'smith@example.test' },
      { name: 'smith beta' },
      { name: 'Other' },
    ];
    for (const c of made) await crm.customers.create(t.owner.actor, c);
    const expected = made
      // Any word of the name or the email that starts with "smith" (Adam Smith too).
      .filter((c) => /\bsmith/i.test(c.name) || /\bsmith/.test(c.email ?? ''))
      .map((c) => c.name.toLowerCase())
      .sort();
    for (const sort of ['name', '-name']) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await crm.customers.list(t.owner.actor, { q: 'SMITH', sort, limit: 2, cursor });
        seen.push(...page.items.map((c) => c.name.toLowerCase()));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(seen, sort === 'name' ? expected : [...expected].reverse(), `sorted by ${sort}`);
    }
  });

  test('bad input is a clear 400, never a 500', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/api/v1/customers', { name: 42 }],
      ['POST', '/api/v1/customers', { name: 'x'.repeat(100_000) }],
      ['POST', '/api/v1/customers', { name: 'ok', sneaky: true }],
      ['POST', '/api/v1/customers', '{"name": '],
      ['POST', '/api/v1/customers', { name: 'ok', email: 'not-an-email' }],
      ['GET', '/api/v1/customers?limit=100000', undefined],
      ['GET', '/api/v1/customers?cursor=garbage', undefined],
      ['GET', '/api/v1/customers?sort=password', undefined],
      ['GET', '/api/v1/customers/abc', undefined],
    ];
    for (const [method, url, body] of cases) {
      const res = await api.call(method as 'GET', url, {
        token: a.owner.token,
        body,
        ...(typeof body === 'string' ? { headers: { 'content-type': 'application/json' } } : {}),
      });
      assert.equal(
        res.status,
        400,
        `${method} ${url} ${JSON.stringify(body)?.slice(0, 40)} -> ${res.status}`,
      );
      assert.equal(typeof res.body.error.message, 'string');
    }
  });

  test('only an owner gives or changes portal access; an employee is refused on every path', async () => {
    // A second portal user of the same organization, whom an employee would like to show a customer's orders.
    const at = new Date().toISOString();
    const other = await createUser(db(), { email: `other.${a.slug}@example.test`, name: 'Other' }, at);
    await addMembership(db(), other, a.orgId, 'customer', at);
    const url = `/api/v1/customers/${a.customerRecordId}`;
    const asEmployee = { token: a.employee.token };

    const created = await api.call('POST', '/api/v1/customers', {
      ...asEmployee,
      body: { name: 'Given Away Co', portalUserId: other },
    });
    assert.equal(created.status, 403);
    assert.match(created.body.error.message, /Only an owner can give or change portal access/);
    for (const portalUserId of [other, null]) {
      const changed = await api.call('PATCH', url, { ...asEmployee, body: { portalUserId } });
      assert.equal(changed.status, 403, `portalUserId ${portalUserId}`);
    }
    // The service refuses it for every adapter (tools, the assistant and MCP call it the same way).
    const crm = createCrm({ db: db(), clock: systemClock });
    await assert.rejects(
      crm.customers.update(a.employee.actor, a.customerRecordId, { portalUserId: other }),
      (e) => e instanceof DomainError && e.code === 'forbidden',
    );
    const record = await api.call('GET', url, { token: a.owner.token });
    assert.equal(record.body.portalUserId, a.customer.userId, 'access unchanged');

    // The employee may still edit the record, resending the access it already has, and create without any.
    const kept = await api.call('PATCH', url, {
      ...asEmployee,
      body: { notes: 'called', portalUserId: a.customer.userId },
    });
    assert.equal(kept.status, 200);
    assert.equal(
      (
        await api.call('POST', '/api/v1/customers', {
          ...asEmployee,
          body: { name: 'No Portal', portalUserId: null },
        })
      ).status,
      201,
    );
    // The owner gives and takes back access.
    const given = await api.call('PATCH', url, { token: a.owner.token, body: { portalUserId: other } });
    assert.equal(given.status, 200);
    assert.equal(given.body.portalUserId, other);
    const back = await api.call('PATCH', url, {
      token: a.owner.token,
      body: { portalUserId: a.customer.userId },
    });
    assert.equal(back.body.portalUserId, a.customer.userId);
  });

  test('requests without credentials are 401', async () => {
    assert.equal((await api.call('GET', '/api/v1/customers')).status, 401);
    assert.equal((await api.call('GET', '/api/v1/customers', { token: 'pls_forged' })).status, 401);
  });
});

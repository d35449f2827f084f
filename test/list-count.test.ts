import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { COUNT_CAP } from '../src/crm/list-count.ts';
import { seedBulk } from '../src/seed/bulk.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

interface Total {
  count: number;
  exact: boolean;
}

onEachDatabase('list totals', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;

  before(async () => {
    api = await startTestApp(db());
    a = await createTenant(db());
    b = await createTenant(db());
    const leads = [
      { name: 'Grace Hall', status: 'new', assignedTo: a.employee.userId },
      { name: 'Grant Moss', status: 'new', assignedTo: a.colleague.userId },
      { name: 'Hugo Reyes', status: 'qualified', assignedTo: a.employee.userId },
    ];
    for (const body of leads) {
      const res = await api.call('POST', '/api/v1/leads', { token: a.owner.token, body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const other = await api.call('POST', '/api/v1/leads', {
      token: b.owner.token,
      body: { name: 'Grace Other' },
    });
    assert.equal(other.status, 201);
  });

  async function page(token: string, query: string) {
    const res = await api.call('GET', `/api/v1/leads?${query}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: unknown[]; nextCursor: string | null; total?: Total };
  }

  test('a list counts its matches with the first page when asked, and only then', async () => {
    assert.deepEqual((await page(a.owner.token, 'total=true&limit=1')).total, { count: 3, exact: true });
    assert.deepEqual((await page(a.owner.token, 'total=true&status=new')).total, { count: 2, exact: true });
    assert.deepEqual((await page(a.owner.token, 'total=true&q=gra')).total, { count: 2, exact: true });
    assert.deepEqual((await page(a.owner.token, 'total=true&q=nobody')).total, { count: 0, exact: true });
    assert.equal((await page(a.owner.token, 'limit=1')).total, undefined);
    const first = await page(a.owner.token, 'total=true&limit=1');
    assert.ok(first.nextCursor);
    const second = await page(a.owner.token, `total=true&limit=1&cursor=${first.nextCursor}`);
    assert.equal(second.total, undefined, 'later pages are not counted again');
  });

  test('the count sees only what the caller may see', async () => {
    assert.deepEqual((await page(a.employee.token, 'total=true')).total, { count: 3, exact: true });
    assert.deepEqual((await page(a.employee.token, 'total=true&assignedTo=me')).total, {
      count: 2,
      exact: true,
    });
    assert.deepEqual((await page(b.owner.token, 'total=true')).total, { count: 1, exact: true });
    const another = await api.call('POST', '/api/v1/customers', {
      token: a.owner.token,
      body: { name: 'Someone Else' },
    });
    assert.equal(another.status, 201);
    const portal = await api.call('GET', '/api/v1/customers?total=true', { token: a.customer.token });
    assert.equal(portal.status, 200);
    assert.deepEqual(portal.body.total, { count: 1, exact: true }, 'a customer counts only their own record');
    const refused = await api.call('GET', '/api/v1/leads?total=true', { token: a.customer.token });
    assert.equal(refused.status, 403);
  });

  test('a bad total is refused in words', async () => {
    const res = await api.call('GET', '/api/v1/leads?total=yes', { token: a.owner.token });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.body), /total/);
  });

  test('past the cap the count stops and says there are more', async () => {
    const c = await createTenant(db());
    await seedBulk(db(), { org: c.slug, customers: 0, leads: COUNT_CAP + 5, deals: 0, employees: 0 });
    assert.deepEqual((await page(c.owner.token, 'total=true&limit=5')).total, {
      count: COUNT_CAP,
      exact: false,
    });
  });
});

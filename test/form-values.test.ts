import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ZodError } from 'zod';
import { createCrm } from '../src/crm/index.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/** Values a person typed wrong are refused in plain words, never changed quietly; the currency rule; names. */

interface Problem {
  path: string;
  message: string;
}

onEachDatabase('refused values, the currency rule and colleagues by name', ({ db }) => {
  let api: TestApp;
  let t: Tenant;
  before(async () => {
    api = await startTestApp(db());
    t = await createTenant(db());
  });
  after(() => api.close());

  async function refused(path: string, body: unknown, field: string, message: string) {
    const res = await api.call('POST', path, { token: t.owner.token, body });
    assert.equal(
      res.status,
      400,
      `${path} ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`,
    );
    assert.equal(res.body.error.code, 'validation_failed');
    const problem = (res.body.error.details as Problem[]).find((d) => d.path === `body.${field}`);
    assert.equal(problem?.message, message, JSON.stringify(res.body));
    assert.ok(res.body.error.message.includes(`${message} (${field})`), res.body.error.message);
    assert.doesNotMatch(res.body.error.message, /Invalid input|expected|received|NaN/);
  }

  test('an empty or badly written record is refused with what to do, field by field', async () => {
    await refused('/api/v1/customers', {}, 'name', 'Enter a name');
    await refused('/api/v1/customers', { name: '  ' }, 'name', 'Enter a name');
    await refused('/api/v1/customers', { name: 'Ada', email: 'ada@' }, 'email', 'Enter a valid email');
    await refused('/api/v1/deals', { value: 100 }, 'title', 'Enter a title');
    await refused('/api/v1/orders', { items: [] }, 'customerId', 'Choose a customer');
    const signIn = await api.call('POST', '/api/v1/auth/login', { body: { email: '', password: '' } });
    assert.equal(signIn.status, 400);
    assert.deepEqual((signIn.body.error.details as Problem[]).map((d) => d.message).sort(), [
      'Enter your email',
      'Enter your password',
    ]);
  });

  test('out-of-range values are refused, not clamped or cut', async () => {
    await refused(
      '/api/v1/deals',
      { title: 'Minus', value: -5000 },
      'value',
      'Enter an amount of zero or more',
    );
    await refused(
      '/api/v1/deals',
      { title: 'Sure thing', probability: 150 },
      'probability',
      'Enter a number from 0 to 100',
    );
    await refused(
      '/api/v1/customers',
      { name: 'Ada', phone: 'abc' },
      'phone',
      'Enter a phone number: digits, spaces and + ( ) - only',
    );
    await refused(
      '/api/v1/leads',
      { name: 'Lead', phone: 'call me' },
      'phone',
      'Enter a phone number: digits, spaces and + ( ) - only',
    );
    await refused(
      '/api/v1/deals',
      { title: 'Euro deal', currency: 'EURO' },
      'currency',
      'Enter a three-letter currency code such as USD or EUR',
    );
    const deals = await api.call('GET', '/api/v1/deals?q=minus', { token: t.owner.token });
    assert.equal(deals.body.items.length, 0, 'nothing was saved');

    const ok = await api.call('POST', '/api/v1/customers', {
      token: t.owner.token,
      body: { name: 'Phoned', phone: '+1 (555) 010-2000' },
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.phone, '+1 (555) 010-2000');
  });

  test('the services refuse the same values for every caller (MCP and the assistant go through them)', async () => {
    const crm = createCrm({ db: db(), clock: () => new Date() });
    await assert.rejects(crm.deals.create(t.employee.actor, { title: 'Tool deal', value: -1 }), (error) => {
      assert.ok(error instanceof ZodError);
      assert.equal(error.issues[0]?.message, 'Enter an amount of zero or more');
      return true;
    });
    await assert.rejects(
      crm.customers.create(t.employee.actor, { name: 'Tool customer', phone: 'abc' }),
      ZodError,
    );
  });

  test('the currency cannot change once amounts are kept in it, and says why', async () => {
    const fresh = await createTenant(db());
    const set = (tenant: Tenant, currency: string) =>
      api.call('PATCH', '/api/v1/organization', {
        token: tenant.owner.token,
        body: { settings: { currency } },
      });
    const empty = await set(fresh, 'eur');
    assert.equal(empty.status, 200, 'no amounts yet: the currency may change');
    assert.equal(empty.body.settings.currency, 'EUR');

    const deal = await api.call('POST', '/api/v1/deals', {
      token: fresh.owner.token,
      body: { title: 'Kept in euros', value: 600_000 },
    });
    assert.equal(deal.body.currency, 'EUR', 'a new deal takes the current currency');

    const refusedChange = await set(fresh, 'USD');
    assert.equal(refusedChange.status, 409, JSON.stringify(refusedChange.body));
    assert.equal(refusedChange.body.error.code, 'conflict');
    assert.match(refusedChange.body.error.message, /stays EUR: this organization has deals in EUR/);
    const now = await api.call('GET', '/api/v1/organization', { token: fresh.owner.token });
    assert.equal(now.body.settings.currency, 'EUR', 'the refused change left the setting alone');

    const same = await set(fresh, 'EUR');
    assert.equal(same.status, 200, 'setting the same currency again is no change');
  });

  test('staff read their colleagues by name; a customer is refused', async () => {
    const other = await createTenant(db());
    for (const who of [t.owner, t.employee]) {
      const res = await api.call('GET', '/api/v1/colleagues', { token: who.token });
      assert.equal(res.status, 200, `${who.role}: ${JSON.stringify(res.body)}`);
      const ids = res.body.items.map((c: { userId: number }) => c.userId).sort();
      assert.deepEqual(ids, [t.owner.userId, t.employee.userId, t.colleague.userId].sort());
      const colleague = res.body.items.find((c: { userId: number }) => c.userId === t.colleague.userId);
      assert.deepEqual(Object.keys(colleague).sort(), ['name', 'userId'], 'names only, no emails or roles');
      assert.equal(colleague.name, `colleague of ${t.slug}`);
      assert.ok(!ids.includes(other.owner.userId), "another organization's people are not listed");
    }
    const customer = await api.call('GET', '/api/v1/colleagues', { token: t.customer.token });
    assert.equal(customer.status, 403);
    assert.equal(customer.body.error.code, 'forbidden');
    const members = await api.call('GET', '/api/v1/members', { token: t.employee.token });
    assert.equal(members.status, 403, 'the member list with emails and roles stays with owners');
  });
});

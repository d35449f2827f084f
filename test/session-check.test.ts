import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/** GET /auth/session: how the web app learns whether to show sign-in, without a 401 in the console. */
onEachDatabase('session check', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  before(async () => {
    api = await startTestApp(db());
    a = await createTenant(db());
  });
  after(() => api.close());

  test('an anonymous request is answered 200, signed out', async () => {
    const res = await api.call('GET', '/api/v1/auth/session');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { signedIn: false, account: null });
  });

  test('a stale session cookie counts as signed out, so the sign-in form can show', async () => {
    const res = await api.call('GET', '/api/v1/auth/session', {
      headers: { cookie: 'parley_session=pls_not-a-session' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.signedIn, false);
  });

  test('a signed-in request gets the same account as /auth/me', async () => {
    const res = await api.call('GET', '/api/v1/auth/session', { token: a.employee.token });
    const me = await api.call('GET', '/api/v1/auth/me', { token: a.employee.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.signedIn, true);
    assert.deepEqual(res.body.account, me.body);
    assert.equal(res.body.account.role, 'employee');
    assert.equal(res.body.account.organization.slug, a.slug);
  });

  test('a bearer token that is not valid is refused, not taken for signed out', async () => {
    const res = await api.call('GET', '/api/v1/auth/session', { token: 'pls_not-a-token' });
    assert.equal(res.status, 401);
  });

  test('an organization the user is not a member of is refused as on every route', async () => {
    const res = await api.call('GET', '/api/v1/auth/session', {
      token: a.owner.token,
      headers: { 'x-parley-org': 'not-my-org' },
    });
    assert.equal(res.status, 403);
    assert.doesNotMatch(JSON.stringify(res.body), /account/);
  });
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCrm } from '../src/crm/index.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';

const DAY = 86_400_000;

let addresses = 0;
/** Accepting is rate limited per address; each call comes from its own so only the limit test meets it. */
function address(): string {
  addresses += 1;
  return `10.200.${(addresses >> 8) & 255}.${addresses & 255}`;
}

function tokenOf(inviteUrl: string): string {
  const token = inviteUrl.split('/invite#')[1];
  assert.ok(token, `no token in ${inviteUrl}`);
  return token;
}

onEachDatabase('members, invitations and organization settings', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;
  before(async () => {
    api = await startTestApp(db());
    a = await createTenant(db());
    b = await createTenant(db());
  });
  after(() => api.close());

  function accept(app: TestApp, body: unknown) {
    return app.call('POST', '/api/v1/invitations/accept', {
      body,
      headers: { 'x-forwarded-for': address() },
    });
  }

  async function invite(t: Tenant, email: string, role = 'employee', app = api) {
    const res = await app.call('POST', '/api/v1/invitations', {
      token: t.owner.token,
      body: { email, role },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async function roleOf(t: Tenant, userId: number): Promise<string | undefined> {
    const row = await db()
      .selectFrom('memberships')
      .select('role')
      .where('organization_id', '=', t.orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.role;
  }

  test('an owner lists members, filters by role and searches by name or email', async () => {
    const all = await api.call('GET', '/api/v1/members?sort=joinedAt', { token: a.owner.token });
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.items.map((m: { userId: number; role: string }) => [m.userId, m.role]),
      [
        [a.owner.userId, 'owner'],
        [a.employee.userId, 'employee'],
        [a.colleague.userId, 'employee'],
        [a.customer.userId, 'customer'],
      ],
    );
    assert.deepEqual(Object.keys(all.body.items[0]).sort(), ['email', 'joinedAt', 'name', 'role', 'userId']);
    const employees = await api.call('GET', '/api/v1/members?role=employee', { token: a.owner.token });
    assert.equal(employees.body.items.length, 2);
    const byEmail = await api.call('GET', `/api/v1/members?q=${encodeURIComponent('COLLEAGUE.')}`, {
      token: a.owner.token,
    });
    assert.deepEqual(
      byEmail.body.items.map((m: { userId: number }) => m.userId),
      [a.colleague.userId],
    );
    const byName = await api.call('GET', '/api/v1/members?q=Customer%20of', { token: a.owner.token });
    assert.deepEqual(
      byName.body.items.map((m: { userId: number }) => m.userId),
      [a.customer.userId],
    );
    const paged = await api.call('GET', '/api/v1/members?limit=3&sort=email', { token: a.owner.token });
    assert.equal(paged.body.items.length, 3);
    const rest = await api.call('GET', `/api/v1/members?limit=3&sort=email&cursor=${paged.body.nextCursor}`, {
      token: a.owner.token,
    });
    assert.equal(rest.body.items.length, 1);
    assert.equal(rest.body.nextCursor, null);
  });

  test('an owner changes a role, audited', async () => {
    const t = await createTenant(db());
    const res = await api.call('PATCH', `/api/v1/members/${t.colleague.userId}`, {
      token: t.owner.token,
      body: { role: 'owner' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.role, 'owner');
    assert.equal(await roleOf(t, t.colleague.userId), 'owner');
    const me = await api.call('GET', '/api/v1/auth/me', { token: t.colleague.token });
    assert.equal(me.body.role, 'owner', 'the new role applies from the next request');
    const audit = await api.call('GET', `/api/v1/audit?entity=member&entityId=${t.colleague.userId}`, {
      token: t.owner.token,
    });
    assert.equal(audit.body.items[0].action, 'update');
    assert.equal(audit.body.items[0].before.role, 'employee');
    assert.equal(audit.body.items[0].after.role, 'owner');
  });

  test('the last owner can be neither demoted nor removed (409); with a second owner they can', async () => {
    const t = await createTenant(db());
    const demote = await api.call('PATCH', `/api/v1/members/${t.owner.userId}`, {
      token: t.owner.token,
      body: { role: 'employee' },
    });
    assert.equal(demote.status, 409);
    assert.match(demote.body.error.message, /last owner/);
    const remove = await api.call('DELETE', `/api/v1/members/${t.owner.userId}`, { token: t.owner.token });
    assert.equal(remove.status, 409);
    assert.equal(await roleOf(t, t.owner.userId), 'owner');

    await api.call('PATCH', `/api/v1/members/${t.employee.userId}`, {
      token: t.owner.token,
      body: { role: 'owner' },
    });
    // Two owners demoting each other at once must still leave one.
    const [x, y] = await Promise.all([
      api.call('PATCH', `/api/v1/members/${t.owner.userId}`, {
        token: t.employee.token,
        body: { role: 'employee' },
      }),
      api.call('PATCH', `/api/v1/members/${t.employee.userId}`, {
        token: t.owner.token,
        body: { role: 'employee' },
      }),
    ]);
    const statuses = [x.status, y.status].sort();
    assert.ok(
      JSON.stringify(statuses) === '[200,409]' || JSON.stringify(statuses) === '[200,403]',
      `statuses ${statuses}`,
    );
    const owners = await db()
      .selectFrom('memberships')
      .select('user_id')
      .where('organization_id', '=', t.orgId)
      .where('role', '=', 'owner')
      .execute();
    assert.equal(owners.length, 1);
  });

  test('removing a member ends their API tokens there, and their sessions when no membership is left', async () => {
    const t = await createTenant(db());
    const apiToken = await api.call('POST', '/api/v1/tokens', {
      token: t.colleague.token,
      body: { name: 'cron', currentPassword: TEST_PASSWORD },
    });
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token: apiToken.body.token })).status, 200);
    const res = await api.call('DELETE', `/api/v1/members/${t.colleague.userId}`, { token: t.owner.token });
    assert.equal(res.status, 204);
    assert.equal(await roleOf(t, t.colleague.userId), undefined);
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token: apiToken.body.token })).status, 401);
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token: t.colleague.token })).status, 401);
    assert.equal(
      (await api.call('GET', `/api/v1/members/${t.colleague.userId}`, { token: t.owner.token })).status,
      404,
    );
    const audit = await api.call('GET', `/api/v1/audit?entity=member&entityId=${t.colleague.userId}`, {
      token: t.owner.token,
    });
    assert.equal(audit.body.items[0].action, 'delete');
    assert.equal(audit.body.items[0].before.email, t.colleague.email);
  });

  test('employees and customers are refused every owner-only action (403), and nothing changes', async () => {
    const pending = await invite(a, 'pending.refusal@example.test');
    const orgBefore = await api.call('GET', '/api/v1/organization', { token: a.owner.token });
    const invitationsBefore = await db()
      .selectFrom('invitations')
      .selectAll()
      .where('organization_id', '=', a.orgId)
      .execute();
    for (const who of [a.employee, a.customer]) {
      const calls: [string, string, unknown][] = [
        ['GET', '/api/v1/members', undefined],
        ['GET', `/api/v1/members/${a.owner.userId}`, undefined],
        ['PATCH', `/api/v1/members/${who.userId}`, { role: 'owner' }],
        ['PATCH', `/api/v1/members/${a.owner.userId}`, { role: 'customer' }],
        ['DELETE', `/api/v1/members/${a.colleague.userId}`, undefined],
        ['POST', '/api/v1/invitations', { email: 'friend@example.test', role: 'owner' }],
        ['GET', '/api/v1/invitations', undefined],
        ['DELETE', `/api/v1/invitations/${pending.id}`, undefined],
        ['PATCH', '/api/v1/organization', { name: 'Taken over', settings: { employeeVisibility: 'all' } }],
      ];
      for (const [method, url, body] of calls) {
        const res = await api.call(method as 'GET', url, { token: who.token, body });
        assert.equal(res.status, 403, `${who.role} ${method} ${url} -> ${res.status}`);
        assert.equal(res.body.error.code, 'forbidden');
      }
    }
    assert.equal(await roleOf(a, a.owner.userId), 'owner');
    assert.equal(await roleOf(a, a.employee.userId), 'employee');
    assert.equal(await roleOf(a, a.customer.userId), 'customer');
    assert.equal(await roleOf(a, a.colleague.userId), 'employee');
    assert.deepEqual(
      await db().selectFrom('invitations').selectAll().where('organization_id', '=', a.orgId).execute(),
      invitationsBefore,
    );
    assert.deepEqual(
      (await api.call('GET', '/api/v1/organization', { token: a.owner.token })).body,
      orgBefore.body,
    );
  });

  test("another organization's members and invitations are not found on every route", async () => {
    const foreign = await invite(b, 'foreign.invite@example.test');
    const calls: [string, string, unknown][] = [
      ['GET', `/api/v1/members/${b.employee.userId}`, undefined],
      ['PATCH', `/api/v1/members/${b.employee.userId}`, { role: 'customer' }],
      ['DELETE', `/api/v1/members/${b.employee.userId}`, undefined],
      ['DELETE', `/api/v1/invitations/${foreign.id}`, undefined],
    ];
    for (const [method, url, body] of calls) {
      const res = await api.call(method as 'GET', url, { token: a.owner.token, body });
      assert.equal(res.status, 404, `${method} ${url} -> ${res.status}`);
      assert.equal(res.body.error.code, 'not_found');
    }
    assert.equal(await roleOf(b, b.employee.userId), 'employee');
    const list = await api.call('GET', '/api/v1/invitations', { token: a.owner.token });
    assert.ok(!list.body.items.some((i: { id: number }) => i.id === foreign.id));
    const members = await api.call('GET', '/api/v1/members', { token: a.owner.token });
    assert.ok(!members.body.items.some((m: { userId: number }) => m.userId === b.employee.userId));
    const bList = await api.call('GET', '/api/v1/invitations?status=pending', { token: b.owner.token });
    assert.ok(bList.body.items.some((i: { id: number }) => i.id === foreign.id));
  });

  test('a new person accepts an invitation: account, membership, session, audit', async () => {
    const created = await invite(a, 'New.Hire@Example.test', 'employee');
    assert.deepEqual(
      {
        email: created.email,
        role: created.role,
        status: created.status,
      },
      { email: 'new.hire@example.test', role: 'employee', status: 'pending' },
    );
    assert.match(created.inviteUrl, /^http:\/\/localhost:3000\/invite#pli_[A-Za-z0-9_-]+$/);
    assert.equal(created.token, undefined, 'the token travels only inside the URL');
    const days = (Date.parse(created.expiresAt) - Date.parse(created.createdAt)) / DAY;
    assert.equal(days, 7);
    const stored = await db()
      .selectFrom('invitations')
      .select('token_hash')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.ok(!created.inviteUrl.includes(stored.token_hash));

    const token = tokenOf(created.inviteUrl);
    const res = await accept(api, { token, name: 'Nina Hire', password: 'nina-password' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.token, /^pls_/);
    assert.equal(res.body.user.email, 'new.hire@example.test');
    assert.equal(res.body.user.name, 'Nina Hire');
    assert.deepEqual(
      res.body.memberships.map((m: { slug: string; role: string }) => [m.slug, m.role]),
      [[a.slug, 'employee']],
    );
    assert.match(String(res.headers['set-cookie']), /parley_session=pls_.*HttpOnly/);
    const me = await api.call('GET', '/api/v1/auth/me', { token: res.body.token });
    assert.equal(me.body.role, 'employee');
    const login = await api.call('POST', '/api/v1/auth/login', {
      body: { email: 'new.hire@example.test', password: 'nina-password' },
      headers: { 'x-forwarded-for': address() },
    });
    assert.equal(login.status, 200);

    const again = await accept(api, { token, name: 'Nina Again', password: 'nina-password' });
    assert.equal(again.status, 409);
    const listed = await api.call('GET', '/api/v1/invitations?status=accepted', { token: a.owner.token });
    assert.ok(listed.body.items.some((i: { id: number }) => i.id === created.id));
    const audit = await api.call('GET', '/api/v1/audit?entity=invitation', { token: a.owner.token });
    assert.ok(
      audit.body.items.some(
        (e: { action: string; entityId: number }) => e.action === 'invite' && e.entityId === created.id,
      ),
    );
    const joined = await api.call('GET', `/api/v1/audit?entity=member&entityId=${res.body.user.id}`, {
      token: a.owner.token,
    });
    assert.equal(joined.body.items[0].action, 'create');
    assert.equal(joined.body.items[0].actorUserId, res.body.user.id);
  });

  test('an existing account accepts with its own password and gains the membership', async () => {
    const created = await invite(a, b.owner.email, 'employee');
    const token = tokenOf(created.inviteUrl);
    const wrong = await accept(api, { token, password: 'not my password' });
    assert.equal(wrong.status, 401);
    assert.equal(await roleOf(a, b.owner.userId), undefined);
    const res = await accept(api, { token, password: TEST_PASSWORD });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.user.id, b.owner.userId);
    assert.deepEqual(
      res.body.memberships.map((m: { slug: string; role: string }) => [m.slug, m.role]),
      [
        [b.slug, 'owner'],
        [a.slug, 'employee'],
      ],
    );
    const name = await db()
      .selectFrom('users')
      .select('name')
      .where('id', '=', b.owner.userId)
      .executeTakeFirstOrThrow();
    assert.equal(name.name, `owner of ${b.slug}`, 'accepting does not rename an existing account');
  });

  test('expired, withdrawn and superseded invitations are refused', async () => {
    let now = Date.now();
    const timed = await startTestApp(db(), { clock: () => new Date(now) });
    try {
      const t = await createTenant(db());
      // The tenant's own sessions last a day; the clock moves a week, so the owner signs in on this app.
      const signedIn = await timed.call('POST', '/api/v1/auth/login', {
        body: { email: t.owner.email, password: TEST_PASSWORD },
        headers: { 'x-forwarded-for': address() },
      });
      t.owner.token = signedIn.body.token;
      const old = await invite(t, 'late@example.test', 'employee', timed);
      now += 7 * DAY + 1000;
      const late = await accept(timed, {
        token: tokenOf(old.inviteUrl),
        name: 'Late',
        password: 'late-password',
      });
      assert.equal(late.status, 404);
      assert.match(late.body.error.message, /expired/);
      const users = await db()
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'late@example.test')
        .execute();
      assert.equal(users.length, 0);
      const expired = await timed.call('GET', '/api/v1/invitations?status=expired', { token: t.owner.token });
      assert.deepEqual(
        expired.body.items.map((i: { id: number; status: string }) => [i.id, i.status]),
        [[old.id, 'expired']],
      );

      const withdrawn = await invite(t, 'withdrawn@example.test', 'employee', timed);
      assert.equal(
        (await timed.call('DELETE', `/api/v1/invitations/${withdrawn.id}`, { token: t.owner.token })).status,
        204,
      );
      assert.equal(
        (await timed.call('DELETE', `/api/v1/invitations/${withdrawn.id}`, { token: t.owner.token })).status,
        204,
      );
      const refused = await accept(timed, {
        token: tokenOf(withdrawn.inviteUrl),
        name: 'W',
        password: 'withdrawn-pw',
      });
      assert.equal(refused.status, 404);

      const first = await invite(t, 'twice@example.test', 'employee', timed);
      const second = await invite(t, 'twice@example.test', 'customer', timed);
      assert.equal(
        (await accept(timed, { token: tokenOf(first.inviteUrl), name: 'T', password: 'twice-password' }))
          .status,
        404,
      );
      const ok = await accept(timed, {
        token: tokenOf(second.inviteUrl),
        name: 'T',
        password: 'twice-password',
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.memberships[0].role, 'customer');
      const gone = await timed.call('DELETE', `/api/v1/invitations/${second.id}`, { token: t.owner.token });
      assert.equal(gone.status, 409, 'an accepted invitation cannot be withdrawn');
      assert.equal(
        (await accept(timed, { token: 'pli_unknown', name: 'X', password: 'whatever-pw' })).status,
        404,
      );
    } finally {
      await timed.close();
    }
  });

  test('inviting someone who is already a member is a conflict', async () => {
    const res = await api.call('POST', '/api/v1/invitations', {
      token: a.owner.token,
      body: { email: a.employee.email.toUpperCase(), role: 'owner' },
    });
    assert.equal(res.status, 409);
    assert.match(res.body.error.message, /already a member/);
  });

  test('a new account needs a name and a password of 8 or more characters', async () => {
    const created = await invite(a, 'needs.details@example.test');
    const token = tokenOf(created.inviteUrl);
    const noName = await accept(api, { token, password: 'long enough' });
    assert.equal(noName.status, 400);
    assert.match(noName.body.error.message, /name/);
    const short = await accept(api, { token, name: 'Shorty', password: 'short' });
    assert.equal(short.status, 400);
    assert.match(short.body.error.message, /at least 8/);
    assert.equal((await accept(api, { token, name: 'Proper', password: 'long enough' })).status, 200);
  });

  test('accepting invitations is rate limited per address', async () => {
    const from = address();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await api.call('POST', '/api/v1/invitations/accept', {
        body: { token: `pli_guess${i}`, password: 'guessing' },
        headers: { 'x-forwarded-for': from },
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(404), 429]);
  });

  test('every member reads the organization; owners change its name and settings, audited', async () => {
    const t = await createTenant(db());
    for (const who of [t.owner, t.employee, t.customer]) {
      const res = await api.call('GET', '/api/v1/organization', { token: who.token });
      assert.equal(res.status, 200, who.role);
      assert.equal(res.body.slug, t.slug);
      assert.deepEqual(res.body.settings, { employeeVisibility: 'all', currency: 'USD', timezone: 'UTC' });
    }
    const patched = await api.call('PATCH', '/api/v1/organization', {
      token: t.owner.token,
      body: { name: 'Renamed Ltd', settings: { timezone: 'europe/berlin', currency: 'eur' } },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.name, 'Renamed Ltd');
    assert.deepEqual(patched.body.settings, {
      employeeVisibility: 'all',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
    });
    const narrowed = await api.call('PATCH', '/api/v1/organization', {
      token: t.owner.token,
      body: { settings: { employeeVisibility: 'assigned' } },
    });
    assert.equal(narrowed.body.settings.currency, 'EUR', 'other settings are kept');
    assert.equal(narrowed.body.name, 'Renamed Ltd');

    // The setting takes effect from the next request: the employee now sees only assigned customers.
    const crm = createCrm({ db: db(), clock: () => new Date() });
    const unassigned = await crm.customers.create(t.owner.actor, { name: 'Nobody Assigned' });
    const seen = await api.call('GET', '/api/v1/customers', { token: t.employee.token });
    assert.ok(!seen.body.items.some((c: { id: number }) => c.id === unassigned.id));

    const audit = await api.call(
      'GET',
      `/api/v1/audit?entity=organization&entityId=${t.orgId}&sort=createdAt`,
      {
        token: t.owner.token,
      },
    );
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['settings', 'settings'],
    );
    assert.equal(audit.body.items[0].before.name, `Org ${t.slug.match(/^org(\d+)/)![1]}`);
    assert.equal(audit.body.items[0].after.settings.timezone, 'Europe/Berlin');
  });

  test('bad input is a clear 400, never a 500', async () => {
    const cases: [string, string, unknown][] = [
      ['PATCH', `/api/v1/members/${a.employee.userId}`, { role: 'admin' }],
      ['PATCH', `/api/v1/members/${a.employee.userId}`, { role: 'owner', extra: 1 }],
      ['PATCH', `/api/v1/members/${a.employee.userId}`, '{"role": '],
      ['PATCH', '/api/v1/members/abc', { role: 'owner' }],
      ['GET', '/api/v1/members?role=king', undefined],
      ['GET', '/api/v1/members?sort=password', undefined],
      ['POST', '/api/v1/invitations', { email: 'not-an-email', role: 'employee' }],
      ['POST', '/api/v1/invitations', { email: 'x@example.test', role: 'superuser' }],
      ['POST', '/api/v1/invitations', { email: `${'x'.repeat(100_000)}@example.test`, role: 'employee' }],
      ['POST', '/api/v1/invitations', { email: 'x@example.test' }],
      ['GET', '/api/v1/invitations?status=maybe', undefined],
      ['DELETE', '/api/v1/invitations/0', undefined],
      ['PATCH', '/api/v1/organization', { settings: { timezone: 'Mars/Olympus' } }],
      ['PATCH', '/api/v1/organization', { settings: { currency: 'dollars' } }],
      ['PATCH', '/api/v1/organization', { settings: { employeeVisibility: 'none' } }],
      ['PATCH', '/api/v1/organization', { settings: { theme: 'dark' } }],
      ['PATCH', '/api/v1/organization', { name: '' }],
      ['PATCH', '/api/v1/organization', { name: 'x'.repeat(201) }],
      ['PATCH', '/api/v1/organization', { slug: 'new-slug' }],
      ['POST', '/api/v1/invitations/accept', { token: 'pli_x' }],
      ['POST', '/api/v1/invitations/accept', { token: 'pli_x', password: 'long enough', role: 'owner' }],
      ['POST', '/api/v1/invitations/accept', { token: 'x'.repeat(300), password: 'long enough' }],
    ];
    for (const [method, url, body] of cases) {
      const res = await api.call(method as 'GET', url, {
        token: a.owner.token,
        body,
        headers: {
          'x-forwarded-for': address(),
          ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
        },
      });
      assert.equal(
        res.status,
        400,
        `${method} ${url} ${JSON.stringify(body)?.slice(0, 60)} -> ${res.status}`,
      );
      assert.equal(typeof res.body.error.message, 'string');
    }
  });
});

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createCrm } from '../src/crm/index.ts';
import { systemClock } from '../src/domain/time.ts';
import * as resolve from '../src/tools/resolve.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

const NUMBER = /^ISS-\d{4}-\d{4}$/;

onEachDatabase('issues', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;
  before(async () => {
    api = await startTestApp(db());
    a = await createTenant(db());
    b = await createTenant(db());
  });

  const crm = () => createCrm({ db: db(), clock: systemClock });

  async function raise(t: Tenant, who: 'owner' | 'employee' | 'colleague' | 'customer', body: object) {
    const res = await api.call('POST', '/api/v1/issues', { token: t[who].token, body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async function otherCustomer(t: Tenant, name = 'Other Customer') {
    const res = await api.call('POST', '/api/v1/customers', { token: t.owner.token, body: { name } });
    assert.equal(res.status, 201);
    return res.body.id as number;
  }

  test('an owner raises an issue: numbered, open, readable by id and by number, audited', async () => {
    const t = await createTenant(db());
    const issue = await raise(t, 'owner', {
      title: 'Printer on fire',
      description: 'Smoke from tray 2',
      priority: 'urgent',
      category: 'technical',
      customerId: t.customerRecordId,
    });
    assert.match(issue.number, NUMBER);
    assert.equal(issue.number.slice(-4), '0001');
    assert.equal(issue.status, 'open');
    assert.equal(issue.priority, 'urgent');
    assert.equal(issue.customerId, t.customerRecordId);
    assert.match(issue.customerName, /^Portal Customer/);
    assert.equal(issue.raisedBy, t.owner.userId);
    assert.equal(issue.assignedTo, null);
    assert.deepEqual(issue.comments, []);

    const got = await api.call('GET', `/api/v1/issues/${issue.id}`, { token: t.owner.token });
    assert.equal(got.status, 200);
    assert.equal(got.body.title, 'Printer on fire');

    const byNumber = await crm().issues.getByNumber(t.owner.actor, issue.number.toLowerCase());
    assert.equal(byNumber.id, issue.id);
    const padded = issue.number.replace(/-0+(\d+)$/, '-$1');
    assert.equal((await crm().issues.getByNumber(t.owner.actor, padded)).id, issue.id);
    assert.equal(
      (await resolve.issue({ crm: crm(), actor: t.owner.actor, clock: systemClock }, `#${issue.id}`)).id,
      issue.id,
    );
    assert.equal(
      (await resolve.issue({ crm: crm(), actor: t.owner.actor, clock: systemClock }, issue.number)).id,
      issue.id,
    );
    assert.equal(
      (await resolve.issue({ crm: crm(), actor: t.owner.actor, clock: systemClock }, 'printer on')).id,
      issue.id,
    );
    await assert.rejects(crm().issues.getByNumber(t.owner.actor, 'ORD-2026-0001'), {
      code: 'validation_failed',
    });

    const audit = await api.call('GET', `/api/v1/audit?entity=issue&entityId=${issue.id}`, {
      token: t.owner.token,
    });
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['create'],
    );
    assert.equal(audit.body.items[0].after.number, issue.number);
  });

  test('numbers are per organization', async () => {
    const t1 = await createTenant(db());
    const t2 = await createTenant(db());
    const first = await raise(t1, 'owner', { title: 'One' });
    const second = await raise(t1, 'owner', { title: 'Two' });
    const other = await raise(t2, 'owner', { title: 'Elsewhere' });
    assert.equal(first.number.slice(-4), '0001');
    assert.equal(second.number.slice(-4), '0002');
    assert.equal(other.number.slice(-4), '0001');
  });

  test('20 concurrent creates get 20 distinct consecutive numbers', async () => {
    const t = await createTenant(db());
    const service = crm().issues;
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => service.create(t.employee.actor, { title: `Burst ${i}` })),
    );
    const sequences = created.map((i) => Number(i.number.slice(-4))).sort((x, y) => x - y);
    assert.deepEqual(
      sequences,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.equal(new Set(created.map((i) => i.number)).size, 20);
  });

  test('status transitions: resolving needs a resolution, closing stamps, reopening clears', async () => {
    const issue = await raise(a, 'owner', { title: 'Lifecycle' });
    const url = `/api/v1/issues/${issue.id}`;
    const patch = (body: object) => api.call('PATCH', url, { token: a.owner.token, body });

    const bare = await patch({ status: 'resolved' });
    assert.equal(bare.status, 400);
    assert.match(bare.body.error.message, /resolution/);
    const early = await patch({ resolution: 'not yet' });
    assert.equal(early.status, 400);
    assert.match(early.body.error.message, /resolved/);

    const working = await patch({ status: 'in_progress' });
    assert.equal(working.body.status, 'in_progress');
    const resolved = await patch({ status: 'resolved', resolution: 'Replaced the fuser' });
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.resolution, 'Replaced the fuser');
    assert.ok(resolved.body.resolvedAt);
    assert.equal(resolved.body.closedAt, null);

    const closed = await patch({ status: 'closed' });
    assert.equal(closed.body.status, 'closed');
    assert.equal(closed.body.resolvedAt, resolved.body.resolvedAt);
    assert.equal(closed.body.resolution, 'Replaced the fuser');
    assert.ok(closed.body.closedAt);

    const reopened = await patch({ status: 'open' });
    assert.equal(reopened.status, 200);
    assert.equal(reopened.body.resolvedAt, null);
    assert.equal(reopened.body.closedAt, null);
    assert.equal(reopened.body.resolution, null);

    const closedOutright = await patch({ status: 'closed' });
    assert.equal(closedOutright.body.resolvedAt, null, 'closed without ever being resolved');
    assert.ok(closedOutright.body.closedAt);
  });

  test('an employee creates (assigned to self), updates only assigned issues, comments, never deletes', async () => {
    const own = await raise(a, 'employee', { title: 'Mine' });
    assert.equal(own.assignedTo, a.employee.userId);
    const edited = await api.call('PATCH', `/api/v1/issues/${own.id}`, {
      token: a.employee.token,
      body: { priority: 'high' },
    });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.priority, 'high');

    const unassigned = await raise(a, 'owner', { title: 'Nobody owns this' });
    const refused = await api.call('PATCH', `/api/v1/issues/${unassigned.id}`, {
      token: a.employee.token,
      body: { status: 'in_progress' },
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, /assigned to you/);
    const colleagues = await raise(a, 'colleague', { title: 'Colleague issue' });
    assert.equal(
      (
        await api.call('PATCH', `/api/v1/issues/${colleagues.id}`, {
          token: a.employee.token,
          body: { title: 'hijacked' },
        })
      ).status,
      403,
    );
    const still = await api.call('GET', `/api/v1/issues/${unassigned.id}`, { token: a.owner.token });
    assert.equal(still.body.status, 'open');

    const comment = await api.call('POST', `/api/v1/issues/${unassigned.id}/comments`, {
      token: a.employee.token,
      body: { body: 'Looking into it' },
    });
    assert.equal(comment.status, 201);
    assert.equal(comment.body.authorId, a.employee.userId);

    const del = await api.call('DELETE', `/api/v1/issues/${own.id}`, { token: a.employee.token });
    assert.equal(del.status, 403);
    assert.equal(del.body.error.code, 'forbidden');
    assert.equal((await api.call('GET', `/api/v1/issues/${own.id}`, { token: a.owner.token })).status, 200);
  });

  test('a customer raises issues for their own record only and cannot assign or set status', async () => {
    const issue = await raise(a, 'customer', { title: 'My order is late', category: 'delivery' });
    assert.equal(issue.customerId, a.customerRecordId);
    assert.equal(issue.raisedBy, a.customer.userId);
    assert.equal(issue.assignedTo, a.employee.userId, 'the account manager takes it');
    assert.equal(issue.status, 'open');

    const explicit = await raise(a, 'customer', { title: 'Named', customerId: a.customerRecordId });
    assert.equal(explicit.customerId, a.customerRecordId);

    const someoneElse = await otherCustomer(a);
    const picked = await api.call('POST', '/api/v1/issues', {
      token: a.customer.token,
      body: { title: 'For someone else', customerId: someoneElse },
    });
    assert.equal(picked.status, 404);
    const assigning = await api.call('POST', '/api/v1/issues', {
      token: a.customer.token,
      body: { title: 'Assign it', assignedTo: a.owner.userId },
    });
    assert.equal(assigning.status, 403);
    assert.match(assigning.body.error.message, /cannot assign/);
    const withStatus = await api.call('POST', '/api/v1/issues', {
      token: a.customer.token,
      body: { title: 'Already done', status: 'resolved' },
    });
    assert.equal(withStatus.status, 400);

    const setStatus = await api.call('PATCH', `/api/v1/issues/${issue.id}`, {
      token: a.customer.token,
      body: { status: 'closed' },
    });
    assert.equal(setStatus.status, 403);
    assert.match(setStatus.body.error.message, /customer.*cannot update issues/);
    const del = await api.call('DELETE', `/api/v1/issues/${issue.id}`, { token: a.customer.token });
    assert.equal(del.status, 403);
    const unchanged = await api.call('GET', `/api/v1/issues/${issue.id}`, { token: a.owner.token });
    assert.equal(unchanged.body.status, 'open');
  });

  test("a customer reads and comments on their own issues only; others' are not found", async () => {
    const t = await createTenant(db());
    const mine = await raise(t, 'customer', { title: 'Mine' });
    const aboutMe = await raise(t, 'owner', { title: 'About me', customerId: t.customerRecordId });
    const foreignRecord = await otherCustomer(t);
    const others = await raise(t, 'owner', { title: 'Not mine', customerId: foreignRecord });
    const internalOnly = await raise(t, 'employee', { title: 'Internal ticket' });

    const list = await api.call('GET', '/api/v1/issues', { token: t.customer.token });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((i: { id: number }) => i.id).sort(), [mine.id, aboutMe.id].sort());
    for (const hidden of [others, internalOnly]) {
      const got = await api.call('GET', `/api/v1/issues/${hidden.id}`, { token: t.customer.token });
      assert.equal(got.status, 404);
      assert.equal(got.body.error.code, 'not_found');
      const comment = await api.call('POST', `/api/v1/issues/${hidden.id}/comments`, {
        token: t.customer.token,
        body: { body: 'let me in' },
      });
      assert.equal(comment.status, 404);
      const comments = await api.call('GET', `/api/v1/issues/${hidden.id}/comments`, {
        token: t.customer.token,
      });
      assert.equal(comments.status, 404);
    }
    await assert.rejects(crm().issues.getByNumber(t.customer.actor, others.number), { code: 'not_found' });
    const own = await api.call('POST', `/api/v1/issues/${aboutMe.id}/comments`, {
      token: t.customer.token,
      body: { body: 'Any news?' },
    });
    assert.equal(own.status, 201);
    const internal = await api.call('POST', `/api/v1/issues/${aboutMe.id}/comments`, {
      token: t.customer.token,
      body: { body: 'psst', internal: true },
    });
    assert.equal(internal.status, 403);
    assert.match(internal.body.error.message, /internal/);
  });

  test('internal comments are hidden from customers everywhere they read comments', async () => {
    const t = await createTenant(db());
    const issue = await raise(t, 'customer', { title: 'Broken login' });
    const comment = (token: string, body: object) =>
      api.call('POST', `/api/v1/issues/${issue.id}/comments`, { token, body });
    assert.equal((await comment(t.employee.token, { body: 'We are on it' })).status, 201);
    const note = await comment(t.employee.token, { body: 'Customer reused an old password', internal: true });
    assert.equal(note.status, 201);
    assert.equal(note.body.internal, true);
    assert.equal((await comment(t.customer.token, { body: 'Thanks' })).status, 201);

    const asCustomer = await api.call('GET', `/api/v1/issues/${issue.id}/comments`, {
      token: t.customer.token,
    });
    assert.deepEqual(
      asCustomer.body.items.map((c: { body: string }) => c.body),
      ['We are on it', 'Thanks'],
    );
    const detail = await api.call('GET', `/api/v1/issues/${issue.id}`, { token: t.customer.token });
    assert.equal(detail.body.commentCount, 2);
    assert.ok(!JSON.stringify(detail.body).includes('old password'));

    const asOwner = await api.call('GET', `/api/v1/issues/${issue.id}/comments?limit=2`, {
      token: t.owner.token,
    });
    assert.equal(asOwner.body.items.length, 2);
    assert.ok(asOwner.body.nextCursor);
    const rest = await api.call(
      'GET',
      `/api/v1/issues/${issue.id}/comments?limit=2&cursor=${asOwner.body.nextCursor}`,
      { token: t.owner.token },
    );
    assert.deepEqual(
      [...asOwner.body.items, ...rest.body.items].map((c: { body: string }) => c.body),
      ['We are on it', 'Customer reused an old password', 'Thanks'],
    );
    assert.equal(
      (await api.call('GET', `/api/v1/issues/${issue.id}`, { token: t.owner.token })).body.commentCount,
      3,
    );

    const audit = await api.call('GET', `/api/v1/audit?entity=issue&entityId=${issue.id}&sort=createdAt`, {
      token: t.owner.token,
    });
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['create', 'comment', 'comment', 'comment'],
    );
  });

  test("another organization's issue is not found on every route, for every role", async () => {
    const foreign = await raise(b, 'customer', { title: 'Foreign issue' });
    const routes: [string, string, object | undefined][] = [
      ['GET', `/api/v1/issues/${foreign.id}`, undefined],
      ['PATCH', `/api/v1/issues/${foreign.id}`, { title: 'stolen' }],
      ['DELETE', `/api/v1/issues/${foreign.id}`, undefined],
      ['GET', `/api/v1/issues/${foreign.id}/comments`, undefined],
      ['POST', `/api/v1/issues/${foreign.id}/comments`, { body: 'hello from A' }],
    ];
    for (const role of ['owner', 'employee', 'customer'] as const) {
      for (const [method, url, body] of routes) {
        const res = await api.call(method as 'GET', url, { token: a[role].token, body });
        assert.equal(res.status, 404, `${role} ${method} ${url}`);
        assert.equal(res.body.error.code, 'not_found');
      }
      // Numbers repeat across organizations: the same number may name one of A's own issues, never B's.
      const byNumber = await crm()
        .issues.getByNumber(a[role].actor, foreign.number)
        .catch((e: { code: string }) => e);
      assert.ok('code' in byNumber ? byNumber.code === 'not_found' : byNumber.id !== foreign.id);
    }
    const untouched = await api.call('GET', `/api/v1/issues/${foreign.id}`, { token: b.owner.token });
    assert.equal(untouched.body.title, 'Foreign issue');
    assert.equal(untouched.body.commentCount, 0);
    const stranger = await api.call('POST', '/api/v1/issues', {
      token: a.owner.token,
      body: { title: 'For their customer', customerId: b.customerRecordId },
    });
    assert.equal(stranger.status, 404);
    const assignee = await api.call('POST', '/api/v1/issues', {
      token: a.owner.token,
      body: { title: 'Their employee', assignedTo: b.employee.userId },
    });
    assert.equal(assignee.status, 400);
  });

  test('lists filter, search by title or number, sort by priority and page with a cursor', async () => {
    const t = await createTenant(db());
    const other = await otherCustomer(t);
    const low = await raise(t, 'owner', { title: 'Alpha low', priority: 'low', category: 'billing' });
    const urgent = await raise(t, 'owner', {
      title: 'Alpha urgent',
      priority: 'urgent',
      customerId: other,
      assignedTo: 'me',
    });
    const high = await raise(t, 'employee', { title: 'Beta high', priority: 'high' });
    const medium = await raise(t, 'customer', { title: 'Gamma medium' });
    await api.call('PATCH', `/api/v1/issues/${high.id}`, {
      token: t.employee.token,
      body: { status: 'resolved', resolution: 'done' },
    });
    const ids = async (qs: string, who: 'owner' | 'employee' = 'owner') => {
      const res = await api.call('GET', `/api/v1/issues?${qs}`, { token: t[who].token });
      assert.equal(res.status, 200, `${qs}: ${JSON.stringify(res.body)}`);
      return res.body.items.map((i: { id: number }) => i.id).sort();
    };
    assert.deepEqual(await ids('status=resolved'), [high.id]);
    assert.deepEqual(await ids('priority=low'), [low.id]);
    assert.deepEqual(await ids('category=billing'), [low.id]);
    assert.deepEqual(await ids(`customerId=${other}`), [urgent.id]);
    assert.deepEqual(await ids(`customerId=${t.customerRecordId}`), [medium.id]);
    assert.deepEqual(await ids('assignedTo=me'), [urgent.id]);
    assert.deepEqual(await ids('assignedTo=me', 'employee'), [high.id, medium.id].sort());
    assert.deepEqual(await ids(`assignedTo=${t.employee.userId}`), [high.id, medium.id].sort());
    assert.deepEqual(await ids('assignedTo=none'), [low.id]);
    assert.deepEqual(await ids('q=alpha'), [low.id, urgent.id].sort());
    assert.deepEqual(await ids(`q=${high.number.toLowerCase()}`), [high.id]);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await ids(`createdFrom=${today}&createdTo=${today}`)).length, 4);
    assert.deepEqual(await ids('createdTo=2000-01-01'), []);

    const order: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `sort=-priority&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call('GET', `/api/v1/issues?${qs}`, { token: t.owner.token });
      assert.equal(page.status, 200);
      order.push(...page.body.items.map((i: { priority: string }) => i.priority));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(order, ['urgent', 'high', 'medium', 'low']);
    const byTitle = await api.call('GET', '/api/v1/issues?sort=title', { token: t.owner.token });
    assert.deepEqual(
      byTitle.body.items.map((i: { title: string }) => i.title),
      ['Alpha low', 'Alpha urgent', 'Beta high', 'Gamma medium'],
    );
  });

  test('employees with visibility "assigned" see only issues assigned to them', async () => {
    const t = await createTenant(db(), { settings: { employeeVisibility: 'assigned' } });
    const own = await crm().issues.create(t.employee.actor, { title: 'Own' });
    const theirs = await crm().issues.create(t.colleague.actor, { title: 'Theirs' });
    const seen = (await crm().issues.list(t.employee.actor, {})).items.map((i) => i.id);
    assert.deepEqual(seen, [own.id]);
    await assert.rejects(crm().issues.get(t.employee.actor, theirs.id), { code: 'not_found' });
    await assert.rejects(crm().issues.addComment(t.employee.actor, theirs.id, { body: 'hi' }), {
      code: 'not_found',
    });
  });

  test('an owner deletes an issue with its comments, audited', async () => {
    const issue = await raise(a, 'owner', { title: 'Delete me' });
    await api.call('POST', `/api/v1/issues/${issue.id}/comments`, {
      token: a.owner.token,
      body: { body: 'bye' },
    });
    assert.equal(
      (await api.call('DELETE', `/api/v1/issues/${issue.id}`, { token: a.owner.token })).status,
      204,
    );
    assert.equal((await api.call('GET', `/api/v1/issues/${issue.id}`, { token: a.owner.token })).status, 404);
    const left = await db()
      .selectFrom('issue_comments')
      .select('id')
      .where('issue_id', '=', issue.id)
      .execute();
    assert.equal(left.length, 0);
    const audit = await api.call('GET', `/api/v1/audit?entity=issue&entityId=${issue.id}&sort=createdAt`, {
      token: a.owner.token,
    });
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['create', 'comment', 'delete'],
    );
    assert.equal(audit.body.items[2].before.title, 'Delete me');
  });

  test('updates are audited with before and after', async () => {
    const issue = await raise(a, 'owner', { title: 'Audit me' });
    await api.call('PATCH', `/api/v1/issues/${issue.id}`, {
      token: a.owner.token,
      body: { assignedTo: a.employee.userId, category: 'account' },
    });
    const audit = await api.call('GET', `/api/v1/audit?entity=issue&entityId=${issue.id}&sort=createdAt`, {
      token: a.owner.token,
    });
    const update = audit.body.items[1];
    assert.equal(update.action, 'update');
    assert.equal(update.before.assignedTo, null);
    assert.equal(update.after.assignedTo, a.employee.userId);
    assert.equal(update.before.category, 'general');
    assert.equal(update.after.category, 'account');
  });

  test('bad input is a clear 400, never a 500', async () => {
    const issue = await raise(a, 'owner', { title: 'Target' });
    const cases: [string, string, unknown][] = [
      ['POST', '/api/v1/issues', {}],
      ['POST', '/api/v1/issues', { title: '   ' }],
      ['POST', '/api/v1/issues', { title: 'x'.repeat(201) }],
      ['POST', '/api/v1/issues', { title: 'ok', priority: 'critical' }],
      ['POST', '/api/v1/issues', { title: 'ok', category: 'gossip' }],
      ['POST', '/api/v1/issues', { title: 'ok', sneaky: true }],
      ['POST', '/api/v1/issues', { title: 'ok', customerId: -1 }],
      ['POST', '/api/v1/issues', { title: 'ok', assignedTo: 'someone' }],
      ['PATCH', `/api/v1/issues/${issue.id}`, { status: 'done' }],
      ['PATCH', `/api/v1/issues/${issue.id}`, { number: 'ISS-2000-0001' }],
      ['POST', `/api/v1/issues/${issue.id}/comments`, {}],
      ['POST', `/api/v1/issues/${issue.id}/comments`, { body: '' }],
      ['POST', `/api/v1/issues/${issue.id}/comments`, { body: 'x', internal: 'yes' }],
      ['GET', '/api/v1/issues?status=done', undefined],
      ['GET', '/api/v1/issues?assignedTo=someone', undefined],
      ['GET', '/api/v1/issues?sort=number', undefined],
      ['GET', '/api/v1/issues?cursor=garbage', undefined],
      ['GET', '/api/v1/issues?createdFrom=yesterday', undefined],
      ['GET', `/api/v1/issues/${issue.id}/comments?q=x`, undefined],
      ['GET', '/api/v1/issues/abc', undefined],
    ];
    for (const [method, url, body] of cases) {
      const res = await api.call(method as 'GET', url, { token: a.owner.token, body });
      assert.equal(res.status, 400, `${method} ${url} ${JSON.stringify(body)} -> ${res.status}`);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.equal(typeof res.body.error.message, 'string');
    }
  });
});

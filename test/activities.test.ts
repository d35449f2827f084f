import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createCrm } from '../src/crm/index.ts';
import { systemClock } from '../src/domain/time.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

const PAST = '2020-01-01T09:00:00.000Z';
const FUTURE = '2999-01-01T09:00:00.000Z';

onEachDatabase('activities', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;
  before(async () => {
    api = await startTestApp(db());
    a = await createTenant(db());
    b = await createTenant(db());
  });

  const crm = () => createCrm({ db: db(), clock: systemClock });

  async function post(t: Tenant, who: 'owner' | 'employee' | 'colleague', path: string, body: object) {
    const res = await api.call('POST', `/api/v1/${path}`, { token: t[who].token, body });
    assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  test('an owner logs an activity about a customer and a deal, audited', async () => {
    const deal = await post(a, 'owner', 'deals', { title: 'Big deal', customerId: a.customerRecordId });
    const created = await post(a, 'owner', 'activities', {
      type: 'call',
      subject: 'Discovery call',
      body: 'Talked budget',
      customerId: a.customerRecordId,
      dealId: deal.id,
      dueAt: '2030-05-01T10:00:00+02:00',
    });
    assert.equal(created.type, 'call');
    assert.equal(created.assignedTo, a.owner.userId);
    assert.equal(created.createdBy, a.owner.userId);
    assert.equal(created.dueAt, '2030-05-01T08:00:00.000Z');
    assert.equal(created.done, false);
    assert.equal(created.doneAt, null);
    assert.match(created.customerName, /^Portal Customer/);
    assert.equal(created.dealTitle, 'Big deal');
    assert.equal(created.leadName, null);

    const got = await api.call('GET', `/api/v1/activities/${created.id}`, { token: a.employee.token });
    assert.equal(got.status, 200);
    assert.equal(got.body.subject, 'Discovery call');

    const logged = await post(a, 'owner', 'activities', { type: 'note', subject: 'Met at fair', done: true });
    assert.equal(logged.done, true);
    assert.ok(logged.doneAt);

    const audit = await api.call('GET', `/api/v1/audit?entity=activity&entityId=${created.id}`, {
      token: a.owner.token,
    });
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['create'],
    );
    assert.equal(audit.body.items[0].after.subject, 'Discovery call');
  });

  test('marking done and undone goes through PATCH, keeps the first stamp, and is audited', async () => {
    const task = await post(a, 'employee', 'activities', { type: 'task', subject: 'Send quote' });
    assert.equal(task.assignedTo, a.employee.userId);
    const patch = (body: object) =>
      api.call('PATCH', `/api/v1/activities/${task.id}`, { token: a.employee.token, body });
    const done = await patch({ done: true });
    assert.equal(done.status, 200);
    assert.equal(done.body.done, true);
    assert.ok(done.body.doneAt);
    const again = await patch({ done: true, subject: 'Send quote v2' });
    assert.equal(again.body.doneAt, done.body.doneAt);
    assert.equal(again.body.subject, 'Send quote v2');
    const undone = await patch({ done: false });
    assert.equal(undone.body.done, false);
    assert.equal(undone.body.doneAt, null);
    const cleared = await patch({ dueAt: FUTURE });
    assert.equal(cleared.body.dueAt, FUTURE);
    assert.equal((await patch({ dueAt: null })).body.dueAt, null);

    const audit = await api.call('GET', `/api/v1/audit?entity=activity&entityId=${task.id}&sort=createdAt`, {
      token: a.owner.token,
    });
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    assert.deepEqual(actions, ['create', 'update', 'update', 'update', 'update', 'update']);
    assert.equal(audit.body.items[1].before.doneAt, null);
    assert.equal(audit.body.items[1].after.doneAt, done.body.doneAt);
  });

  test('an employee updates only activities assigned to them and never deletes', async () => {
    const theirs = await post(a, 'colleague', 'activities', {
      type: 'meeting',
      subject: 'Colleague meeting',
    });
    const refused = await api.call('PATCH', `/api/v1/activities/${theirs.id}`, {
      token: a.employee.token,
      body: { done: true },
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, /assigned to you/);
    const unchanged = await api.call('GET', `/api/v1/activities/${theirs.id}`, { token: a.owner.token });
    assert.equal(unchanged.body.done, false);

    const mine = await post(a, 'employee', 'activities', { type: 'email', subject: 'Mine' });
    const del = await api.call('DELETE', `/api/v1/activities/${mine.id}`, { token: a.employee.token });
    assert.equal(del.status, 403);
    assert.equal(del.body.error.code, 'forbidden');
    assert.equal(
      (await api.call('GET', `/api/v1/activities/${mine.id}`, { token: a.owner.token })).status,
      200,
    );
  });

  test('customers have no access to activities at all: 403 everywhere, whether the id exists or not', async () => {
    const existing = await post(a, 'owner', 'activities', {
      type: 'call',
      subject: 'About the customer',
      customerId: a.customerRecordId,
    });
    const list = await api.call('GET', '/api/v1/activities', { token: a.customer.token });
    assert.equal(list.status, 403);
    assert.match(list.body.error.message, /customer.*activities/);
    for (const id of [existing.id, 2_000_000_000]) {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { subject: 'x' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await api.call(method, `/api/v1/activities/${id}`, { token: a.customer.token, body });
        assert.equal(res.status, 403, `${method} ${id}`);
      }
    }
    const create = await api.call('POST', '/api/v1/activities', {
      token: a.customer.token,
      body: { type: 'note', subject: 'x' },
    });
    assert.equal(create.status, 403);
    await assert.rejects(crm().activities.list(a.customer.actor, {}), { code: 'forbidden' });
  });

  test("another organization's activity and linked records are not found", async () => {
    const foreign = await post(b, 'owner', 'activities', { type: 'task', subject: 'Foreign task' });
    for (const role of ['owner', 'employee'] as const) {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { subject: 'stolen' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await api.call(method, `/api/v1/activities/${foreign.id}`, {
          token: a[role].token,
          body,
        });
        assert.equal(res.status, 404, `${role} ${method}`);
        assert.equal(res.body.error.code, 'not_found');
      }
    }
    const untouched = await api.call('GET', `/api/v1/activities/${foreign.id}`, { token: b.owner.token });
    assert.equal(untouched.body.subject, 'Foreign task');

    const foreignDeal = await post(b, 'owner', 'deals', { title: 'Their deal' });
    const foreignLead = await post(b, 'owner', 'leads', { name: 'Their lead' });
    for (const link of [
      { customerId: b.customerRecordId },
      { dealId: foreignDeal.id },
      { leadId: foreignLead.id },
    ]) {
      const res = await api.call('POST', '/api/v1/activities', {
        token: a.owner.token,
        body: { type: 'note', subject: 'Linked elsewhere', ...link },
      });
      assert.equal(res.status, 404, JSON.stringify(link));
    }
    const mine = await post(a, 'owner', 'activities', { type: 'note', subject: 'Relink me' });
    const relink = await api.call('PATCH', `/api/v1/activities/${mine.id}`, {
      token: a.owner.token,
      body: { dealId: foreignDeal.id },
    });
    assert.equal(relink.status, 404);
    const handOver = await api.call('POST', '/api/v1/activities', {
      token: a.owner.token,
      body: { type: 'task', subject: 'For a stranger', assignedTo: b.employee.userId },
    });
    assert.equal(handOver.status, 400);
  });

  test('with visibility "assigned" employees see and link only what is assigned to them', async () => {
    const t = await createTenant(db(), { settings: { employeeVisibility: 'assigned' } });
    const service = crm().activities;
    const own = await service.create(t.employee.actor, { type: 'task', subject: 'Own' });
    const theirs = await service.create(t.colleague.actor, { type: 'task', subject: 'Theirs' });
    const seen = (await service.list(t.employee.actor, {})).items.map((x) => x.id);
    assert.deepEqual(seen, [own.id]);
    await assert.rejects(service.get(t.employee.actor, theirs.id), { code: 'not_found' });
    const colleaguesCustomer = await crm().customers.create(t.colleague.actor, { name: 'Colleague client' });
    await assert.rejects(
      service.create(t.employee.actor, { type: 'call', subject: 'x', customerId: colleaguesCustomer.id }),
      { code: 'not_found' },
    );
  });

  test('lists filter by type, links, assignee, done and due dates, and page by due date', async () => {
    const t = await createTenant(db());
    const lead = await post(t, 'owner', 'leads', { name: 'Lead One' });
    const deal = await post(t, 'owner', 'deals', { title: 'Deal One' });
    const overdue = await post(t, 'employee', 'activities', {
      type: 'task',
      subject: 'Overdue task',
      dueAt: PAST,
      customerId: t.customerRecordId,
    });
    const upcoming = await post(t, 'employee', 'activities', {
      type: 'call',
      subject: 'Upcoming call',
      dueAt: FUTURE,
      leadId: lead.id,
    });
    const doneLate = await post(t, 'owner', 'activities', {
      type: 'task',
      subject: 'Done late',
      dueAt: '2021-06-01T00:00:00.000Z',
      dealId: deal.id,
      done: true,
    });
    const undated = await post(t, 'owner', 'activities', { type: 'note', subject: 'Undated note' });
    const ids = async (qs: string, who: 'owner' | 'employee' = 'owner') => {
      const res = await api.call('GET', `/api/v1/activities?${qs}`, { token: t[who].token });
      assert.equal(res.status, 200, `${qs}: ${JSON.stringify(res.body)}`);
      return res.body.items.map((x: { id: number }) => x.id).sort();
    };
    const sorted = (...xs: { id: number }[]) => xs.map((x) => x.id).sort();
    assert.deepEqual(await ids('type=task'), sorted(overdue, doneLate));
    assert.deepEqual(await ids(`customerId=${t.customerRecordId}`), sorted(overdue));
    assert.deepEqual(await ids(`leadId=${lead.id}`), sorted(upcoming));
    assert.deepEqual(await ids(`dealId=${deal.id}`), sorted(doneLate));
    assert.deepEqual(await ids('assignedTo=me', 'employee'), sorted(overdue, upcoming));
    assert.deepEqual(await ids(`assignedTo=${t.owner.userId}`), sorted(doneLate, undated));
    assert.deepEqual(await ids('assignedTo=none'), []);
    assert.deepEqual(await ids('done=true'), sorted(doneLate));
    assert.deepEqual(await ids('done=false'), sorted(overdue, upcoming, undated));
    assert.deepEqual(await ids('overdue=true'), sorted(overdue));
    assert.deepEqual(await ids('overdue=false'), sorted(upcoming, doneLate, undated));
    assert.deepEqual(await ids('dueBefore=2022-01-01'), sorted(overdue, doneLate));
    assert.deepEqual(await ids('dueAfter=2021-06-01'), sorted(doneLate, upcoming));
    assert.deepEqual(
      await ids('dueAfter=2021-06-01T00:00:01Z&dueBefore=3000-01-01T00:00:00%2B01:00'),
      sorted(upcoming),
    );
    assert.deepEqual(await ids('q=UPCOMING'), sorted(upcoming));
    const service = await crm().activities.list(t.owner.actor, { overdue: true, done: false });
    assert.deepEqual(
      service.items.map((x) => x.id),
      [overdue.id],
    );

    const subjects: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `sort=dueAt&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call('GET', `/api/v1/activities?${qs}`, { token: t.owner.token });
      assert.equal(page.status, 200);
      subjects.push(...page.body.items.map((x: { subject: string }) => x.subject));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(subjects, ['Overdue task', 'Done late', 'Upcoming call', 'Undated note']);
  });

  test('an owner deletes an activity, audited', async () => {
    const x = await post(a, 'owner', 'activities', { type: 'telegram', subject: 'Ping' });
    assert.equal(
      (await api.call('DELETE', `/api/v1/activities/${x.id}`, { token: a.owner.token })).status,
      204,
    );
    assert.equal((await api.call('GET', `/api/v1/activities/${x.id}`, { token: a.owner.token })).status, 404);
    const audit = await api.call('GET', `/api/v1/audit?entity=activity&entityId=${x.id}&sort=createdAt`, {
      token: a.owner.token,
    });
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['create', 'delete'],
    );
    assert.equal(audit.body.items[1].before.subject, 'Ping');
  });

  test('bad input is a clear 400, never a 500', async () => {
    const x = await post(a, 'owner', 'activities', { type: 'task', subject: 'Target' });
    const cases: [string, string, unknown][] = [
      ['POST', '/api/v1/activities', {}],
      ['POST', '/api/v1/activities', { type: 'fax', subject: 'x' }],
      ['POST', '/api/v1/activities', { type: 'call', subject: '' }],
      ['POST', '/api/v1/activities', { type: 'call', subject: 'x', dueAt: 'tomorrow' }],
      ['POST', '/api/v1/activities', { type: 'call', subject: 'x', dueAt: '2026-13-40T00:00:00Z' }],
      ['POST', '/api/v1/activities', { type: 'call', subject: 'x', customerId: 'abc' }],
      ['POST', '/api/v1/activities', { type: 'call', subject: 'x', done: 'yes' }],
      ['POST', '/api/v1/activities', { type: 'call', subject: 'x', sneaky: 1 }],
      ['PATCH', `/api/v1/activities/${x.id}`, { doneAt: '2026-01-01T00:00:00Z' }],
      ['PATCH', `/api/v1/activities/${x.id}`, { subject: null }],
      ['GET', '/api/v1/activities?done=yes', undefined],
      ['GET', '/api/v1/activities?overdue=1', undefined],
      ['GET', '/api/v1/activities?dueBefore=soon', undefined],
      ['GET', '/api/v1/activities?type=fax', undefined],
      ['GET', '/api/v1/activities?sort=subject', undefined],
      ['GET', '/api/v1/activities?cursor=garbage', undefined],
      ['GET', '/api/v1/activities/abc', undefined],
    ];
    for (const [method, url, body] of cases) {
      const res = await api.call(method as 'GET', url, { token: a.owner.token, body });
      assert.equal(res.status, 400, `${method} ${url} ${JSON.stringify(body)} -> ${res.status}`);
      assert.equal(res.body.error.code, 'validation_failed');
    }
  });
});

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import { createCrm } from '../src/crm/index.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

interface RowResult {
  row: number;
  status: string;
  id: number | null;
  message: string | null;
}

onEachDatabase('imports', ({ kind, db }) => {
  let api: TestApp;
  before(async () => {
    api = await startTestApp(db());
  });

  async function importRows(t: Tenant, who: 'owner' | 'employee', area: string, body: object) {
    const res = await api.call('POST', `/api/v1/${area}/import`, { token: t[who].token, body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as {
      created: number;
      updated: number;
      skipped: number;
      failed: number;
      rows: RowResult[];
    };
  }

  async function customersByEmail(t: Tenant, email: string) {
    const res = await api.call('GET', `/api/v1/customers?email=${encodeURIComponent(email)}`, {
      token: t.owner.token,
    });
    return res.body.items as { id: number; name: string; phone: string | null; assignedTo: number | null }[];
  }

  test('each refused row is reported with its number and a readable reason; the others go in', async () => {
    const t = await createTenant(db());
    const result = await importRows(t, 'owner', 'customers', {
      firstRow: 2,
      rows: [
        { name: 'Ada Quill', email: 'ada@quill.test' },
        { email: 'nameless@quill.test' },
        { name: 'Bad Mail', email: 'not-an-email' },
        { name: 'Bo Quill', status: 'sleeping' },
        { name: 'Cy Quill', phone: '555 0101' },
      ],
    });
    assert.deepEqual([result.created, result.updated, result.skipped, result.failed], [2, 0, 0, 3]);
    assert.deepEqual(
      result.rows.map((r) => [r.row, r.status]),
      [
        [2, 'created'],
        [3, 'failed'],
        [4, 'failed'],
        [5, 'failed'],
        [6, 'created'],
      ],
    );
    const messages = result.rows.map((r) => r.message);
    assert.equal(messages[1], 'Name: Enter a name');
    assert.equal(messages[2], 'Email: Enter a valid email');
    assert.match(messages[3]!, /^Status: Choose active, /);
    assert.equal((await customersByEmail(t, 'ada@quill.test')).length, 1);
    assert.equal((await customersByEmail(t, 'nameless@quill.test')).length, 0);
  });

  test('a row whose email exists is skipped or updates that record, never duplicated', async () => {
    const t = await createTenant(db());
    const first = await importRows(t, 'owner', 'customers', {
      rows: [{ name: 'Dana Reed', email: 'dana@reed.test', phone: '555 0001' }],
    });
    const id = first.rows[0]!.id;
    const again = [{ name: 'Dana Reed-Smith', email: 'DANA@reed.test', phone: '555 0002' }];

    const skipped = await importRows(t, 'owner', 'customers', { rows: again });
    assert.deepEqual(skipped.rows, [
      { row: 1, status: 'skipped', id, message: 'A record with this email already exists' },
    ]);
    assert.deepEqual(
      (await customersByEmail(t, 'dana@reed.test')).map((c) => [c.id, c.name, c.phone]),
      [[id, 'Dana Reed', '555 0001']],
    );

    const updated = await importRows(t, 'owner', 'customers', { rows: again, onExisting: 'update' });
    assert.deepEqual(updated.rows, [{ row: 1, status: 'updated', id, message: null }]);
    assert.deepEqual(
      (await customersByEmail(t, 'dana@reed.test')).map((c) => [c.id, c.name, c.phone]),
      [[id, 'Dana Reed-Smith', '555 0002']],
    );
    const audit = await api.call('GET', `/api/v1/audit?entity=customer&entityId=${id}&sort=createdAt`, {
      token: t.owner.token,
    });
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['create', 'update'],
    );

    // The same email twice in one file: the first row creates the record, the second finds it.
    const twice = await importRows(t, 'owner', 'customers', {
      rows: [
        { name: 'Eve One', email: 'eve@reed.test' },
        { name: 'Eve Two', email: 'eve@reed.test' },
      ],
    });
    assert.deepEqual(
      twice.rows.map((r) => r.status),
      ['created', 'skipped'],
    );
    assert.equal((await customersByEmail(t, 'eve@reed.test')).length, 1);
  });

  test('the preview tells new, existing and refused rows apart and writes nothing', async () => {
    const t = await createTenant(db());
    await importRows(t, 'owner', 'leads', { rows: [{ name: 'Old Lead', email: 'old@lead.test' }] });
    const res = await api.call('POST', '/api/v1/leads/import/preview', {
      token: t.owner.token,
      body: {
        firstRow: 10,
        rows: [
          { name: 'New Lead', email: 'new@lead.test', estimatedValue: 120000 },
          { name: 'Old Lead again', email: 'Old@Lead.test' },
          { name: 'Too keen', score: 150 },
        ],
      },
    });
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.new, res.body.existing, res.body.invalid], [1, 1, 1]);
    assert.deepEqual(
      res.body.rows.map((r: RowResult) => [r.row, r.status, r.message]),
      [
        [10, 'new', null],
        [11, 'existing', null],
        [12, 'invalid', 'Score: Enter a number from 0 to 100'],
      ],
    );
    const leads = await api.call('GET', '/api/v1/leads', { token: t.owner.token });
    assert.deepEqual(
      leads.body.items.map((l: { name: string }) => l.name),
      ['Old Lead'],
    );
  });

  test('a customer is refused the import and its preview; nothing is created', async () => {
    const t = await createTenant(db());
    for (const path of ['/api/v1/customers/import', '/api/v1/leads/import', '/api/v1/leads/import/preview']) {
      const res = await api.call('POST', path, {
        token: t.customer.token,
        body: { rows: [{ name: 'Sneaky', email: 'sneaky@portal.test' }] },
      });
      assert.equal(res.status, 403, path);
      assert.match(res.body.error.message, /cannot create/);
    }
    assert.equal((await customersByEmail(t, 'sneaky@portal.test')).length, 0);
    const leads = await api.call('GET', '/api/v1/leads?q=sneaky', { token: t.owner.token });
    assert.equal(leads.body.items.length, 0);
  });

  test("an employee's import updates only what is theirs; the rest of the batch goes in", async () => {
    const t = await createTenant(db());
    const theirs = await api.call('POST', '/api/v1/customers', {
      token: t.owner.token,
      body: { name: 'Colleague Client', email: 'client@colleague.test', assignedTo: t.colleague.userId },
    });
    const result = await importRows(t, 'employee', 'customers', {
      onExisting: 'update',
      rows: [
        { name: 'Renamed by employee', email: 'client@colleague.test' },
        { name: 'Fresh Client', email: 'fresh@employee.test' },
      ],
    });
    assert.deepEqual(
      result.rows.map((r) => [r.status, r.message]),
      [
        ['failed', 'You can update only customers assigned to you'],
        ['created', null],
      ],
    );
    const unchanged = await api.call('GET', `/api/v1/customers/${theirs.body.id}`, { token: t.owner.token });
    assert.equal(unchanged.body.name, 'Colleague Client');
  });

  test('new records go to the importer unless the import or the row names someone, by id or name', async () => {
    const t = await createTenant(db());
    const byOwner = await importRows(t, 'owner', 'customers', {
      rows: [
        { name: 'Mine', email: 'mine@assign.test' },
        { name: 'Theirs', email: 'theirs@assign.test', assignedTo: `Employee of ${t.slug}` },
        { name: 'By email', email: 'byemail@assign.test', assignedTo: t.colleague.email },
        { name: 'Nobody', email: 'nobody@assign.test', assignedTo: 'Zed Unknown' },
      ],
    });
    assert.equal(
      byOwner.rows[3]!.message,
      'Assigned to: nobody in this organization is called "Zed Unknown"',
    );
    const assignee = async (email: string) => (await customersByEmail(t, email))[0]?.assignedTo;
    assert.equal(await assignee('mine@assign.test'), t.owner.userId);
    assert.equal(await assignee('theirs@assign.test'), t.employee.userId);
    assert.equal(await assignee('byemail@assign.test'), t.colleague.userId);

    await importRows(t, 'owner', 'customers', {
      assignedTo: null,
      rows: [{ name: 'Pool', email: 'pool@assign.test' }],
    });
    assert.equal(await assignee('pool@assign.test'), null);
    await importRows(t, 'employee', 'leads', { rows: [{ name: 'Employee lead', email: 'el@assign.test' }] });
    const lead = await api.call('GET', '/api/v1/leads?q=employee%20lead', { token: t.owner.token });
    assert.equal(lead.body.items[0].assignedTo, t.employee.userId);

    // The same rule as the form's: a customer member is no assignee.
    const refused = await importRows(t, 'owner', 'customers', {
      rows: [{ name: 'To a customer', assignedTo: t.customer.userId }],
    });
    assert.equal(refused.rows[0]!.status, 'failed');
    assert.match(refused.rows[0]!.message!, /not an owner or employee/);
  });

  test('a batch is one transaction: a database failure mid-batch leaves none of its rows', async () => {
    const t = await createTenant(db());
    const crm = createCrm({ db: db(), clock: () => new Date() });
    if (kind === 'sqlite') {
      await sql`create trigger refuse_boom before insert on customers when new.name = 'Boom Row'
        begin select raise(abort, 'refused by test trigger'); end`.execute(db());
    } else {
      await sql`create function refuse_boom() returns trigger language plpgsql as $$
        begin if new.name = 'Boom Row' then raise exception 'refused by test trigger'; end if; return new; end $$`.execute(
        db(),
      );
      await sql`create trigger refuse_boom before insert on customers
        for each row execute function refuse_boom()`.execute(db());
    }
    try {
      const rows = [
        { name: 'Before Boom', email: 'before@boom.test' },
        { name: 'Boom Row', email: 'boom@boom.test' },
        { name: 'After Boom', email: 'after@boom.test' },
      ];
      await assert.rejects(crm.imports.commit(t.owner.actor, 'customers', rows), /refused by test trigger/);
      for (const email of ['before@boom.test', 'after@boom.test'])
        assert.equal((await customersByEmail(t, email)).length, 0, email);
      const audit = await api.call('GET', '/api/v1/audit?entity=customer', { token: t.owner.token });
      assert.equal(audit.body.items.length, 0, 'no audit entry outlives the batch');

      const next = await crm.imports.commit(t.owner.actor, 'customers', [rows[0], rows[2]]);
      assert.equal(next.created, 2);
    } finally {
      await sql`drop trigger refuse_boom${sql.raw(kind === 'sqlite' ? '' : ' on customers')}`.execute(db());
    }
  });

  test('leads take money in minor units and bad batches are a 400', async () => {
    const t = await createTenant(db());
    const result = await importRows(t, 'owner', 'leads', {
      rows: [{ name: 'Valued', email: 'valued@lead.test', estimatedValue: 120000, source: 'Trade fair' }],
    });
    const lead = await api.call('GET', `/api/v1/leads/${result.rows[0]!.id}`, { token: t.owner.token });
    assert.equal(lead.body.estimatedValue, 120000);
    for (const body of [
      { rows: [] },
      { rows: Array.from({ length: 501 }, (_, i) => ({ name: `Row ${i}` })) },
      { rows: [{ name: 'x' }], onExisting: 'merge' },
      { rows: 'name,email' },
    ]) {
      const res = await api.call('POST', '/api/v1/leads/import', { token: t.owner.token, body });
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
    }
  });
});

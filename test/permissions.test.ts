import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ROLES } from '../src/domain/actor.ts';
import { type Action, type Area, grantFor } from '../src/domain/policy.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * The permission table of docs/permissions.md, cell by cell, through the REST API. For every role and every
 * (area, action) the table decides:
 * - false: the request is refused with 403 even on a record of the caller's own organization
 * - 'assigned': an employee is refused (403) on a record assigned to a colleague, and allowed on their own
 * - 'own': a customer gets 404 for another customer's record, and is allowed on their own
 * - 'all': the request succeeds
 * Every cell the table grants to anyone must have a request below, so a new area cannot go untested.
 */

interface Target {
  /** The record the request acts on, chosen per expectation (a colleague's, another customer's, ...). */
  id: number;
}

interface Cell {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (t: Target) => string;
  body?: (f: Fixtures) => unknown;
}

interface Fixtures {
  tenant: Tenant;
  /** A customer record with no portal login: someone else's, from the portal customer's point of view. */
  otherCustomerId: number;
}

interface AreaKit {
  /** Creates a fresh record as the owner, assigned to `assignee` and belonging to `customerId`. */
  make?: (f: Fixtures, opts: { assignee: number; customerId: number }) => Promise<number>;
  cells: Partial<Record<Action, Cell>>;
}

const crud = (
  path: string,
  create: (f: Fixtures) => unknown,
  update: unknown,
): Partial<Record<Action, Cell>> => ({
  read: { method: 'GET', path: (t) => `/api/v1/${path}/${t.id}` },
  create: { method: 'POST', path: () => `/api/v1/${path}`, body: create },
  update: { method: 'PATCH', path: (t) => `/api/v1/${path}/${t.id}`, body: () => update },
  delete: { method: 'DELETE', path: (t) => `/api/v1/${path}/${t.id}` },
});

const items = [{ description: 'Consulting', quantity: 1, unitPrice: 10_000 }];

function kits(api: TestApp): Record<Area, AreaKit> {
  async function make(f: Fixtures, path: string, body: unknown): Promise<number> {
    const res = await api.call('POST', `/api/v1/${path}`, { token: f.tenant.owner.token, body });
    assert.equal(res.status, 201, `making ${path}: ${JSON.stringify(res.body)}`);
    return res.body.id;
  }
  return {
    customers: {
      make: (f, o) => make(f, 'customers', { name: 'Perm Customer', assignedTo: o.assignee }),
      cells: crud('customers', () => ({ name: 'Created Customer' }), { notes: 'edited' }),
    },
    leads: {
      make: (f, o) => make(f, 'leads', { name: 'Perm Lead', assignedTo: o.assignee }),
      cells: crud('leads', () => ({ name: 'Created Lead' }), { notes: 'edited' }),
    },
    deals: {
      make: (f, o) => make(f, 'deals', { title: 'Perm Deal', assignedTo: o.assignee }),
      cells: crud('deals', () => ({ title: 'Created Deal' }), { title: 'edited' }),
    },
    activities: {
      make: (f, o) => make(f, 'activities', { type: 'call', subject: 'Perm call', assignedTo: o.assignee }),
      cells: crud('activities', () => ({ type: 'note', subject: 'Created note' }), { subject: 'edited' }),
    },
    issues: {
      make: (f, o) =>
        make(f, 'issues', { title: 'Perm issue', customerId: o.customerId, assignedTo: o.assignee }),
      cells: {
        ...crud('issues', (f) => ({ title: 'Created issue', customerId: f.otherCustomerId }), {
          priority: 'high',
        }),
        comment: {
          method: 'POST',
          path: (t) => `/api/v1/issues/${t.id}/comments`,
          body: () => ({ body: 'Hi' }),
        },
      },
    },
    orders: {
      make: (f, o) => make(f, 'orders', { customerId: o.customerId, items, assignedTo: o.assignee }),
      cells: crud('orders', (f) => ({ customerId: f.otherCustomerId, items }), { notes: 'edited' }),
    },
    payments: {
      make: (f, o) => make(f, 'payments', { customerId: o.customerId, amount: 500, assignedTo: o.assignee }),
      cells: crud('payments', (f) => ({ customerId: f.otherCustomerId, amount: 700 }), { notes: 'edited' }),
    },
    analytics: {
      cells: { read: { method: 'GET', path: () => '/api/v1/analytics/summary?period=this_year' } },
    },
    members: {
      cells: {
        read: { method: 'GET', path: (t) => `/api/v1/members/${t.id}` },
        create: {
          method: 'POST',
          path: () => '/api/v1/invitations',
          body: () => ({
            email: `invitee${Math.random().toString(36).slice(2)}@example.test`,
            role: 'employee',
          }),
        },
        update: {
          method: 'PATCH',
          path: (t) => `/api/v1/members/${t.id}`,
          body: () => ({ role: 'employee' }),
        },
        delete: { method: 'DELETE', path: (t) => `/api/v1/members/${t.id}` },
      },
    },
    colleagues: { cells: { read: { method: 'GET', path: () => '/api/v1/colleagues' } } },
    pipelines: {
      make: (f) => make(f, 'pipelines', { name: `Perm pipeline ${Math.random().toString(36).slice(2)}` }),
      cells: crud('pipelines', () => ({ name: `Created pipeline ${Math.random().toString(36).slice(2)}` }), {
        name: 'Edited pipeline',
      }),
    },
    settings: {
      cells: {
        read: { method: 'GET', path: () => '/api/v1/organization' },
        update: {
          method: 'PATCH',
          path: () => '/api/v1/organization',
          body: () => ({ name: 'Renamed Org' }),
        },
      },
    },
    audit: { cells: { read: { method: 'GET', path: () => '/api/v1/audit' } } },
  };
}

const ACTIONS: Action[] = ['read', 'create', 'update', 'delete', 'comment'];

onEachDatabase('the permission table, cell by cell, through REST', ({ db }) => {
  let api: TestApp;
  let f: Fixtures;
  let areas: Record<Area, AreaKit>;

  before(async () => {
    api = await startTestApp(db());
    const tenant = await createTenant(db());
    const other = await api.call('POST', '/api/v1/customers', {
      token: tenant.owner.token,
      body: { name: 'Someone Else' },
    });
    f = { tenant, otherCustomerId: other.body.id };
    areas = kits(api);
  });

  test('every cell granted to some role has a request to test it', () => {
    for (const [area, kit] of Object.entries(areas) as [Area, AreaKit][]) {
      for (const action of ACTIONS) {
        const granted = ROLES.some((role) => grantFor(role, area, action) !== false);
        assert.equal(granted, kit.cells[action] !== undefined, `${area}.${action}: table and test disagree`);
      }
    }
  });

  /** A record for a cell: the member to act on, or a fresh record owned as the expectation needs. */
  async function target(area: Area, kit: AreaKit, opts: { assignee: number; customerId: number }) {
    if (area === 'members') return { id: f.tenant.colleague.userId };
    return { id: kit.make ? await kit.make(f, opts) : 0 };
  }

  for (const role of ROLES) {
    test(`${role}: every forbidden cell is refused and every allowed one works`, async () => {
      const me = f.tenant[role];
      const checked: string[] = [];
      for (const [area, kit] of Object.entries(areas) as [Area, AreaKit][]) {
        for (const [action, cell] of Object.entries(kit.cells) as [Action, Cell][]) {
          const grant = grantFor(role, area, action);
          const send = async (t: Target) =>
            api.call(cell.method, cell.path(t), {
              token: me.token,
              ...(cell.body ? { body: cell.body(f) } : {}),
            });
          const label = `${role} ${action} ${area}`;
          if (area === 'members' && action === 'delete' && grant === 'all') continue; // would remove a fixture
          if (grant === false) {
            // A record the role can see, so the refusal is the role's and not the row scope's 404.
            const visible =
              area === 'customers' && role === 'customer'
                ? { id: f.tenant.customerRecordId }
                : await target(area, kit, ownedBy(f.tenant.customerRecordId));
            const res = await send(visible);
            assert.equal(
              res.status,
              403,
              `${label} must be refused: ${res.status} ${JSON.stringify(res.body)}`,
            );
            assert.equal(res.body.error.code, 'forbidden');
          } else if (grant === 'assigned') {
            const theirs = await target(area, kit, {
              assignee: f.tenant.colleague.userId,
              customerId: f.tenant.customerRecordId,
            });
            const res = await send(theirs);
            assert.equal(
              res.status,
              403,
              `${label} on a colleague's record: ${res.status} ${JSON.stringify(res.body)}`,
            );
            const own = await send(
              await target(area, kit, { assignee: me.userId, customerId: f.tenant.customerRecordId }),
            );
            assert.ok(
              own.status < 300,
              `${label} on their own record: ${own.status} ${JSON.stringify(own.body)}`,
            );
          } else if (grant === 'own') {
            const other =
              action === 'create' ? { id: 0 } : await target(area, kit, ownedBy(f.otherCustomerId));
            const res = await send(area === 'customers' ? { id: f.otherCustomerId } : other);
            assert.equal(
              res.status,
              404,
              `${label} of another customer: ${res.status} ${JSON.stringify(res.body)}`,
            );
          } else {
            const res = await send(await target(area, kit, ownedBy(f.tenant.customerRecordId)));
            assert.ok(res.status < 300, `${label} must work: ${res.status} ${JSON.stringify(res.body)}`);
          }
          checked.push(`${area}.${action}=${grant}`);
        }
      }
      assert.ok(checked.length >= 30, `only ${checked.length} cells checked`);
    });
  }

  function ownedBy(customerId: number) {
    return { assignee: f.tenant.employee.userId, customerId };
  }

  test("a customer's own records are theirs to read, and their issues to create and comment on", async () => {
    const me = f.tenant.customer;
    const own = await api.call('GET', `/api/v1/customers/${f.tenant.customerRecordId}`, { token: me.token });
    assert.equal(own.status, 200);
    for (const area of ['issues', 'orders', 'payments'] as const) {
      const id = await areas[area].make!(f, {
        assignee: f.tenant.employee.userId,
        customerId: f.tenant.customerRecordId,
      });
      const res = await api.call('GET', `/api/v1/${area}/${id}`, { token: me.token });
      assert.equal(res.status, 200, `${area}: ${JSON.stringify(res.body)}`);
    }
    const issue = await api.call('POST', '/api/v1/issues', {
      token: me.token,
      body: { title: 'My own problem' },
    });
    assert.equal(issue.status, 201, JSON.stringify(issue.body));
    const comment = await api.call('POST', `/api/v1/issues/${issue.body.id}/comments`, {
      token: me.token,
      body: { body: 'More detail' },
    });
    assert.equal(comment.status, 201, JSON.stringify(comment.body));
  });
});

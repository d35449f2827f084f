import { sql } from 'kysely';
import { actorFor } from '../../src/crm/actors.ts';
import { addMembership, createOrganization, createUser } from '../../src/crm/bootstrap.ts';
import { createSession } from '../../src/crm/sessions.ts';
import type { Db } from '../../src/db/index.ts';
import type { Actor, OrganizationSettings, Role, Via } from '../../src/domain/actor.ts';
import { rowSearchTerms } from '../../src/domain/search-text.ts';
import { systemClock } from '../../src/domain/time.ts';

export const TEST_PASSWORD = 'correct horse battery';

export interface TestUser {
  userId: number;
  email: string;
  role: Role;
  actor: Actor;
  /** A session token usable as `Authorization: Bearer`. */
  token: string;
}

export interface Tenant {
  orgId: number;
  slug: string;
  owner: TestUser;
  employee: TestUser;
  /** A second employee, to prove employees cannot change each other's records. */
  colleague: TestUser;
  customer: TestUser;
  /** The customer record whose portal user is `customer`. */
  customerRecordId: number;
}

let counter = 0;

async function user(
  db: Db,
  orgId: number,
  slug: string,
  role: Role,
  label: string,
  via: Via,
): Promise<TestUser> {
  const email = `${label}.${slug}@example.test`;
  const at = new Date().toISOString();
  const userId = await createUser(db, { email, name: `${label} of ${slug}`, password: TEST_PASSWORD }, at);
  await addMembership(db, userId, orgId, role, at);
  const token = await createSession(db, userId, systemClock, 1);
  return { userId, email, role, token, actor: await actorFor(db, userId, via, { organizationId: orgId }) };
}

/** Whether the search index's migration has run. */
async function searchable(db: Db): Promise<boolean> {
  const { rows } = await sql`select 1 from kysely_migration where name = '0016_search_index'`.execute(db);
  return rows.length > 0;
}

/** An organization with an owner, two employees and a customer with a portal login. */
export async function createTenant(
  db: Db,
  opts: { settings?: Partial<OrganizationSettings>; via?: Via } = {},
): Promise<Tenant> {
  counter += 1;
  const slug = `org${counter}-${process.pid}`;
  const via = opts.via ?? 'api';
  const at = new Date().toISOString();
  const orgId = await createOrganization(
    db,
    { slug, name: `Org ${counter}`, ...(opts.settings ? { settings: opts.settings } : {}) },
    at,
  );
  const owner = await user(db, orgId, slug, 'owner', 'owner', via);
  const employee = await user(db, orgId, slug, 'employee', 'employee', via);
  const colleague = await user(db, orgId, slug, 'employee', 'colleague', via);
  const customer = await user(db, orgId, slug, 'customer', 'customer', via);
  const record = await db
    .insertInto('customers')
    .values({
      organization_id: orgId,
      kind: 'individual',
      name: `Portal Customer ${counter}`,
      name_key: `portal customer ${counter}`,
      email: customer.email,
      status: 'active',
      tags: '[]',
      portal_user_id: customer.userId,
      assigned_to: employee.userId,
      // A database migrated only part way (test/migrations.test.ts) has no search terms yet.
      ...((await searchable(db)) && {
        search_terms: rowSearchTerms({ name: `Portal Customer ${counter}`, email: customer.email }),
      }),
      created_at: at,
      updated_at: at,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return { orgId, slug, owner, employee, colleague, customer, customerRecordId: record.id };
}

import { actorFor } from '../auth/actors.ts';
import { addMembership, createOrganization, createUser } from '../crm/bootstrap.ts';
import type { Crm } from '../crm/index.ts';
import type { Db } from '../db/index.ts';
import type { Role } from '../domain/actor.ts';
import { type Clock, isoNow } from '../domain/time.ts';

export const DEMO_PASSWORD = 'parley-demo';
export const DEMO_ORG = { slug: 'acme', name: 'Acme Trading' };

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'owner@acme.test', name: 'Olivia Owens', role: 'owner' },
  { email: 'employee@acme.test', name: 'Ethan Park', role: 'employee' },
  { email: 'sales@acme.test', name: 'Sofia Reyes', role: 'employee' },
  { email: 'customer@acme.test', name: 'Carlos Mendes', role: 'customer' },
];

const CUSTOMERS = [
  {
    name: 'Carlos Mendes',
    kind: 'individual',
    email: 'customer@acme.test',
    phone: '+1 555 0101',
    city: 'Austin',
    source: 'website',
  },
  {
    name: 'Northwind Foods',
    kind: 'business',
    companyName: 'Northwind Foods LLC',
    email: 'buying@northwind.test',
    city: 'Seattle',
    source: 'referral',
  },
  {
    name: 'Bluebird Cafe',
    kind: 'business',
    email: 'hello@bluebird.test',
    city: 'Portland',
    source: 'facebook',
  },
  {
    name: 'Helen Carter',
    kind: 'individual',
    email: 'helen.carter@mail.test',
    city: 'Denver',
    source: 'event',
  },
  { name: 'Orbit Logistics', kind: 'business', email: 'ops@orbit.test', city: 'Chicago', source: 'linkedin' },
  {
    name: 'Greenleaf Studio',
    kind: 'business',
    email: 'studio@greenleaf.test',
    city: 'Boston',
    source: 'partner',
  },
  {
    name: 'Marcus Lee',
    kind: 'individual',
    email: 'marcus.lee@mail.test',
    city: 'Miami',
    source: 'cold_call',
  },
  {
    name: 'Sunrise Dental',
    kind: 'business',
    email: 'office@sunrise.test',
    city: 'Phoenix',
    source: 'google',
  },
] as const;

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !row;
}

export interface DemoResult {
  organizationId: number;
  logins: { email: string; role: Role }[];
}

/** A small, realistic organization to explore on first start: every area has something in it. */
export async function seedDemo(db: Db, crm: Crm, clock: Clock): Promise<DemoResult> {
  const at = isoNow(clock);
  const organizationId = await createOrganization(db, DEMO_ORG, at);
  const ids: Record<string, number> = {};
  for (const p of DEMO_USERS) {
    ids[p.email] = await createUser(db, { email: p.email, name: p.name, password: DEMO_PASSWORD }, at);
    await addMembership(db, ids[p.email]!, organizationId, p.role, at);
  }
  const owner = await actorFor(db, ids['owner@acme.test']!, 'system', { organizationId });
  const employee = await actorFor(db, ids['employee@acme.test']!, 'system', { organizationId });

  const customers = [];
  for (const [i, c] of CUSTOMERS.entries()) {
    customers.push(
      await crm.customers.create(i % 2 === 0 ? employee : owner, {
        ...c,
        ...(c.email === 'customer@acme.test' ? { portalUserId: ids['customer@acme.test'] } : {}),
      }),
    );
  }
  return { organizationId, logins: DEMO_USERS.map(({ email, role }) => ({ email, role })) };
}

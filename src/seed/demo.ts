import { verifyPassword } from '../auth/passwords.ts';
import type { Config } from '../config.ts';
import { actorFor } from '../crm/actors.ts';
import { addMembership, createOrganization, createUser } from '../crm/bootstrap.ts';
import { type Crm, createCrm } from '../crm/index.ts';
import type { Db } from '../db/index.ts';
import type { Actor, Role } from '../domain/actor.ts';
import type { Clock } from '../domain/time.ts';
import { CUSTOMERS, DEALS, LEADS } from './demo-records.ts';

export const DEMO_PASSWORD = 'parley-demo';
export const DEMO_ORG = { slug: 'acme', name: 'Acme Trading' };

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'owner@acme.test', name: 'Olivia Owens', role: 'owner' },
  { email: 'employee@acme.test', name: 'Ethan Park', role: 'employee' },
  { email: 'sales@acme.test', name: 'Sofia Reyes', role: 'employee' },
  { email: 'customer@acme.test', name: 'Carlos Mendes', role: 'customer' },
];

/** Demo data goes into an empty embedded database by default, never into PostgreSQL unless asked. */
export function wantsDemo(config: Pick<Config, 'DEMO_DATA' | 'database'>): boolean {
  if (config.DEMO_DATA === 'auto') return config.database.kind === 'sqlite';
  return config.DEMO_DATA === 'on';
}

/**
 * The demo sign-ins the sign-in page may show: those demo people who are still members of the demo
 * organization and still have the demo password. None on a server that does not run the demo, so a real
 * instance never advertises logins, nor one whose operator changed the demo passwords.
 */
export async function demoSignIns(
  db: Db,
  config: Pick<Config, 'DEMO_DATA' | 'database'>,
): Promise<{ password: string; logins: { email: string; role: Role }[] } | null> {
  if (!wantsDemo(config)) return null;
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.email', 'users.password_hash', 'memberships.role'])
    .where('organizations.slug', '=', DEMO_ORG.slug)
    .where(
      'users.email',
      'in',
      DEMO_USERS.map((u) => u.email),
    )
    .execute();
  const logins: { email: string; role: Role }[] = [];
  for (const u of DEMO_USERS) {
    const row = rows.find((r) => r.email === u.email);
    if (row && (await verifyPassword(row.password_hash, DEMO_PASSWORD))) {
      logins.push({ email: u.email, role: row.role as Role });
    }
  }
  return logins.length ? { password: DEMO_PASSWORD, logins } : null;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !row;
}

export interface DemoResult {
  organizationId: number;
  logins: { email: string; role: Role }[];
}

const DAY_MS = 86_400_000;

/** What every part of the demo works with: the services on a walking clock, and the people acting. */
interface Scene {
  crm: Crm;
  /** The real now, where the walk ends. */
  now: number;
  /** Moves the clock the services see to that many days before now. */
  daysAgo(days: number): void;
  ids: Record<string, number>;
  owner: Actor;
  staff: { employee: Actor; sales: Actor };
  portal: Actor;
}

type Customers = { id: number }[];
type Deals = { id: number }[];

/** The organization, its people and their actors. */
async function seedPeople(db: Db, stamp: () => string) {
  const organizationId = await createOrganization(db, DEMO_ORG, stamp());
  const ids: Record<string, number> = {};
  for (const p of DEMO_USERS) {
    ids[p.email] = await createUser(db, { email: p.email, name: p.name, password: DEMO_PASSWORD }, stamp());
    await addMembership(db, ids[p.email]!, organizationId, p.role, stamp());
  }
  const actor = (email: string) => actorFor(db, ids[email]!, 'system', { organizationId });
  const owner = await actor('owner@acme.test');
  const staff = { employee: await actor('employee@acme.test'), sales: await actor('sales@acme.test') };
  const portal = await actor('customer@acme.test');

  return { organizationId, ids, owner, staff, portal };
}

/** Customers, leads, and deals moved along the pipeline. */
async function seedSales({
  crm,
  now,
  daysAgo,
  ids,
  owner,
  staff,
}: Scene): Promise<{ customers: Customers; deals: Deals }> {
  const customers = [];
  for (const [i, c] of CUSTOMERS.entries()) {
    daysAgo(45 - i * 3);
    const seller = i % 2 === 0 ? staff.employee : staff.sales;
    // Portal access is the owner's to give, so the owner enters the portal customer, for the seller.
    customers.push(
      c.email === 'customer@acme.test'
        ? await crm.customers.create(owner, {
            ...c,
            assignedTo: seller.userId,
            portalUserId: ids['customer@acme.test'],
          })
        : await crm.customers.create(seller, c),
    );
  }

  for (const [i, l] of LEADS.entries()) {
    daysAgo(25 - i * 4);
    const { value, ...lead } = l;
    await crm.leads.create(i % 2 === 0 ? staff.employee : staff.sales, {
      ...lead,
      estimatedValue: value * 100,
    });
  }

  const deals = [];
  for (const d of DEALS) {
    daysAgo(d.days);
    const deal = await crm.deals.create(staff[d.by], {
      title: d.title,
      value: d.value * 100,
      customerId: customers[d.customer]!.id,
      expectedCloseDate: new Date(now + 30 * DAY_MS).toISOString().slice(0, 10),
    });
    if (d.stage !== 'Lead') {
      daysAgo(Math.max(1, d.days - 4));
      const reason = d.stage === 'Closed Lost' ? 'Chose a cheaper supplier' : undefined;
      await crm.deals.moveStage(staff[d.by], deal.id, { stage: d.stage, ...(reason && { reason }) });
    }
    deals.push(deal);
  }

  return { customers, deals };
}

/** Orders, and payments against two of them. */
async function seedOrders({ crm, daysAgo, staff }: Scene, customers: Customers, deals: Deals): Promise<void> {
  daysAgo(30);
  const restock = await crm.orders.create(staff.employee, {
    customerId: customers[7]!.id,
    dealId: deals[4]!.id,
    status: 'confirmed',
    taxRateBp: 825,
    items: [
      { description: 'Nitrile gloves, case of 1000', quantity: 6, unitPrice: 8_900 },
      { description: 'Autoclave pouches, box of 200', quantity: 10, unitPrice: 2_450 },
    ],
  });
  daysAgo(6);
  const upgrade = await crm.orders.create(staff.employee, {
    customerId: customers[0]!.id,
    status: 'confirmed',
    discount: 5_000,
    items: [{ description: 'Laptop upgrade kit', quantity: 1, unitPrice: 185_000 }],
  });
  daysAgo(2);
  await crm.orders.create(staff.sales, {
    customerId: customers[2]!.id,
    items: [{ description: 'Espresso machine service visit', quantity: 1, unitPrice: 24_000 }],
  });

  daysAgo(22);
  await crm.payments.create(staff.employee, {
    orderId: restock.id,
    amount: restock.total,
    method: 'bank_transfer',
  });
  daysAgo(4);
  await crm.payments.create(staff.employee, { orderId: upgrade.id, amount: 100_000, method: 'card' });
}

/** Issues raised by a customer, the owner and staff, in several states. */
async function seedIssues(
  { crm, daysAgo, ids, owner, staff, portal }: Scene,
  customers: Customers,
): Promise<void> {
  daysAgo(10);
  const broken = await crm.issues.create(portal, {
    title: 'Laptop upgrade kit missing a screw set',
    description: 'The box arrived without the small screws for the drive bay.',
    priority: 'high',
    category: 'product',
  });
  daysAgo(9);
  await crm.issues.addComment(staff.employee, broken.id, {
    body: 'Sorry about that! A screw set is on its way.',
  });
  await crm.issues.update(staff.employee, broken.id, { status: 'in_progress' });
  daysAgo(18);
  const invoice = await crm.issues.create(owner, {
    title: 'Invoice shows the wrong tax rate',
    priority: 'medium',
    category: 'billing',
    customerId: customers[7]!.id,
    assignedTo: ids['sales@acme.test'],
  });
  daysAgo(16);
  await crm.issues.update(staff.sales, invoice.id, {
    status: 'resolved',
    resolution: 'Reissued the invoice at 8.25%.',
  });
  daysAgo(1);
  await crm.issues.create(staff.sales, {
    title: 'Espresso machine leaking after service',
    priority: 'urgent',
    category: 'technical',
    customerId: customers[2]!.id,
  });
}

/** Calls, meetings, tasks, emails and notes, some done, one overdue. */
async function seedActivities(
  { crm, now, daysAgo, owner, staff }: Scene,
  customers: Customers,
  deals: Deals,
) {
  const tomorrow = new Date(now + DAY_MS).toISOString();
  const yesterday = new Date(now - DAY_MS).toISOString();
  daysAgo(7);
  await crm.activities.create(staff.employee, {
    type: 'call',
    subject: 'Walked Northwind through volume pricing',
    customerId: customers[1]!.id,
    dealId: deals[0]!.id,
    done: true,
  });
  await crm.activities.create(staff.sales, {
    type: 'meeting',
    subject: 'Demo of espresso machines at Bluebird',
    dealId: deals[1]!.id,
    dueAt: tomorrow,
  });
  daysAgo(3);
  await crm.activities.create(staff.employee, {
    type: 'task',
    subject: 'Send Orbit the tablet quote',
    dealId: deals[2]!.id,
    dueAt: yesterday,
  });
  await crm.activities.create(staff.sales, {
    type: 'email',
    subject: 'Followed up with Grace Hall after the trade show',
    done: true,
  });
  daysAgo(0);
  await crm.activities.create(owner, { type: 'note', subject: 'Quarterly review with the team on Friday' });
}

/**
 * A small, realistic organization to explore on first start: every area has something in it, spread over
 * the last weeks so lists, boards and statistics look lived in. Records are created through the services
 * (so they are valid and audited), with a clock that walks forward from weeks ago.
 */
export async function seedDemo(db: Db, clock: Clock): Promise<DemoResult> {
  const now = clock().getTime();
  let at = now - 45 * DAY_MS;
  const daysAgo = (days: number) => {
    at = now - days * DAY_MS;
  };
  const crm = createCrm({ db, clock: () => new Date(at) });
  const { organizationId, ...people } = await seedPeople(db, () => new Date(at).toISOString());
  const scene: Scene = { crm, now, daysAgo, ...people };
  const { customers, deals } = await seedSales(scene);
  await seedOrders(scene, customers, deals);
  await seedIssues(scene, customers);
  await seedActivities(scene, customers, deals);
  return { organizationId, logins: DEMO_USERS.map(({ email, role }) => ({ email, role })) };
}

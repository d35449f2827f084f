import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { forbidden, invalid, notFound } from '../domain/errors.ts';
import { type Action, type Area, grantFor, readGrant } from '../domain/policy.ts';

/** Tables whose rows belong to a customer, so a customer's portal user may see their own. */
type OwnedTable = 'customers' | 'issues' | 'orders' | 'payments';
/** Tables of records that belong to an organization and are scoped per role. */
export type ScopedTable = OwnedTable | 'leads' | 'deals' | 'activities';

const AREA_NAMES: Record<Area, string> = {
  customers: 'customers',
  leads: 'leads',
  deals: 'deals',
  activities: 'activities',
  issues: 'issues',
  orders: 'orders',
  payments: 'payments',
  analytics: 'analytics',
  members: 'members',
  colleagues: 'the list of colleagues',
  pipelines: 'pipelines',
  settings: 'organization settings',
  audit: 'the audit log',
};

/**
 * The WHERE clause limiting `table` to the rows `actor` may read in `area`. Throws `forbidden` when the
 * role may not read the area at all (a customer asking for deals), so callers never build an unscoped query.
 */
export function readScope(actor: Actor, area: Area, table: ScopedTable) {
  const grant = readGrant(actor, area);
  if (grant === false) throw forbidden(`Your role (${actor.role}) has no access to ${AREA_NAMES[area]}`);
  return (eb: ExpressionBuilder<Database, ScopedTable>) => {
    const org = eb(sql.ref(`${table}.organization_id`), '=', actor.organizationId);
    if (grant === 'all') return org;
    if (grant === 'assigned') return eb.and([org, eb(sql.ref(`${table}.assigned_to`), '=', actor.userId)]);
    if (table === 'customers')
      return eb.and([org, eb(sql.ref('customers.portal_user_id'), '=', actor.userId)]);
    const ownCustomers = eb
      .selectFrom('customers as own')
      .select('own.id')
      .where('own.organization_id', '=', actor.organizationId)
      .where('own.portal_user_id', '=', actor.userId);
    const byCustomer = eb(sql.ref(`${table}.customer_id`), 'in', ownCustomers);
    if (table === 'issues')
      return eb.and([org, eb.or([byCustomer, eb('issues.raised_by', '=', actor.userId)])]);
    return eb.and([org, byCustomer]);
  };
}

/**
 * The WHERE clause limiting the per-assignee open-pipeline totals to what `actor` may read in `area`, or null
 * when the role's scope is finer than the totals are kept by (a customer's own records) and the records
 * themselves must be summed.
 */
export function totalsScope(actor: Actor, area: Area) {
  const grant = readGrant(actor, area);
  if (grant !== 'all' && grant !== 'assigned') return null;
  return (eb: ExpressionBuilder<Database, 'deal_pipeline_totals'>) => {
    const org = eb('deal_pipeline_totals.organization_id', '=', actor.organizationId);
    return grant === 'all' ? org : eb.and([org, eb('deal_pipeline_totals.assigned_to', '=', actor.userId)]);
  };
}

/** Refuses an action the role may never take in an area. */
export function requireGrant(actor: Actor, area: Area, action: Action, what = AREA_NAMES[area]): void {
  if (grantFor(actor.role, area, action) === false) {
    throw forbidden(`Your role (${actor.role}) cannot ${action} ${what}`);
  }
}

/**
 * Checks a change to a row the actor can already see: employees change only what is assigned to them.
 */
export function requireRowGrant(
  actor: Actor,
  area: Area,
  action: Action,
  row: { assigned_to: number | null },
  what = AREA_NAMES[area],
): void {
  const grant = grantFor(actor.role, area, action);
  if (grant === false) throw forbidden(`Your role (${actor.role}) cannot ${action} ${what}`);
  if (grant === 'assigned' && row.assigned_to !== actor.userId) {
    throw forbidden(`You can ${action} only ${what} assigned to you`);
  }
}

/** The role `userId` holds in the actor's organization, or undefined when they are no member of it. */
export async function roleIn(db: Db, actor: Actor, userId: number): Promise<string | undefined> {
  const m = await db
    .selectFrom('memberships')
    .select('role')
    .where('organization_id', '=', actor.organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return m?.role;
}

/** Only owners and employees of the organization can be made responsible for a record. */
export async function requireStaff(db: Db, actor: Actor, userId: number): Promise<void> {
  const role = await roleIn(db, actor, userId);
  if (role === undefined || role === 'customer')
    throw invalid(`user ${userId} is not an owner or employee of this organization`);
}

/** A referenced record (customer of a deal, order of a payment, ...) must be one the actor can read. */
export async function requireVisible<T extends ScopedTable>(
  db: Db,
  actor: Actor,
  area: Area,
  table: T,
  id: number,
  label: string,
): Promise<void> {
  const row = await db
    .selectFrom(table as ScopedTable)
    .select(sql.ref<number>(`${table}.id`).as('id'))
    .where(sql.ref(`${table}.id`), '=', id)
    .where(readScope(actor, area, table))
    .executeTakeFirst();
  if (!row) throw notFound(label, id);
}

/** "me" / "mine" in filters and inputs mean the acting user. */
export function resolveUserRef(
  actor: Actor,
  ref: number | 'me' | undefined | null,
): number | undefined | null {
  return ref === 'me' ? actor.userId : ref;
}

/**
 * Who a new record is assigned to: the named person (who must be staff), else the employee creating it, so
 * employees can go on working on what they create; owners' records start unassigned.
 */
export async function assigneeForNew(
  db: Db,
  actor: Actor,
  ref: number | 'me' | undefined | null,
): Promise<number | null> {
  const assignee = resolveUserRef(actor, ref) ?? (actor.role === 'employee' ? actor.userId : null);
  if (assignee != null) await requireStaff(db, actor, assignee);
  return assignee;
}

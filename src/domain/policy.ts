import type { Actor, Role } from './actor.ts';

/**
 * The permission table of docs/permissions.md, as data. Row scoping (own, assigned) is applied by the
 * services on top of these verdicts; this table answers only "may this role do this kind of thing at all".
 */
export type Area =
  | 'customers'
  | 'leads'
  | 'deals'
  | 'activities'
  | 'issues'
  | 'orders'
  | 'payments'
  | 'analytics'
  | 'members'
  | 'colleagues'
  | 'pipelines'
  | 'settings'
  | 'audit';

export type Action = 'read' | 'create' | 'update' | 'delete' | 'comment';

/**
 * - 'all': any row of the organization (subject to the employee visibility setting for reads)
 * - 'assigned': only rows assigned to the actor
 * - 'own': only rows that belong to the actor as a customer
 * - false: never
 */
export type Grant = 'all' | 'assigned' | 'own' | false;

/**
 * Staff read their colleagues' names (the `colleagues` directory) so work can say who did it; only owners
 * read the member list with emails and roles and change it.
 * Every member may read the organization's settings (name, currency, time zone, visibility), since no client
 * can present amounts or dates without them.
 */
const TABLE: Record<Role, Record<Area, Partial<Record<Action, Grant>>>> = {
  owner: {
    customers: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    leads: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    deals: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    activities: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    issues: { read: 'all', create: 'all', update: 'all', delete: 'all', comment: 'all' },
    orders: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    payments: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    analytics: { read: 'all' },
    members: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    colleagues: { read: 'all' },
    pipelines: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    settings: { read: 'all', update: 'all' },
    audit: { read: 'all' },
  },
  employee: {
    customers: { read: 'all', create: 'all', update: 'assigned' },
    leads: { read: 'all', create: 'all', update: 'assigned' },
    deals: { read: 'all', create: 'all', update: 'assigned' },
    activities: { read: 'all', create: 'all', update: 'assigned' },
    issues: { read: 'all', create: 'all', update: 'assigned', comment: 'all' },
    orders: { read: 'all', create: 'all', update: 'assigned' },
    payments: { read: 'all', create: 'all', update: 'assigned' },
    analytics: { read: 'all' },
    members: {},
    colleagues: { read: 'all' },
    pipelines: { read: 'all' },
    settings: { read: 'all' },
    audit: {},
  },
  customer: {
    customers: { read: 'own' },
    leads: {},
    deals: {},
    activities: {},
    issues: { read: 'own', create: 'own', comment: 'own' },
    orders: { read: 'own' },
    payments: { read: 'own' },
    analytics: {},
    members: {},
    colleagues: {},
    pipelines: {},
    settings: { read: 'all' },
    audit: {},
  },
};

export function grantFor(role: Role, area: Area, action: Action): Grant {
  return TABLE[role][area][action] ?? false;
}

/**
 * The grant for reading, after the organization's visibility setting: with `employeeVisibility: assigned`,
 * employees read only what is assigned to them, and their analytics cover only that.
 */
export function readGrant(actor: Actor, area: Area): Grant {
  const grant = grantFor(actor.role, area, 'read');
  if (grant === 'all' && actor.role === 'employee' && actor.settings.employeeVisibility === 'assigned') {
    return area === 'pipelines' || area === 'settings' ? 'all' : 'assigned';
  }
  return grant;
}

export function can(actor: Actor, area: Area, action: Action): boolean {
  return grantFor(actor.role, area, action) !== false;
}

import type { Area } from '../../../src/domain/policy.ts';
import type { Role } from '../api/types.ts';
import { may } from '../session/permissions.ts';

export interface NavItem {
  to: string;
  label: string;
  /** Shown when the role may read this area. */
  area?: Area;
  roles?: Role[];
}

const STAFF_ITEMS: NavItem[] = [
  { to: '/', label: 'Dashboard', area: 'analytics' },
  { to: '/customers', label: 'Customers', area: 'customers' },
  { to: '/leads', label: 'Leads', area: 'leads' },
  { to: '/deals', label: 'Deals', area: 'deals' },
  { to: '/board', label: 'Deals board', area: 'deals' },
  { to: '/issues', label: 'Issues', area: 'issues' },
  { to: '/orders', label: 'Orders', area: 'orders' },
  { to: '/payments', label: 'Payments', area: 'payments' },
  { to: '/activities', label: 'Activities', area: 'activities' },
  { to: '/settings', label: 'Settings' },
];

const CUSTOMER_ITEMS: NavItem[] = [
  { to: '/', label: 'My account' },
  { to: '/issues', label: 'My issues' },
  { to: '/orders', label: 'My orders' },
  { to: '/payments', label: 'My payments' },
  { to: '/settings', label: 'Settings' },
];

export function navigationFor(role: Role | null): NavItem[] {
  if (role === 'customer') return CUSTOMER_ITEMS;
  return STAFF_ITEMS.filter((item) => !item.area || may(role, item.area, 'read'));
}

/** "/deals/12" belongs to "Deals", not to "Dashboard" ("/") or "Deals board". */
export function isCurrent(item: NavItem, path: string): boolean {
  if (item.to === '/') return path === '/';
  return path === item.to || path.startsWith(`${item.to}/`);
}

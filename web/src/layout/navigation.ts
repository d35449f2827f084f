import type { Area } from '../../../src/domain/policy.ts';
import type { Role } from '../api/types.ts';
import { t } from '../lib/i18n.ts';
import { may } from '../session/permissions.ts';

export interface NavItem {
  to: string;
  label: string;
  /** Shown when the role may read this area. */
  area?: Area;
  roles?: Role[];
}

const STAFF_ITEMS: NavItem[] = [
  { to: '/', label: t('nav.dashboard'), area: 'analytics' },
  { to: '/customers', label: t('nav.customers'), area: 'customers' },
  { to: '/leads', label: t('nav.leads'), area: 'leads' },
  { to: '/deals', label: t('nav.deals'), area: 'deals' },
  { to: '/board', label: t('nav.board'), area: 'deals' },
  { to: '/issues', label: t('nav.issues'), area: 'issues' },
  { to: '/orders', label: t('nav.orders'), area: 'orders' },
  { to: '/payments', label: t('nav.payments'), area: 'payments' },
  { to: '/activities', label: t('nav.activities'), area: 'activities' },
  { to: '/settings', label: t('nav.settings') },
];

const CUSTOMER_ITEMS: NavItem[] = [
  { to: '/', label: t('nav.myAccount') },
  { to: '/issues', label: t('nav.myIssues') },
  { to: '/orders', label: t('nav.myOrders') },
  { to: '/payments', label: t('nav.myPayments') },
  { to: '/settings', label: t('nav.settings') },
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

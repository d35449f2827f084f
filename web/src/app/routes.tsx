import { Center, Loader } from '@mantine/core';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode, Suspense } from 'react';
import type { Area } from '../../../src/domain/policy.ts';
import { activities, customers, deals, issues, leads, orders, payments } from '../api/endpoints.ts';
import type { Role } from '../api/types.ts';
import { matchPath } from '../lib/router.tsx';
import { SectionTitle } from '../lib/title.tsx';
import { may } from '../session/permissions.ts';

/**
 * One table of pages. Each page is its own chunk, loaded when first opened, so signing in downloads only the
 * shell and the page shown.
 */

// biome-ignore lint/suspicious/noExplicitAny: a page's props are checked where it is rendered below.
type Page = ComponentType<any>;

function page<M, K extends keyof M>(load: () => Promise<M>, name: K): LazyExoticComponent<Page> {
  return lazy(async () => ({ default: (await load())[name] as Page }));
}

const CustomerList = page(() => import('../features/customers/CustomerList.tsx'), 'CustomerList');
const CustomerDetail = page(() => import('../features/customers/CustomerDetail.tsx'), 'CustomerDetail');
const CustomerForm = page(() => import('../features/customers/CustomerForm.tsx'), 'CustomerForm');
const LeadList = page(() => import('../features/leads/LeadList.tsx'), 'LeadList');
const LeadDetail = page(() => import('../features/leads/LeadDetail.tsx'), 'LeadDetail');
const LeadForm = page(() => import('../features/leads/LeadForm.tsx'), 'LeadForm');
const DealList = page(() => import('../features/deals/DealList.tsx'), 'DealList');
const DealDetail = page(() => import('../features/deals/DealDetail.tsx'), 'DealDetail');
const DealForm = page(() => import('../features/deals/DealForm.tsx'), 'DealForm');
const DealsBoard = page(() => import('../features/deals/DealsBoard.tsx'), 'DealsBoard');
const IssueList = page(() => import('../features/issues/IssueList.tsx'), 'IssueList');
const IssueDetail = page(() => import('../features/issues/IssueDetail.tsx'), 'IssueDetail');
const IssueForm = page(() => import('../features/issues/IssueForm.tsx'), 'IssueForm');
const OrderList = page(() => import('../features/orders/OrderList.tsx'), 'OrderList');
const OrderDetail = page(() => import('../features/orders/OrderDetail.tsx'), 'OrderDetail');
const OrderForm = page(() => import('../features/orders/OrderForm.tsx'), 'OrderForm');
const PaymentList = page(() => import('../features/payments/PaymentList.tsx'), 'PaymentList');
const PaymentDetail = page(() => import('../features/payments/PaymentDetail.tsx'), 'PaymentDetail');
const PaymentForm = page(() => import('../features/payments/PaymentForm.tsx'), 'PaymentForm');
const ActivityList = page(() => import('../features/activities/ActivityList.tsx'), 'ActivityList');
const ActivityDetail = page(() => import('../features/activities/ActivityDetail.tsx'), 'ActivityDetail');
const ActivityForm = page(() => import('../features/activities/ActivityForm.tsx'), 'ActivityForm');
const DashboardPage = page(() => import('../features/dashboard/DashboardPage.tsx'), 'DashboardPage');
const PortalHome = page(() => import('../features/portal/PortalHome.tsx'), 'PortalHome');
const SettingsPage = page(() => import('../features/settings/SettingsPage.tsx'), 'SettingsPage');
const EditRecord = page(() => import('./EditRecord.tsx'), 'EditRecord');

export interface Route {
  pattern: string;
  /** What the tab title names after the page's own heading. */
  section: string;
  render(params: Record<string, string>): ReactNode;
  /** The page is offered only to roles that may do this; anyone else gets "not found", as from the API. */
  needs?: { area: Area; action: 'read' | 'create' | 'update' };
  /** A page of the staff app that a customer's portal never opens, whatever their own-record grants. */
  staffOnly?: boolean;
}

type Form = ComponentType<Record<string, unknown>>;

/** List, new, detail and edit pages of one CRM area, all shaped alike. */
function areaRoutes(
  area: Area,
  section: string,
  pages: { List: Page; Detail: Page; Form: Form; record: string; load(id: number): Promise<unknown> },
  opts: { staffOnly?: boolean } = {},
): Route[] {
  const { List, Detail, Form, record } = pages;
  const staffOnly = opts.staffOnly ?? false;
  return [
    { pattern: `/${area}`, section, render: () => <List />, needs: { area, action: 'read' }, staffOnly },
    {
      pattern: `/${area}/new`,
      section,
      render: () => <Form />,
      needs: { area, action: 'create' },
      staffOnly,
    },
    {
      pattern: `/${area}/:id`,
      section,
      render: (p) => <Detail id={Number(p.id)} />,
      needs: { area, action: 'read' },
      staffOnly,
    },
    {
      pattern: `/${area}/:id/edit`,
      section,
      render: (p) => (
        <EditRecord
          area={area}
          id={Number(p.id)}
          load={pages.load}
          render={(r: unknown) => <Form {...{ [record]: r }} />}
        />
      ),
      needs: { area, action: 'update' },
      staffOnly,
    },
  ];
}

const AREA_ROUTES: Route[] = [
  ...areaRoutes(
    'customers',
    'Customers',
    {
      List: CustomerList,
      Detail: CustomerDetail,
      Form: CustomerForm,
      record: 'customer',
      load: customers.get,
    },
    // A customer reads their own record through the portal's home, never the staff list.
    { staffOnly: true },
  ),
  ...areaRoutes('leads', 'Leads', {
    List: LeadList,
    Detail: LeadDetail,
    Form: LeadForm,
    record: 'lead',
    load: leads.get,
  }),
  ...areaRoutes('deals', 'Deals', {
    List: DealList,
    Detail: DealDetail,
    Form: DealForm,
    record: 'deal',
    load: deals.get,
  }),
  ...areaRoutes('issues', 'Issues', {
    List: IssueList,
    Detail: IssueDetail,
    Form: IssueForm,
    record: 'issue',
    load: issues.get,
  }),
  ...areaRoutes('orders', 'Orders', {
    List: OrderList,
    Detail: OrderDetail,
    Form: OrderForm,
    record: 'order',
    load: orders.get,
  }),
  ...areaRoutes('payments', 'Payments', {
    List: PaymentList,
    Detail: PaymentDetail,
    Form: PaymentForm,
    record: 'payment',
    load: payments.get,
  }),
  ...areaRoutes('activities', 'Activities', {
    List: ActivityList,
    Detail: ActivityDetail,
    Form: ActivityForm,
    record: 'activity',
    load: activities.get,
  }),
];

export function routesFor(role: Role | null): Route[] {
  const home: Route =
    role === 'customer'
      ? { pattern: '/', section: 'My account', render: () => <PortalHome /> }
      : {
          pattern: '/',
          section: 'Dashboard',
          render: () => <DashboardPage />,
          needs: { area: 'analytics', action: 'read' },
        };
  const all: Route[] = [
    home,
    ...AREA_ROUTES,
    {
      pattern: '/board',
      section: 'Deals board',
      render: () => <DealsBoard />,
      needs: { area: 'deals', action: 'read' },
    },
    { pattern: '/settings', section: 'Settings', render: () => <SettingsPage tab={undefined} /> },
    { pattern: '/settings/:tab', section: 'Settings', render: (p) => <SettingsPage tab={p.tab} /> },
  ];
  return all.filter(
    (r) => !(r.staffOnly && role === 'customer') && (!r.needs || may(role, r.needs.area, r.needs.action)),
  );
}

/** Record ids are positive whole numbers; "/deals/abc" names no record. */
const RECORD_ID = /^[1-9][0-9]{0,9}$/;

function Loading() {
  return (
    <Center py="xl">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** The page for an address, or null when there is none for this role (the caller shows "not found"). */
export function pageFor(role: Role | null, path: string): ReactNode | null {
  for (const route of routesFor(role)) {
    const params = matchPath(route.pattern, path);
    if (!params || (params.id !== undefined && !RECORD_ID.test(params.id))) continue;
    return (
      <SectionTitle name={route.section}>
        <Suspense fallback={<Loading />}>{route.render(params)}</Suspense>
      </SectionTitle>
    );
  }
  return null;
}

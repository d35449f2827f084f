import type { ReactNode } from 'react';
import type { Area } from '../../../src/domain/policy.ts';
import { activities, customers, deals, issues, leads, orders, payments } from '../api/endpoints.ts';
import type { Role } from '../api/types.ts';
import { ActivityDetail } from '../features/activities/ActivityDetail.tsx';
import { ActivityForm } from '../features/activities/ActivityForm.tsx';
import { ActivityList } from '../features/activities/ActivityList.tsx';
import { CustomerDetail } from '../features/customers/CustomerDetail.tsx';
import { CustomerForm } from '../features/customers/CustomerForm.tsx';
import { CustomerList } from '../features/customers/CustomerList.tsx';
import { DashboardPage } from '../features/dashboard/DashboardPage.tsx';
import { DealDetail } from '../features/deals/DealDetail.tsx';
import { DealForm } from '../features/deals/DealForm.tsx';
import { DealList } from '../features/deals/DealList.tsx';
import { DealsBoard } from '../features/deals/DealsBoard.tsx';
import { IssueDetail } from '../features/issues/IssueDetail.tsx';
import { IssueForm } from '../features/issues/IssueForm.tsx';
import { IssueList } from '../features/issues/IssueList.tsx';
import { LeadDetail } from '../features/leads/LeadDetail.tsx';
import { LeadForm } from '../features/leads/LeadForm.tsx';
import { LeadList } from '../features/leads/LeadList.tsx';
import { OrderDetail } from '../features/orders/OrderDetail.tsx';
import { OrderForm } from '../features/orders/OrderForm.tsx';
import { OrderList } from '../features/orders/OrderList.tsx';
import { PaymentDetail } from '../features/payments/PaymentDetail.tsx';
import { PaymentForm } from '../features/payments/PaymentForm.tsx';
import { PaymentList } from '../features/payments/PaymentList.tsx';
import { PortalHome } from '../features/portal/PortalHome.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { may } from '../session/permissions.ts';
import { EditRecord } from './EditRecord.tsx';

export interface Route {
  pattern: string;
  render(params: Record<string, string>): ReactNode;
  /** The page is offered only to roles that may do this; anyone else gets "not found", as from the API. */
  needs?: { area: Area; action: 'read' | 'create' };
}

const id = (params: Record<string, string>) => Number(params.id);

/** List, new, detail and edit pages of one CRM area, all shaped alike. */
function areaRoutes<T>(
  area: Area,
  pages: {
    list: () => ReactNode;
    form: (record?: T) => ReactNode;
    detail: (id: number) => ReactNode;
    load: (id: number) => Promise<T>;
  },
): Route[] {
  return [
    { pattern: `/${area}`, render: pages.list, needs: { area, action: 'read' } },
    { pattern: `/${area}/new`, render: () => pages.form(), needs: { area, action: 'create' } },
    { pattern: `/${area}/:id`, render: (p) => pages.detail(id(p)), needs: { area, action: 'read' } },
    {
      pattern: `/${area}/:id/edit`,
      render: (p) => <EditRecord area={area} id={id(p)} load={pages.load} render={pages.form} />,
      needs: { area, action: 'read' },
    },
  ];
}

const AREA_ROUTES: Route[] = [
  ...areaRoutes('customers', {
    list: () => <CustomerList />,
    form: (c) => <CustomerForm customer={c} />,
    detail: (i) => <CustomerDetail id={i} />,
    load: customers.get,
  }),
  ...areaRoutes('leads', {
    list: () => <LeadList />,
    form: (l) => <LeadForm lead={l} />,
    detail: (i) => <LeadDetail id={i} />,
    load: leads.get,
  }),
  ...areaRoutes('deals', {
    list: () => <DealList />,
    form: (d) => <DealForm deal={d} />,
    detail: (i) => <DealDetail id={i} />,
    load: deals.get,
  }),
  ...areaRoutes('issues', {
    list: () => <IssueList />,
    form: (i) => <IssueForm issue={i} />,
    detail: (i) => <IssueDetail id={i} />,
    load: issues.get,
  }),
  ...areaRoutes('orders', {
    list: () => <OrderList />,
    form: (o) => <OrderForm order={o} />,
    detail: (i) => <OrderDetail id={i} />,
    load: orders.get,
  }),
  ...areaRoutes('payments', {
    list: () => <PaymentList />,
    form: (p) => <PaymentForm payment={p} />,
    detail: (i) => <PaymentDetail id={i} />,
    load: payments.get,
  }),
  ...areaRoutes('activities', {
    list: () => <ActivityList />,
    form: (a) => <ActivityForm activity={a} />,
    detail: (i) => <ActivityDetail id={i} />,
    load: activities.get,
  }),
];

export function routesFor(role: Role | null): Route[] {
  const home: Route =
    role === 'customer'
      ? { pattern: '/', render: () => <PortalHome /> }
      : { pattern: '/', render: () => <DashboardPage />, needs: { area: 'analytics', action: 'read' } };
  const all: Route[] = [
    home,
    ...AREA_ROUTES,
    { pattern: '/board', render: () => <DealsBoard />, needs: { area: 'deals', action: 'read' } },
    { pattern: '/settings', render: () => <SettingsPage tab={undefined} /> },
    { pattern: '/settings/:tab', render: (p) => <SettingsPage tab={p.tab} /> },
  ];
  return all.filter((r) => !r.needs || may(role, r.needs.area, r.needs.action));
}

import { accountOf } from '../auth/account.ts';
import type { Actor } from '../domain/actor.ts';
import { activitiesService } from './activities.ts';
import { analyticsService } from './analytics.ts';
import { auditService } from './audit.ts';
import { customersService } from './customers.ts';
import { dealsService } from './deals.ts';
import type { CrmDeps } from './deps.ts';
import { issuesService } from './issues.ts';
import { leadsService } from './leads.ts';
import { membersService } from './members.ts';
import { ordersService } from './orders.ts';
import { organizationService } from './organization.ts';
import { paymentsService } from './payments.ts';
import { pipelinesService } from './pipelines.ts';

/** Every CRM service, built once per process over one database. Adapters call these and nothing lower. */
export function createCrm(deps: CrmDeps) {
  return {
    customers: customersService(deps),
    pipelines: pipelinesService(deps),
    deals: dealsService(deps),
    leads: leadsService(deps),
    issues: issuesService(deps),
    activities: activitiesService(deps),
    orders: ordersService(deps),
    payments: paymentsService(deps),
    analytics: analyticsService(deps),
    audit: auditService(deps),
    members: membersService(deps),
    organization: organizationService(deps),
    /** Who the actor is: their user, memberships and current organization. */
    account: { get: (actor: Actor) => accountOf(deps.db, actor) },
  };
}

export type Crm = ReturnType<typeof createCrm>;

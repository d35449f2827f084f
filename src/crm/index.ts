import { auditService } from './audit.ts';
import { customersService } from './customers.ts';
import { dealsService } from './deals.ts';
import type { CrmDeps } from './deps.ts';
import { leadsService } from './leads.ts';
import { membersService } from './members.ts';
import { organizationService } from './organization.ts';
import { pipelinesService } from './pipelines.ts';

/** Every CRM service, built once per process over one database. Adapters call these and nothing lower. */
export function createCrm(deps: CrmDeps) {
  return {
    customers: customersService(deps),
    pipelines: pipelinesService(deps),
    deals: dealsService(deps),
    leads: leadsService(deps),
    audit: auditService(deps),
    members: membersService(deps),
    organization: organizationService(deps),
  };
}

export type Crm = ReturnType<typeof createCrm>;

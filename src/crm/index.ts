import { auditService } from './audit.ts';
import { customersService } from './customers.ts';
import type { CrmDeps } from './deps.ts';

/** Every CRM service, built once per process over one database. Adapters call these and nothing lower. */
export function createCrm(deps: CrmDeps) {
  return {
    customers: customersService(deps),
    audit: auditService(deps),
  };
}

export type Crm = ReturnType<typeof createCrm>;

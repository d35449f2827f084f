import { accountService } from './accounts.ts';
import { activitiesService } from './activities.ts';
import { analyticsService } from './analytics.ts';
import { apiTokensService } from './api-tokens.ts';
import { assistantLimitsService } from './assistant-limits.ts';
import { auditService } from './audit.ts';
import { bootstrapService } from './bootstrap.ts';
import { customersService } from './customers.ts';
import { databaseService } from './database.ts';
import { dealsService } from './deals.ts';
import type { CrmDeps } from './deps.ts';
import { emailsService } from './emails.ts';
import { importsService } from './imports.ts';
import { invitationsService } from './invitations.ts';
import { issuesService } from './issues.ts';
import { leadsService } from './leads.ts';
import { membersService } from './members.ts';
import { notificationsService } from './notifications.ts';
import { ordersService } from './orders.ts';
import { organizationService } from './organization.ts';
import { passwordResetsService } from './password-resets.ts';
import { paymentsService } from './payments.ts';
import { pipelinesService } from './pipelines.ts';
import { preferencesService } from './preferences.ts';
import { searchService } from './search.ts';
import { sessionsService } from './sessions.ts';
import { telegramLinksService } from './telegram-links.ts';

/**
 * Every CRM service, built once per process over one database. Adapters call these and nothing lower. Most
 * methods take the acting person; those documented as pre-authentication (signing in, accepting an
 * invitation, resolving a bearer secret, redeeming a link code, password reset links) run before there is
 * one, and `notifications`, `emails` and `database` serve system processes and operators.
 */
export function createCrm(deps: CrmDeps) {
  return {
    customers: customersService(deps),
    pipelines: pipelinesService(deps),
    deals: dealsService(deps),
    leads: leadsService(deps),
    imports: importsService(deps),
    issues: issuesService(deps),
    activities: activitiesService(deps),
    orders: ordersService(deps),
    payments: paymentsService(deps),
    search: searchService(deps),
    analytics: analyticsService(deps),
    audit: auditService(deps),
    members: membersService(deps),
    invitations: invitationsService(deps),
    organization: organizationService(deps),
    account: accountService(deps),
    preferences: preferencesService(deps),
    sessions: sessionsService(deps),
    apiTokens: apiTokensService(deps),
    telegramLinks: telegramLinksService(deps),
    assistantUsage: assistantLimitsService(deps),
    passwordResets: passwordResetsService(deps),
    notifications: notificationsService(deps),
    emails: emailsService(deps),
    database: databaseService(deps),
    bootstrap: bootstrapService(deps),
  };
}

export type Crm = ReturnType<typeof createCrm>;

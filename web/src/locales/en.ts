import type { Message } from '../lib/i18n.ts';
import { auth } from './en/auth.ts';
import { lists } from './en/lists.ts';
import { members } from './en/members.ts';
import { portal } from './en/portal.ts';
import { profile } from './en/profile.ts';
import { records } from './en/records.ts';
import { settings } from './en/settings.ts';
import { tokens } from './en/tokens.ts';
import { ui } from './en/ui.ts';

/**
 * English, the catalogue every other language is checked against: its keys are the interface's messages.
 * Keys are grouped by where they show (`nav.`, `shell.`, `dashboard.`…).
 */
export const en = {
  'app.name': 'Parley',
  'app.loading': 'Loading',
  'app.notFound.title': 'Page not found',
  'app.notFound.text': 'This page does not exist, or your role in this organization cannot open it.',
  'app.notFound.home': 'Go home',
  'app.noOrganization.title': 'No organization yet',
  'app.noOrganization.text':
    '{email} is not a member of any organization. Ask an owner for an invitation link.',

  'error.title': 'Something went wrong',
  'error.retry': 'Something went wrong. Please try again.',
  'error.notFound.title': 'Not found',
  'error.notFound.text': 'This record does not exist or you cannot see it.',
  'error.retryButton': 'Retry',

  'shell.skipToMain': 'Skip to main content',
  'shell.toggleNavigation': 'Toggle navigation',
  'shell.assistant': 'Assistant',
  'shell.mainNavigation': 'Main',

  'nav.dashboard': 'Dashboard',
  'nav.customers': 'Customers',
  'nav.leads': 'Leads',
  'nav.deals': 'Deals',
  'nav.board': 'Deals board',
  'nav.issues': 'Issues',
  'nav.orders': 'Orders',
  'nav.payments': 'Payments',
  'nav.activities': 'Activities',
  'nav.settings': 'Settings',
  'nav.myAccount': 'My account',
  'nav.myIssues': 'My issues',
  'nav.myOrders': 'My orders',
  'nav.myPayments': 'My payments',

  'org.none': 'No organization',
  'org.label': 'Organization',
  'org.switched': 'Switched to {name}',

  'userMenu.label': 'Account menu for {name}',
  'userMenu.who': '{name} · {role}',
  'userMenu.whoIn': '{name} · {role} in {organization}',
  'userMenu.noRole': 'No role',
  'userMenu.settings': 'Settings',
  'userMenu.signOut': 'Sign out',
  'userMenu.appearance': 'Appearance',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'theme.auto': 'Match the system',

  'role.owner': 'Owner',
  'role.employee': 'Employee',
  'role.customer': 'Customer',

  'dashboard.title': 'Dashboard',
  'dashboard.period': 'Period',
  'dashboard.range': '{from} – {to}',
  'period.today': 'Today',
  'period.this_week': 'This week',
  'period.last_week': 'Last week',
  'period.this_month': 'This month',
  'period.last_month': 'Last month',
  'period.this_quarter': 'This quarter',
  'period.last_quarter': 'Last quarter',
  'period.this_year': 'This year',
  'period.last_year': 'Last year',
  'kpi.newLeads': 'New leads',
  'kpi.converted': '{count} converted',
  'kpi.conversion': 'Conversion',
  'kpi.ofNewLeads': 'of new leads',
  'kpi.dealsWon': 'Deals won',
  'kpi.revenue': 'Revenue',
  'kpi.revenueHint': 'payments in, less refunds',
  'kpi.otherCurrencies': 'plus amounts in {currencies}',
  'kpi.openPipeline': 'Open pipeline',
  'kpi.pipelineHint': {
    one: '{count} deal · weighted {weighted}',
    other: '{count} deals · weighted {weighted}',
  },
  'kpi.openIssues': 'Open issues',
  'kpi.urgent': '{count} urgent',
  'pipelineChart.title': 'Pipeline by stage',
  'pipelineChart.empty': 'No open deals.',
  'pipelineChart.value': 'Value',
  'pipelineChart.weighted': 'Weighted',
  'revenueChart.title': 'Revenue over time',
  'revenueChart.empty': 'No payments or won deals in this period.',
  'revenueChart.revenue': 'Revenue',
  'revenueChart.wonDeals': 'Won deals',
  'issuesByPriority.title': 'Open issues by priority',
  'issuesByPriority.bar': '{priority} issues',
  'priority.urgent': 'Urgent',
  'priority.high': 'High',
  'priority.medium': 'Medium',
  'priority.low': 'Low',
  'recentActivity.title': 'Recent activity',
  'recentActivity.empty': 'No activity yet.',
  'recentActivity.team': 'Team in this period',
  'recentActivity.person': '{created} logged · {done} done',

  'related.seeAll': 'See all',
  'related.none': 'None yet.',

  ...auth,
  ...lists,
  ...members,
  ...portal,
  ...profile,
  ...records,
  ...settings,
  ...tokens,
  ...ui,
} satisfies Record<string, Message>;

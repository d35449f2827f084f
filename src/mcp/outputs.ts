import { z } from 'zod';
import type { ToolName } from '../tools/inputs.ts';

/**
 * What each tool returns, as MCP output schemas: clients get structured results they can rely on, and the
 * SDK checks every result against them. Objects are loose, so a field added to a record later is passed on
 * rather than refused; the fields named here are the ones clients may count on.
 */

const id = z.number().int();
const ref = id.nullable();
const text = z.string();
const optionalText = z.string().nullable();
/** Money already written out for people ("$3,000.00"); absent amounts are null. */
const written = z.string().nullable();
const minor = z.number().int().describe('An amount in minor units (cents)');
const timestamp = z.string().describe('ISO 8601');

const listOf = (item: z.ZodObject) =>
  z.object({
    count: z.number().int(),
    more: z.boolean().describe('True when more records match than were returned; raise limit or filter'),
    items: z.array(item),
  });

const customer = z.looseObject({
  id,
  kind: text,
  name: text,
  email: optionalText,
  phone: optionalText,
  status: text,
  assignedTo: ref,
  createdAt: timestamp,
});

const lead = z.looseObject({
  id,
  name: text,
  company: optionalText,
  source: text,
  status: text,
  score: z.number().int(),
  estimatedValue: minor.nullable(),
  currency: text,
  assignedTo: ref,
  createdAt: timestamp,
});

const deal = z.looseObject({
  id,
  title: text,
  value: minor,
  currency: text,
  stageId: id,
  status: text,
  priority: text,
  customerId: ref,
  assignedTo: ref,
  createdAt: timestamp,
});

const issue = z.looseObject({
  id,
  number: text,
  title: text,
  priority: text,
  category: text,
  status: text,
  customerId: ref,
  assignedTo: ref,
  createdAt: timestamp,
});

const order = z.looseObject({
  id,
  number: text,
  customerId: ref,
  status: text,
  currency: text,
  total: minor,
  orderDate: text,
});

const payment = z.looseObject({
  id,
  number: text,
  orderId: ref,
  customerId: ref,
  amount: minor,
  currency: text,
  method: text,
  direction: text,
  status: text,
  paidAt: text,
});

const activity = z.looseObject({
  id,
  type: text,
  subject: text,
  dueAt: optionalText,
  done: z.boolean(),
  assignedTo: ref,
});

const comment = z.looseObject({ id, issueId: id, body: text, createdAt: timestamp });

/** List items are the tools' compact summaries, with money written out. */
const summaries = {
  customers: z.looseObject({
    id,
    name: text,
    kind: text,
    email: optionalText,
    phone: optionalText,
    city: optionalText,
    status: text,
    assignedTo: ref,
  }),
  leads: z.looseObject({
    id,
    name: text,
    company: optionalText,
    source: optionalText,
    status: text,
    score: z.number().int(),
    estimatedValue: written,
    assignedTo: ref,
  }),
  deals: z.looseObject({
    id,
    title: text,
    value: written,
    stage: text,
    status: text,
    probability: z.number(),
    priority: text,
    customer: optionalText,
    expectedClose: optionalText,
    assignedTo: ref,
  }),
  issues: z.looseObject({
    id,
    number: text,
    title: text,
    priority: text,
    category: text,
    status: text,
    customerId: ref,
    assignedTo: ref,
    createdAt: timestamp,
  }),
  orders: z.looseObject({
    id,
    number: text,
    status: text,
    customerId: ref,
    orderDate: text,
    total: written,
    paid: written.optional(),
    outstanding: written.optional(),
  }),
  payments: z.looseObject({
    id,
    number: text,
    orderId: ref,
    customerId: ref,
    amount: written,
    method: text,
    direction: text,
    status: text,
    paidAt: text,
  }),
  activities: z.looseObject({
    id,
    type: text,
    subject: text,
    dueAt: optionalText,
    done: z.boolean(),
    customerId: ref,
    leadId: ref,
    dealId: ref,
    assignedTo: ref,
  }),
};

const found = z.array(z.object({ id, label: text }));

/**
 * get_* tools return a record found by name as its list view, without the history, comments or items that
 * come with a lookup by id or number; those parts are therefore optional.
 */
export const toolOutputs: Record<ToolName, z.ZodObject> = {
  whoami: z.object({
    user: z.looseObject({ id, email: text, name: text }),
    organization: z.looseObject({ id, slug: text, name: text }).nullable(),
    role: z.enum(['owner', 'employee', 'customer']),
  }),
  search_records: z
    .object({
      customer: found.optional(),
      lead: found.optional(),
      deal: found.optional(),
      issue: found.optional(),
      order: found.optional(),
    })
    .describe('Matches by record type; types with no match are left out'),

  list_customers: listOf(summaries.customers),
  get_customer: customer,
  create_customer: customer,
  update_customer: customer,

  list_leads: listOf(summaries.leads),
  get_lead: lead,
  create_lead: lead,
  update_lead: lead,
  convert_lead: z.looseObject({ lead, customer, deal: deal.nullable() }),

  list_deals: listOf(summaries.deals),
  get_deal: deal.extend({ stageName: text, history: z.array(z.looseObject({ id })).optional() }),
  create_deal: deal,
  update_deal: deal,
  move_deal_stage: deal.extend({ stageName: text }),

  list_issues: listOf(summaries.issues),
  get_issue: issue.extend({ comments: z.array(comment).optional() }),
  create_issue: issue,
  update_issue: issue,
  comment_on_issue: comment,

  list_orders: listOf(summaries.orders),
  get_order: order.extend({
    items: z.array(z.looseObject({ id, description: text, quantity: z.number() })).optional(),
  }),
  create_order: order,

  list_payments: listOf(summaries.payments),
  record_payment: payment,

  list_activities: listOf(summaries.activities),
  log_activity: activity,

  get_stats: z.looseObject({}).describe('Sales and support figures for the period'),

  delete_record: z.object({ deleted: text.describe('What was deleted, e.g. "deal #12 Website redesign"') }),
};

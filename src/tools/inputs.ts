import { z } from 'zod';
import { PERIOD_NAMES } from '../domain/periods.ts';
import {
  ACTIVITY_TYPES,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  DEAL_STATUSES,
  ISSUE_CATEGORIES,
  ISSUE_STATUSES,
  LEAD_STATUSES,
  ORDER_STATUSES,
  PAYMENT_DIRECTIONS,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  PRIORITIES,
} from '../domain/vocabulary.ts';

/**
 * Input schemas of the tool catalogue: the one contract shared by the LLM providers, the MCP server and the
 * offline language engine. They accept what people say (names, "#12", "ORD-2026-0012", "me", "this month",
 * "$3,000") and leave resolving it to the tools, so every caller gets the same leniency.
 * Descriptions are written for a language model reading them.
 */

/**
 * The value kinds many tools share. Each carries a `convention` tag: a language model is shown the tag
 * instead of the whole schema, and the conventions are explained to it once per request (see
 * model-schema.ts), so a period or a person costs a few tokens wherever it appears.
 */

const KIND_DESCRIPTIONS = {
  record: 'its id (23), "#23", its number where it has one, or its name',
  person: 'A person: "me" for the user you act for, a user id, or a name or email',
  amount: 'An amount in major units, e.g. 3000 or "3,000.50" or "$3k"',
  period:
    'A period: one of the named periods, {from, to} as YYYY-MM-DD dates, or "YYYY-MM-DD..YYYY-MM-DD" (inclusive)',
  date: 'A date as YYYY-MM-DD',
  limit: 'How many records to return (default 20)',
  prefix: 'Text the name, title or email starts with',
};
export type ValueKind = keyof typeof KIND_DESCRIPTIONS;

/** The description a shared kind carries unless a property says more (a record's names its noun). */
export function kindDescription(kind: ValueKind, noun?: string): string {
  return kind === 'record' ? `The ${noun}: ${KIND_DESCRIPTIONS.record}` : KIND_DESCRIPTIONS[kind];
}

/** A record by id (23), by "#23", by document number ("ORD-2026-0012", "ISS-2026-0003") or by name. */
const recordRef = (what: string) =>
  z
    .union([z.number().int().positive(), z.string().trim().min(1).max(200)])
    .meta({ convention: 'record', noun: what })
    .describe(kindDescription('record', what));

const userRef = z
  .union([z.literal('me'), z.number().int().positive(), z.string().trim().min(1).max(200)])
  .meta({ convention: 'person' })
  .describe(kindDescription('person'));

/** Money in major units: 3000, "3,000.50", "$3k", "3000 usd". */
const money = z
  .union([z.number().nonnegative().max(1e11), z.string().trim().min(1).max(40)])
  .meta({ convention: 'amount' })
  .describe(kindDescription('amount'));

const dateRange = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/)
  .transform((text) => {
    const [from, to] = text.split('..') as [string, string];
    return { from, to };
  });

const period = z
  .union([z.enum(PERIOD_NAMES), z.object({ from: z.iso.date(), to: z.iso.date() }).strict(), dateRange])
  .meta({ convention: 'period' })
  .describe(kindDescription('period'));

const date = z.iso.date().meta({ convention: 'date' }).describe(kindDescription('date'));
const limit = z
  .number()
  .int()
  .min(1)
  .max(100)
  .optional()
  .meta({ convention: 'limit' })
  .describe(kindDescription('limit'));
const query = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .optional()
  .meta({ convention: 'prefix' })
  .describe(kindDescription('prefix'));
const priority = z.enum(PRIORITIES);

export const RECORD_TYPES = ['customer', 'lead', 'deal', 'issue', 'order', 'payment', 'activity'] as const;

export const toolInputs = {
  whoami: z.object({}).strict(),
  search_records: z
    .object({
      query: z.string().trim().min(1).max(200).describe('Name, title, email or number to look for'),
      types: z.array(z.enum(['customer', 'lead', 'deal', 'issue', 'order'])).optional(),
      limit,
    })
    .strict(),

  list_customers: z
    .object({
      status: z.enum(CUSTOMER_STATUSES).optional(),
      kind: z.enum(CUSTOMER_KINDS).optional(),
      assignedTo: userRef.optional(),
      createdIn: period.optional(),
      query,
      limit,
    })
    .strict(),
  get_customer: z.object({ customer: recordRef('customer') }).strict(),
  create_customer: z
    .object({
      name: z.string().trim().min(1).max(200),
      kind: z.enum(CUSTOMER_KINDS).optional(),
      companyName: z.string().trim().max(200).optional(),
      email: z.string().trim().max(254).optional(),
      phone: z.string().trim().max(40).optional(),
      city: z.string().trim().max(100).optional(),
      country: z.string().trim().max(100).optional(),
      source: z.string().trim().max(60).optional(),
      tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
      notes: z.string().trim().max(10_000).optional(),
      assignedTo: userRef.optional(),
    })
    .strict(),
  update_customer: z
    .object({
      customer: recordRef('customer'),
      name: z.string().trim().min(1).max(200).optional(),
      email: z.string().trim().max(254).optional(),
      phone: z.string().trim().max(40).optional(),
      city: z.string().trim().max(100).optional(),
      status: z.enum(CUSTOMER_STATUSES).optional(),
      notes: z.string().trim().max(10_000).optional(),
      assignedTo: userRef.optional(),
    })
    .strict(),

  list_leads: z
    .object({
      status: z.enum(LEAD_STATUSES).optional(),
      source: z.string().trim().max(60).optional().describe('Channel, e.g. facebook, website, referral'),
      assignedTo: userRef.optional(),
      minScore: z.number().int().min(0).max(100).optional(),
      createdIn: period.optional(),
      query,
      limit,
    })
    .strict(),
  get_lead: z.object({ lead: recordRef('lead') }).strict(),
  create_lead: z
    .object({
      name: z.string().trim().min(1).max(200),
      company: z.string().trim().max(200).optional(),
      email: z.string().trim().max(254).optional(),
      phone: z.string().trim().max(40).optional(),
      source: z
        .string()
        .trim()
        .max(60)
        .optional()
        .describe('Where the lead came from, e.g. Facebook, a referral'),
      estimatedValue: money.optional(),
      notes: z.string().trim().max(10_000).optional(),
      assignedTo: userRef.optional(),
    })
    .strict(),
  update_lead: z
    .object({
      lead: recordRef('lead'),
      status: z.enum(LEAD_STATUSES).optional(),
      score: z.number().int().min(0).max(100).optional(),
      source: z.string().trim().max(60).optional(),
      estimatedValue: money.optional(),
      notes: z.string().trim().max(10_000).optional(),
      assignedTo: userRef.optional(),
    })
    .strict(),
  convert_lead: z
    .object({
      lead: recordRef('lead'),
      createDeal: z.boolean().optional().describe('Also open a deal for the new customer'),
      dealTitle: z.string().trim().max(200).optional(),
      dealValue: money.optional(),
    })
    .strict(),

  list_deals: z
    .object({
      stage: z.string().trim().max(100).optional().describe('Stage name, e.g. "negotiation"'),
      status: z.enum(DEAL_STATUSES).optional(),
      priority: priority.optional(),
      assignedTo: userRef.optional(),
      customer: recordRef('customer').optional(),
      minValue: money.optional(),
      maxValue: money.optional(),
      createdIn: period.optional(),
      closingIn: period.optional().describe('Expected close date within this period'),
      query,
      sort: z.enum(['newest', 'oldest', 'value_desc', 'value_asc']).optional(),
      limit,
    })
    .strict(),
  get_deal: z.object({ deal: recordRef('deal') }).strict(),
  create_deal: z
    .object({
      title: z.string().trim().min(1).max(200),
      value: money.optional(),
      currency: z.string().trim().length(3).optional(),
      stage: z.string().trim().max(100).optional(),
      customer: recordRef('customer').optional(),
      expectedCloseDate: date.optional(),
      priority: priority.optional(),
      assignedTo: userRef.optional(),
    })
    .strict(),
  update_deal: z
    .object({
      deal: recordRef('deal'),
      title: z.string().trim().min(1).max(200).optional(),
      value: money.optional(),
      priority: priority.optional(),
      expectedCloseDate: date.optional(),
      assignedTo: userRef.optional(),
      notes: z.string().trim().max(10_000).optional(),
    })
    .strict(),
  move_deal_stage: z
    .object({
      deal: recordRef('deal'),
      stage: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .describe('Stage name in any case, e.g. "negotiation", "closed won"'),
      reason: z.string().trim().max(1000).optional().describe('Why it was won or lost'),
    })
    .strict(),

  list_issues: z
    .object({
      status: z.enum(ISSUE_STATUSES).optional(),
      priority: priority.optional(),
      category: z.enum(ISSUE_CATEGORIES).optional(),
      assignedTo: userRef.optional(),
      customer: recordRef('customer').optional(),
      createdIn: period.optional(),
      query,
      limit,
    })
    .strict(),
  get_issue: z.object({ issue: recordRef('issue') }).strict(),
  create_issue: z
    .object({
      title: z.string().trim().min(1).max(200),
      description: z.string().trim().max(10_000).optional(),
      priority: priority.optional(),
      category: z.enum(ISSUE_CATEGORIES).optional(),
      customer: recordRef('customer').optional(),
    })
    .strict(),
  update_issue: z
    .object({
      issue: recordRef('issue'),
      status: z.enum(ISSUE_STATUSES).optional(),
      priority: priority.optional(),
      category: z.enum(ISSUE_CATEGORIES).optional(),
      assignedTo: userRef.optional(),
      resolution: z.string().trim().max(10_000).optional(),
    })
    .strict(),
  comment_on_issue: z
    .object({ issue: recordRef('issue'), comment: z.string().trim().min(1).max(10_000) })
    .strict(),

  list_orders: z
    .object({
      status: z.enum(ORDER_STATUSES).optional(),
      customer: recordRef('customer').optional(),
      createdIn: period.optional(),
      minTotal: money.optional(),
      limit,
    })
    .strict(),
  get_order: z.object({ order: recordRef('order') }).strict(),
  create_order: z
    .object({
      customer: recordRef('customer'),
      items: z
        .array(
          z
            .object({
              description: z.string().trim().min(1).max(500),
              quantity: z.number().int().min(1).max(1_000_000).default(1),
              unitPrice: money,
            })
            .strict(),
        )
        .min(1)
        .max(200),
      discount: money.optional(),
      taxRate: z.number().min(0).max(100).optional().describe('Tax in percent, e.g. 8.25'),
      currency: z.string().trim().length(3).optional(),
    })
    .strict(),

  list_payments: z
    .object({
      order: recordRef('order').optional(),
      customer: recordRef('customer').optional(),
      status: z.enum(PAYMENT_STATUSES).optional(),
      method: z.enum(PAYMENT_METHODS).optional(),
      paidIn: period.optional(),
      limit,
    })
    .strict(),
  record_payment: z
    .object({
      amount: money,
      order: recordRef('order').optional(),
      customer: recordRef('customer').optional(),
      currency: z.string().trim().length(3).optional(),
      method: z.enum(PAYMENT_METHODS).optional(),
      direction: z.enum(PAYMENT_DIRECTIONS).optional(),
      paidAt: date.optional(),
      reference: z.string().trim().max(200).optional(),
    })
    .strict(),

  list_activities: z
    .object({
      type: z.enum(ACTIVITY_TYPES).optional(),
      assignedTo: userRef.optional(),
      done: z.boolean().optional(),
      overdue: z.boolean().optional(),
      dueIn: period.optional(),
      customer: recordRef('customer').optional(),
      lead: recordRef('lead').optional(),
      deal: recordRef('deal').optional(),
      limit,
    })
    .strict(),
  log_activity: z
    .object({
      type: z.enum(ACTIVITY_TYPES),
      subject: z.string().trim().min(1).max(200),
      body: z.string().trim().max(10_000).optional(),
      customer: recordRef('customer').optional(),
      lead: recordRef('lead').optional(),
      deal: recordRef('deal').optional(),
      dueAt: z.string().trim().max(40).optional().describe('When it is due: an ISO date or date-time'),
      assignedTo: userRef.optional(),
    })
    .strict(),

  get_stats: z.object({ period: period.optional().describe('Defaults to this_month') }).strict(),

  delete_record: z
    .object({
      type: z.enum(RECORD_TYPES),
      record: recordRef('record'),
    })
    .strict(),
} as const;

export type ToolName = keyof typeof toolInputs;
export type ToolInput<N extends ToolName> = z.input<(typeof toolInputs)[N]>;
export const TOOL_NAMES = Object.keys(toolInputs) as ToolName[];

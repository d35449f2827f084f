import { z } from 'zod';
import {
  ACTIVITY_TYPES,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  ISSUE_CATEGORIES,
  ISSUE_STATUSES,
  LEAD_STATUSES,
  ORDER_STATUSES,
  PAYMENT_DIRECTIONS,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  PRIORITIES,
} from '../domain/vocabulary.ts';
import {
  chosen,
  currency,
  id,
  isoDate,
  isoDateTime,
  minorAmount,
  optionalEmail,
  optionalPhone,
  optionalText,
  percent,
  tags,
  text,
  userRef,
} from './fields.ts';

/**
 * What a person sends to create or change customers, leads, deals, orders, payments, issues and activities. The services parse every
 * caller's input with these, and the web app checks its forms with them before sending, so both say the same.
 */

const address = {
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  city: optionalText(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: optionalText(100),
};

export const customerInput = z
  .object({
    kind: z.enum(CUSTOMER_KINDS).default('individual'),
    name: text(200, 'a name'),
    companyName: optionalText(200),
    email: optionalEmail,
    phone: optionalPhone,
    ...address,
    status: z.enum(CUSTOMER_STATUSES).default('active'),
    source: optionalText(60),
    tags: tags.default([]),
    notes: optionalText(10_000),
    assignedTo: userRef.nullish(),
    portalUserId: id.nullish(),
  })
  .strict();

export const customerPatch = customerInput
  .omit({ kind: true, status: true, tags: true })
  .extend({
    kind: z.enum(CUSTOMER_KINDS),
    status: z.enum(CUSTOMER_STATUSES),
    tags,
    name: text(200, 'a name'),
  })
  .partial()
  .strict();

/** "converted" is reached only through conversion, which also creates the customer. */
export const settableLeadStatus = z.enum(LEAD_STATUSES).exclude(['converted']);
/**
 * Kept as written here and normalised by the service: the HTTP layer parses a body with this schema before
 * the service parses it again, and a transform here would lose the raw label on the second pass.
 */
export const leadSource = z.string().trim().max(60).nullish();

export const leadInput = z
  .object({
    name: text(200, 'a name'),
    company: optionalText(200),
    email: optionalEmail,
    phone: optionalPhone,
    source: leadSource,
    status: settableLeadStatus.default('new'),
    score: percent.default(0),
    estimatedValue: minorAmount.nullish(),
    currency: currency.optional(),
    notes: optionalText(10_000),
    assignedTo: userRef.nullish(),
  })
  .strict();

export const leadPatch = leadInput
  .omit({ status: true, score: true })
  .extend({ status: settableLeadStatus, score: percent })
  .partial()
  .strict();

export const priority = z.enum(PRIORITIES);
/** A stage by id (12) or by name in any case ("negotiation", "Closed Won"). */
export const stageRef = z.union([z.number().int().positive(), z.string().trim().min(1).max(100)]);

export const dealInput = z
  .object({
    title: text(200, 'a title'),
    value: minorAmount.default(0),
    currency: currency.optional(),
    pipelineId: id.optional(),
    stage: stageRef.optional(),
    probability: percent.optional(),
    expectedCloseDate: isoDate.nullish(),
    customerId: id.nullish(),
    leadId: id.nullish(),
    assignedTo: userRef.nullish(),
    priority: priority.default('medium'),
    notes: optionalText(10_000),
  })
  .strict();

/** Stage and pipeline change only through a stage move, which keeps status and history consistent. */
export const dealPatch = dealInput
  .omit({ pipelineId: true, stage: true, value: true, priority: true })
  .extend({ title: text(200, 'a title'), value: minorAmount, priority, currency })
  .partial()
  .strict();

const item = z
  .object({
    description: text(500, 'a description'),
    quantity: z
      .number({ error: 'Enter a quantity' })
      .int('Enter a whole number')
      .min(1, 'Enter 1 or more')
      .max(1_000_000),
    unitPrice: minorAmount,
  })
  .strict();

/** Tax as a rate in basis points (825 = 8.25%), charged on the subtotal after the discount. */
export const taxRateBp = z
  .number()
  .int('Enter the rate in whole basis points (8.25% is 825)')
  .min(0, 'Enter a tax rate of zero or more')
  .max(10_000, 'Enter a tax rate of 100% or less');
export const orderStatus = z.enum(ORDER_STATUSES);

export const orderInput = z
  .object({
    customerId: chosen('a customer'),
    dealId: id.nullish(),
    items: z.array(item).min(1, 'Add at least one item').max(200),
    taxRateBp: taxRateBp.default(0),
    discount: minorAmount.default(0),
    currency: currency.optional(),
    status: orderStatus.default('draft'),
    orderDate: isoDate.optional(),
    assignedTo: userRef.nullish(),
    notes: optionalText(10_000),
  })
  .strict();

export const orderPatch = orderInput
  .omit({ taxRateBp: true, discount: true, status: true })
  .extend({ taxRateBp, discount: minorAmount, status: orderStatus })
  .partial()
  .strict();

const amount = minorAmount.min(1, 'Enter an amount more than zero');
export const paymentMethod = z.enum(PAYMENT_METHODS);
/** incoming: money from the customer; outgoing: money back to them (a refund). */
export const paymentDirection = z.enum(PAYMENT_DIRECTIONS);
export const paymentStatus = z.enum(PAYMENT_STATUSES);

export const paymentInput = z
  .object({
    orderId: id.nullish().describe('The order paid; a payment needs an order or a customer'),
    customerId: id
      .nullish()
      .describe("Who paid or was paid; with an order it must be the order's customer, and may be left out"),
    amount,
    currency: currency.optional(),
    method: paymentMethod.default('other'),
    direction: paymentDirection.default('incoming'),
    status: paymentStatus.default('completed'),
    paidAt: isoDate.optional(),
    reference: optionalText(200),
    notes: optionalText(10_000),
    assignedTo: userRef.nullish(),
  })
  .strict();

export const paymentPatch = paymentInput
  .omit({ method: true, direction: true, status: true })
  .extend({ method: paymentMethod, direction: paymentDirection, status: paymentStatus, paidAt: isoDate })
  .partial()
  .strict();

export const issueCategory = z.enum(ISSUE_CATEGORIES);
export const issueStatus = z.enum(ISSUE_STATUSES);
/** Status and resolution are not set at creation: every issue starts open and is resolved by the team. */
export const issueInput = z
  .object({
    title: text(200, 'a title'),
    description: optionalText(10_000),
    priority: priority.default('medium'),
    category: issueCategory.default('general'),
    customerId: id.nullish(),
    assignedTo: userRef.nullish(),
  })
  .strict();

export const issuePatch = z
  .object({
    title: text(200, 'a title'),
    description: optionalText(10_000),
    priority,
    category: issueCategory,
    status: issueStatus,
    customerId: id.nullable(),
    assignedTo: userRef.nullable(),
    resolution: optionalText(10_000),
  })
  .partial()
  .strict();

export const activityType = z.enum(ACTIVITY_TYPES);

/**
 * Marking done is `done: true` (stamps done_at, keeping the first stamp if it was done already) and undoing it
 * is `done: false`. A call or note logged after the fact can be created as done.
 */
export const activityInput = z
  .object({
    type: activityType,
    subject: text(200, 'a subject'),
    body: optionalText(10_000),
    customerId: id.nullish(),
    leadId: id.nullish(),
    dealId: id.nullish(),
    dueAt: isoDateTime.nullish(),
    done: z.boolean().default(false),
    assignedTo: userRef.nullish(),
  })
  .strict();

export const activityPatch = activityInput
  .omit({ type: true, done: true })
  .extend({ type: activityType, done: z.boolean(), subject: text(200, 'a subject') })
  .partial()
  .strict();

import { z } from 'zod';

/**
 * Output schema pieces several tools share. Objects are loose, so a field added to a record later is passed
 * on rather than refused; the fields named here are the ones clients may count on.
 */

export const id = z.number().int();
/** A link to another record, or null. */
export const ref = id.nullable();
export const text = z.string();
export const optionalText = z.string().nullable();
/** Money already written out for people ("$3,000.00"); absent amounts are null. */
export const written = z.string().nullable();
/** An amount as stored. */
export const minor = z.number().int().describe('An amount in minor units (cents)');
export const timestamp = z.string().describe('ISO 8601');

/** What every list_* tool returns: a page of compact summaries. */
export const listOf = (item: z.ZodObject) =>
  z.object({
    count: z.number().int(),
    more: z.boolean().describe('True when more records match than were returned; raise limit or filter'),
    items: z.array(item),
  });

/** Records as the services return them; get, create and update tools answer with these. */
export const records = {
  customer: z.looseObject({
    id,
    kind: text,
    name: text,
    email: optionalText,
    phone: optionalText,
    status: text,
    assignedTo: ref,
    createdAt: timestamp,
  }),
  lead: z.looseObject({
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
  }),
  deal: z.looseObject({
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
  }),
  issue: z.looseObject({
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
  order: z.looseObject({
    id,
    number: text,
    customerId: ref,
    status: text,
    currency: text,
    total: minor,
    orderDate: text,
  }),
  payment: z.looseObject({
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
  }),
  activity: z.looseObject({
    id,
    type: text,
    subject: text,
    dueAt: optionalText,
    done: z.boolean(),
    assignedTo: ref,
  }),
};

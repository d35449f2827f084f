import { z } from 'zod';
import { LEAD_SOURCES, LEAD_STATUSES } from '../domain/vocabulary.ts';
import { currencyCode, minor, pageOf, ref, stamped, timestamp } from './common.ts';
import { customer } from './customers.ts';
import { deal } from './deals.ts';

export const lead = z
  .object({
    ...stamped,
    name: z.string(),
    company: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    source: z
      .enum(LEAD_SOURCES)
      .describe('The channel the lead came from, recognised from what was written ("FB" is facebook)'),
    sourceLabel: z
      .string()
      .nullable()
      .describe('What was written as the source when it named no known channel; source is then "other"'),
    status: z.enum(LEAD_STATUSES),
    score: z.number().int().describe('0 to 100'),
    estimatedValue: minor.nullable(),
    currency: currencyCode,
    notes: z.string().nullable(),
    assignedTo: ref.describe('User id of the member responsible'),
    convertedCustomerId: ref.describe('The customer the lead became'),
    convertedDealId: ref.describe('The deal opened when it was converted, if any'),
    convertedAt: timestamp.nullable().describe('When the lead was converted; null until then'),
  })
  .meta({ id: 'Lead' });

export const leadPage = pageOf(lead).meta({ id: 'LeadPage' });

/** What converting a lead made of it. */
export const leadConversion = z
  .object({
    lead,
    customer,
    deal: deal.nullable().describe('The deal opened for the customer; null when none was asked for'),
  })
  .meta({ id: 'LeadConversion' });

export type Lead = z.infer<typeof lead>;
export type LeadConversion = z.infer<typeof leadConversion>;

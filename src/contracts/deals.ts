import { z } from 'zod';
import { DEAL_STATUSES, PRIORITIES } from '../domain/vocabulary.ts';
import { currencyCode, day, minor, pageOf, recordId, ref, stamped, timestamp } from './common.ts';

export const dealStageChange = z
  .object({
    id: recordId,
    fromStageId: ref.describe('null for the stage the deal was created in'),
    fromStageName: z.string().nullable().describe('null when there was none, or the stage has been deleted'),
    toStageId: recordId,
    toStageName: z.string().nullable().describe('null once the stage has been deleted'),
    changedBy: ref.describe('User id of who moved the deal'),
    changedAt: timestamp,
  })
  .meta({ id: 'DealStageChange' });

export const deal = z
  .object({
    ...stamped,
    title: z.string(),
    value: minor,
    currency: currencyCode,
    pipelineId: recordId,
    stageId: recordId,
    stageName: z.string(),
    probability: z
      .number()
      .int()
      .describe("Chance of winning, 0 to 100; a stage move sets it to the stage's"),
    expectedCloseDate: day.nullable(),
    customerId: ref,
    customerName: z.string().nullable(),
    leadId: ref.describe('The lead the deal came from'),
    assignedTo: ref.describe('User id of the member responsible'),
    priority: z.enum(PRIORITIES),
    status: z
      .enum(DEAL_STATUSES)
      .describe("The outcome of the deal's stage: it changes only by a stage move"),
    closeReason: z.string().nullable(),
    closedAt: timestamp.nullable().describe('When the deal reached a won or lost stage; null while open'),
    notes: z.string().nullable(),
  })
  .meta({ id: 'Deal' });

/** A deal as reading, creating, changing or moving one answers: with how it moved through its stages. */
export const dealDetail = deal
  .extend({
    history: z
      .array(dealStageChange)
      .describe('Every stage the deal entered, oldest first; the first entry is its creation'),
  })
  .meta({ id: 'DealDetail' });

export const dealPage = pageOf(deal).meta({ id: 'DealPage' });

export type Deal = z.infer<typeof deal>;
export type DealDetail = z.infer<typeof dealDetail>;
export type DealStageChange = z.infer<typeof dealStageChange>;

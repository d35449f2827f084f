import { z } from 'zod';
import { ACTIVITY_TYPES } from '../domain/vocabulary.ts';
import { pageOf, ref, stamped, timestamp } from './common.ts';

export const activity = z
  .object({
    ...stamped,
    type: z.enum(ACTIVITY_TYPES),
    subject: z.string(),
    body: z.string().nullable(),
    customerId: ref,
    customerName: z.string().nullable(),
    leadId: ref,
    leadName: z.string().nullable(),
    dealId: ref,
    dealTitle: z.string().nullable(),
    assignedTo: ref.describe('User id of the member who follows it up'),
    dueAt: timestamp.nullable(),
    doneAt: timestamp.nullable().describe('When it was first marked done; null while open'),
    done: z.boolean().describe('Whether doneAt is set'),
  })
  .meta({ id: 'Activity' });

export const activityPage = pageOf(activity).meta({ id: 'ActivityPage' });

export type Activity = z.infer<typeof activity>;

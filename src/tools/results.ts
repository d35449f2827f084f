import { z } from 'zod';

/**
 * The pieces of tool results several tools share: the fields of list summaries and the page every list
 * returns. Summaries are loose objects, so a field added later is passed on rather than refused.
 */

export const id = z.number().int();
/** A link to another record, or null. */
export const ref = id.nullable();
export const text = z.string();
export const optionalText = z.string().nullable();
/** Money already written out for people ("$3,000.00"); absent amounts are null. */
export const written = z.string().nullable();
export const timestamp = z.string().describe('ISO 8601');

/** What every list_* tool returns: a page of compact summaries; `more` is true when more records match. */
export const listOf = (item: z.ZodObject) =>
  z.object({
    count: z.number().int(),
    more: z.boolean(),
    items: z.array(item),
    note: z.string().optional().describe('Said before the items, e.g. when "my" became everyone\'s'),
  });

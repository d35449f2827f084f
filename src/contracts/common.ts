import { z } from 'zod';

/**
 * Shapes the API and the MCP server answer with. The services' mappers return these types, the HTTP routes
 * declare them as responses (and serialize with them), and the web app imports their types, so the three
 * cannot drift apart. This folder imports only zod and domain/.
 */

export const recordId = z.number().int().positive();
/** A link to another record, or null. */
export const ref = recordId.nullable();
export const timestamp = z.string().describe('ISO 8601 date and time, UTC');
export const day = z.string().describe('Calendar date, YYYY-MM-DD');
/** An amount as stored. */
export const minor = z.number().int().describe('Amount in minor units (cents)');
export const currencyCode = z.string().describe('ISO 4217 currency code, upper case, e.g. USD');

/** Who made a record and when it last changed; every CRM record carries these. */
export const stamped = {
  id: recordId,
  createdBy: ref,
  createdAt: timestamp,
  updatedAt: timestamp,
};

/** How many rows a list holds, counted when asked (`total=true`) and only up to a cap. */
export const listTotal = z
  .object({
    count: z.number().int().min(0).describe('Matching rows; when exact is false, the cap that was reached'),
    exact: z.boolean().describe('False when there are more rows than count (shown as "10,000+")'),
  })
  .meta({ id: 'ListTotal' });

export type ListTotal = z.infer<typeof listTotal>;

/** One page of a list, as `pageOf` describes it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: ListTotal;
}

/** One page of a list, newest first unless `sort` says otherwise. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page. Opaque: do not build it.'),
    total: listTotal.optional().describe('Present on a first page asked for with total=true'),
  });

/** Every error response's body. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. validation_failed, not_found'),
      message: z.string().describe('A sentence a person can read'),
      details: z
        .unknown()
        .optional()
        .describe('For validation_failed, usually a list of { path, message }: the field and what is wrong'),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof errorBody>;

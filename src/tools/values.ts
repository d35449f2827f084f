import { z } from 'zod';
import { PERIOD_NAMES } from '../domain/periods.ts';
import { PRIORITIES } from '../domain/vocabulary.ts';

/**
 * The value kinds many tool inputs share. Each carries a `convention` tag: a language model is shown the tag
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
/** The name of a shared value kind, as tagged in schemas. */
export type ValueKind = keyof typeof KIND_DESCRIPTIONS;

/** The description a shared kind carries unless a property says more (a record's names its noun). */
export function kindDescription(kind: ValueKind, noun?: string): string {
  return kind === 'record' ? `The ${noun}: ${KIND_DESCRIPTIONS.record}` : KIND_DESCRIPTIONS[kind];
}

/** Tags a schema with its kind, and gives it the kind's description. */
function kind<T extends z.ZodType>(schema: T, name: ValueKind, noun?: string): T {
  return schema
    .meta({ convention: name, ...(noun !== undefined && { noun }) })
    .describe(kindDescription(name, noun));
}

/** A record by id (23), by "#23", by document number ("ORD-2026-0012", "ISS-2026-0003") or by name. */
export const recordRef = (what: string) =>
  kind(z.union([z.number().int().positive(), z.string().trim().min(1).max(200)]), 'record', what);

/** A user: "me", an id, or a name or email. */
export const person = kind(
  z.union([z.literal('me'), z.number().int().positive(), z.string().trim().min(1).max(200)]),
  'person',
);

/** Money in major units: 3000, "3,000.50", "$3k", "3000 usd". */
export const amount = kind(
  z.union([z.number().nonnegative().max(1e11), z.string().trim().min(1).max(40)]),
  'amount',
);

const dateRange = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/)
  .transform((text) => {
    const [from, to] = text.split('..') as [string, string];
    return { from, to };
  });

/** A named period ("this_month"), a {from, to} pair or "from..to". */
export const period = kind(
  z.union([z.enum(PERIOD_NAMES), z.object({ from: z.iso.date(), to: z.iso.date() }).strict(), dateRange]),
  'period',
);

/** A calendar date. */
export const date = kind(z.iso.date(), 'date');

/** How many records a list returns. */
export const limit = kind(z.number().int().min(1).max(100).optional(), 'limit');

/** The start of a name, title or email, to narrow a list. */
export const prefix = kind(z.string().trim().min(1).max(200).optional(), 'prefix');

/** A record's priority. */
export const priority = z.enum(PRIORITIES);

/** A three-letter currency code. */
export const currency = z.string().trim().length(3);

/** Free text notes on a record. */
export const notes = z.string().trim().max(10_000);

/** The record types a reference can name. */
export const RECORD_TYPES = ['customer', 'lead', 'deal', 'issue', 'order', 'payment', 'activity'] as const;

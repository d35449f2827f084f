import { z } from 'zod';
import { PERIOD_NAMES } from '../domain/periods.ts';
import { PRIORITIES } from '../domain/vocabulary.ts';

/**
 * The value kinds many tool inputs share. Each kind is recorded beside its schema (in `KINDS`), not inside
 * it, so the JSON Schema clients receive stays standard; each reader of the schemas writes a kind its own
 * way (json-schema.ts): the MCP listing as a small plain schema, the assistant as a one-word label
 * explained once per request.
 */

/** The name of a shared value kind. */
export type ValueKind = 'record' | 'person' | 'amount' | 'period' | 'date' | 'limit' | 'prefix';

/** A schema's kind, and for a record reference the noun it names ("customer"). */
export interface KindTag {
  kind: ValueKind;
  noun?: string;
}

const KINDS = z.registry<KindTag>();

/** The kind a schema was declared as, if any; `.describe()` and other copies keep their original's. */
export function kindOf(schema: z.core.$ZodType): KindTag | undefined {
  return KINDS.get(schema);
}

function kind<T extends z.ZodType>(schema: T, name: ValueKind, noun?: string): T {
  KINDS.add(schema, { kind: name, ...(noun !== undefined && { noun }) });
  return schema;
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

/** A record's name or title, as people write it. */
export const title = z.string().trim().min(1).max(200);

/** Contact details, checked as the services check them. */
export const contact = {
  email: z.string().trim().max(254),
  phone: z.string().trim().max(40),
  city: z.string().trim().max(100),
};

/** Where a lead or customer came from, as said; the services file it under a channel. */
export const source = z.string().trim().max(60);

/** The record types a reference can name. */
export const RECORD_TYPES = ['customer', 'lead', 'deal', 'issue', 'order', 'payment', 'activity'] as const;

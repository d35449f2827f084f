import { z } from 'zod';

/** Field schemas shared by the areas, so limits and messages are the same everywhere. */

export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullish();

export const email = z
  .email('must be an email address')
  .max(254)
  .transform((v) => v.toLowerCase());
export const optionalEmail = z
  .union([z.literal(''), email])
  .transform((v) => (v === '' ? null : v))
  .nullish();

export const id = z.coerce.number().int().positive().max(2_147_483_647);

/** A user given by id or as "me" (the acting user). */
export const userRef = z.union([z.literal('me'), id]);

export const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code such as USD')
  .transform((v) => v.toUpperCase());

/** Money in minor units (cents): 3000.00 USD is 300000. */
export const minorAmount = z.number().int('must be whole minor units (cents)').min(0).max(1e13);

export const isoDate = z.iso.date('must be a date as YYYY-MM-DD');
export const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/** Tags: short labels, de-duplicated, lower-cased. */
export const tags = z
  .array(z.string().trim().min(1).max(40))
  .max(50)
  .transform((t) => [...new Set(t.map((s) => s.toLowerCase()))]);

/** Inclusive date-range filters on created_at, e.g. createdFrom=2026-01-01&createdTo=2026-01-31. */
export const createdRange = {
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
};

/** Normalises a date-time input to the stored fixed-width UTC form. */
export function toStoredInstant(v: string): string {
  return new Date(v).toISOString();
}

/** The first instant after a calendar day, for inclusive "to" dates compared with stored timestamps. */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

import { z } from 'zod';

/** Field schemas live in contracts/ so the web app checks forms with them too; these helpers are server-side. */
export {
  chosen,
  createdRange,
  currency,
  email,
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
} from '../contracts/fields.ts';

/** A yes/no parameter: query strings carry it as text, tools pass a real boolean. */
export const queryFlag = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform((v) => v === true || v === 'true');

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

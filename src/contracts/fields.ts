import { type core, z } from 'zod';

/**
 * Field schemas the services validate input with and the web app checks forms with, so a person gets the same
 * words from either. Messages are written to be shown beside the field they name ("Enter a name").
 */

const LIST = new Intl.ListFormat('en', { type: 'disjunction' });

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${Number(n) === 1 ? '' : 's'}`;
}

/** The default message for any check that names none: short, plain, and about what to do. */
export function plainMessage(issue: core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'This is required';
      if (issue.expected === 'number' || issue.expected === 'int') return 'Enter a number';
      if (issue.expected === 'string') return 'Enter text';
      if (issue.expected === 'boolean') return 'Choose yes or no';
      if (issue.expected === 'array') return 'Enter a list';
      return 'This value is not the right kind';
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'This is required' : `Use at least ${issue.minimum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `Add at least ${plural(issue.minimum as number, 'item')}`;
      return issue.inclusive ? `Enter ${issue.minimum} or more` : `Enter more than ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `Use at most ${plural(issue.maximum as number, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `Use at most ${plural(issue.maximum as number, 'item')}`;
      return issue.inclusive ? `Enter ${issue.maximum} or less` : `Enter less than ${issue.maximum}`;
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter a valid email';
      if (issue.format === 'date') return 'Enter a date as YYYY-MM-DD';
      if (issue.format === 'datetime') return 'Enter a date and time';
      return 'This is not in the expected form';
    case 'invalid_value':
      return `Choose ${LIST.format(issue.values.map((v) => String(v)))}`;
    case 'not_multiple_of':
      return `Enter a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}`;
    case 'invalid_union': {
      // "me" or an id, "" or an email: the last alternative is the one a person meant.
      const last = issue.errors.at(-1)?.[0];
      return last?.message ?? 'This value is not valid';
    }
    default:
      return 'This value is not valid';
  }
}

// Every schema without a message of its own, on the server and in the browser, answers in these words.
z.config({ customError: plainMessage });

/** Required text: `what` names it for the message ("a name" gives "Enter a name"). */
export const text = (max: number, what = 'a value') =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `Use at most ${max} characters`);

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullish();

export const email = z
  .email('Enter a valid email')
  .max(254, 'Use at most 254 characters')
  .transform((v) => v.toLowerCase());
export const optionalEmail = z
  .union([z.literal(''), email])
  .transform((v) => (v === '' ? null : v))
  .nullish();

/** Digits with the usual separators and an optional leading +: "+1 (555) 010-2000", "(030) 1234567". */
const PHONE = /^\+?[0-9(][0-9 ()./-]*$/;
export const optionalPhone = z
  .string()
  .trim()
  .max(40, 'Use at most 40 characters')
  .refine((v) => v === '' || (PHONE.test(v) && v.replace(/\D/g, '').length >= 3), {
    error: 'Enter a phone number: digits, spaces and + ( ) - only',
  })
  .transform((v) => (v === '' ? null : v))
  .nullish();

export const id = z.coerce.number().int().positive().max(2_147_483_647);
/** A link to a record a person picks, with the message for picking none ("Choose a customer"). */
export const chosen = (what: string) =>
  z.coerce
    .number({ error: `Choose ${what}` })
    .int({ error: `Choose ${what}` })
    .positive({ error: `Choose ${what}` })
    .max(2_147_483_647, { error: `Choose ${what}` });

/** A user given by id or as "me" (the acting user). */
export const userRef = z.union([z.literal('me'), id]);

/** Exactly three letters: "EURO" is refused, not cut to "EUR". */
export const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'Enter a three-letter currency code such as USD or EUR')
  .transform((v) => v.toUpperCase());

/** Money in minor units (cents): 3000.00 USD is 300000. */
export const minorAmount = z
  .number({ error: 'Enter an amount' })
  .int('Enter the amount in whole cents')
  .min(0, 'Enter an amount of zero or more')
  .max(1e13, 'That amount is too large');

/** A percentage from 0 to 100, refused (not capped) outside it. */
export const percent = z
  .number({ error: 'Enter a number from 0 to 100' })
  .int('Enter a whole number from 0 to 100')
  .min(0, 'Enter a number from 0 to 100')
  .max(100, 'Enter a number from 0 to 100');

export const isoDate = z.iso.date('Enter a date as YYYY-MM-DD');
export const isoDateTime = z.iso.datetime({ offset: true, message: 'Enter a date and time' });

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

/**
 * What a person searches for. A NUL character is refused here, not dropped: the matcher splits text at
 * anything but letters and digits, so it would otherwise search for something other than what was sent.
 */
export const searchText = z
  .string()
  .trim()
  .min(1, 'Type something to search for')
  .max(200, 'Use at most 200 characters')
  .refine((q) => !q.includes('\u0000'), 'Text cannot contain the NUL character (U+0000)');

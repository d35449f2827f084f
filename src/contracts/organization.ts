import { z } from 'zod';
import { EMPLOYEE_VISIBILITIES } from '../domain/actor.ts';
import { recordId, timestamp } from './common.ts';
import { currency, text } from './fields.ts';

/** The organization a request acts in: its name and settings. */

export const organizationSettings = z
  .object({
    employeeVisibility: z
      .enum(EMPLOYEE_VISIBILITIES)
      .describe('all: employees see every record; assigned: only the records assigned to them'),
    currency: z.string().describe('ISO 4217 code of the default currency, e.g. USD'),
    timezone: z.string().describe('IANA time zone that days and periods are counted in, e.g. Europe/Berlin'),
  })
  .meta({ id: 'OrganizationSettings' });

export const organization = z
  .object({
    id: recordId,
    slug: z.string(),
    name: z.string(),
    settings: organizationSettings,
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Organization' });

export type Organization = z.infer<typeof organization>;

/** An IANA time zone, stored in its canonical spelling ("europe/berlin" becomes "Europe/Berlin"). */
const timezone = z
  .string()
  .trim()
  .max(64)
  .transform((zone, ctx) => {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter a time zone such as Europe/Berlin or UTC' });
      return z.NEVER;
    }
  });

/** Renaming the organization and changing its settings. */
export const organizationPatch = z
  .object({
    name: text(200, 'a name').optional(),
    settings: z
      .object({
        employeeVisibility: z.enum(EMPLOYEE_VISIBILITIES).optional(),
        currency: currency.optional(),
        timezone: timezone.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

import { z } from 'zod';
import { EMPLOYEE_VISIBILITIES } from '../domain/actor.ts';
import { recordId, timestamp } from './common.ts';

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

import { z } from 'zod';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES } from '../domain/vocabulary.ts';
import { pageOf, ref, stamped } from './common.ts';

export const customer = z
  .object({
    ...stamped,
    kind: z.enum(CUSTOMER_KINDS),
    name: z.string(),
    companyName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    addressLine1: z.string().nullable(),
    addressLine2: z.string().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    postalCode: z.string().nullable(),
    country: z.string().nullable(),
    status: z.enum(CUSTOMER_STATUSES),
    source: z.string().nullable(),
    tags: z.array(z.string()),
    notes: z.string().nullable(),
    assignedTo: ref.describe('User id of the member responsible'),
    portalUserId: ref.describe('User id of the customer who signs in to the portal as this record'),
  })
  .meta({ id: 'Customer' });

export const customerPage = pageOf(customer).meta({ id: 'CustomerPage' });

export type Customer = z.infer<typeof customer>;

import { z } from 'zod';
import { PAYMENT_DIRECTIONS, PAYMENT_METHODS, PAYMENT_STATUSES } from '../domain/vocabulary.ts';
import { currencyCode, day, minor, pageOf, ref, stamped } from './common.ts';

export const payment = z
  .object({
    ...stamped,
    number: z.string().describe('PAY-YYYY-NNNN, numbered per organization and year'),
    orderId: ref,
    orderNumber: z.string().nullable(),
    customerId: ref.describe("The order's customer when there is an order"),
    customerName: z.string().nullable(),
    amount: minor.describe('More than zero; the direction says which way the money went'),
    currency: currencyCode,
    method: z.enum(PAYMENT_METHODS),
    direction: z
      .enum(PAYMENT_DIRECTIONS)
      .describe('incoming: money from the customer; outgoing: money back to them (a refund)'),
    status: z.enum(PAYMENT_STATUSES).describe("Only completed payments count towards an order's paid amount"),
    paidAt: day,
    reference: z.string().nullable(),
    notes: z.string().nullable(),
    assignedTo: ref.describe('User id of the member responsible'),
  })
  .meta({ id: 'Payment' });

export const paymentPage = pageOf(payment).meta({ id: 'PaymentPage' });

export type Payment = z.infer<typeof payment>;

import { z } from 'zod';
import { ORDER_STATUSES } from '../domain/vocabulary.ts';
import { currencyCode, day, minor, pageOf, recordId, ref, stamped } from './common.ts';

export const orderItem = z
  .object({
    id: recordId,
    position: z.number().int().describe('1 for the first line'),
    description: z.string(),
    quantity: z.number().int(),
    unitPrice: minor,
    lineTotal: minor.describe('quantity * unitPrice'),
  })
  .meta({ id: 'OrderItem' });

export const order = z
  .object({
    ...stamped,
    number: z.string().describe('ORD-YYYY-NNNN, numbered per organization and year'),
    customerId: ref.describe('null only once the customer has been deleted'),
    customerName: z.string().nullable(),
    dealId: ref.describe('The deal the order comes from'),
    status: z.enum(ORDER_STATUSES),
    currency: currencyCode,
    subtotal: minor.describe('The sum of the line totals'),
    discount: minor.describe('Taken off the subtotal before tax'),
    taxRateBp: z.number().int().describe('Tax rate in basis points: 825 is 8.25%'),
    tax: minor.describe('(subtotal - discount) * rate, rounded half up'),
    total: minor.describe('subtotal - discount + tax'),
    paid: minor.describe('Completed incoming payments less completed refunds'),
    outstanding: minor.describe('total - paid'),
    orderDate: day,
    notes: z.string().nullable(),
    assignedTo: ref.describe('User id of the member responsible'),
  })
  .meta({ id: 'Order' });

/** An order as reading, creating or changing one answers: with its lines. */
export const orderDetail = order
  .extend({ items: z.array(orderItem).describe('The lines, in order') })
  .meta({ id: 'OrderDetail' });

export const orderPage = pageOf(order).meta({ id: 'OrderPage' });

export type Order = z.infer<typeof order>;
export type OrderDetail = z.infer<typeof orderDetail>;
export type OrderItem = z.infer<typeof orderItem>;

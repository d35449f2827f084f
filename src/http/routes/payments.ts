import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { payment, paymentPage } from '../../contracts/payments.ts';
import { paymentInput, paymentListQuery, paymentPatch } from '../../crm/payments.ts';
import { registerRecordRoutes } from './record-routes.ts';

export const paymentRoutes: FastifyPluginAsyncZod = async (app) => {
  registerRecordRoutes(app, {
    path: '/payments',
    noun: ['payment', 'payments'],
    service: app.deps.crm.payments,
    schemas: {
      list: paymentListQuery,
      create: paymentInput,
      update: paymentPatch,
      record: payment,
      page: paymentPage,
    },
    descriptions: {
      list: "`q` is a prefix of the payment number or of its order's number.",
      create:
        "A payment needs an order (`orderId`) or a customer (`customerId`); with an order, the customer and currency are the order's. It gets the next PAY-YYYY-NNNN number. A completed incoming payment may not exceed the order's outstanding balance, nor a completed refund what was paid; a cancelled order takes refunds only.",
      update:
        'The balances of the order the payment leaves and the order it joins are checked again. Clearing `orderId` needs a `customerId` (given or kept).',
      remove: 'Refused when refunds on its order depend on it.',
    },
  });
};

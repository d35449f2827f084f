import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { paymentInput, paymentListQuery, paymentPatch } from '../../crm/payments.ts';
import { registerRecordRoutes } from './record-routes.ts';

export const paymentRoutes: FastifyPluginAsyncZod = async (app) => {
  registerRecordRoutes(app, {
    path: '/payments',
    noun: ['payment', 'payments'],
    service: app.deps.crm.payments,
    schemas: { list: paymentListQuery, create: paymentInput, update: paymentPatch },
  });
};

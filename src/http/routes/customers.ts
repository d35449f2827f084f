import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { customerInput, customerListQuery, customerPatch } from '../../crm/customers.ts';
import { registerRecordRoutes } from './record-routes.ts';

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  registerRecordRoutes(app, {
    path: '/customers',
    service: app.deps.crm.customers,
    schemas: { list: customerListQuery, create: customerInput, update: customerPatch },
  });
};

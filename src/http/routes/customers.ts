import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { customer, customerPage } from '../../contracts/customers.ts';
import { customerInput, customerListQuery, customerPatch } from '../../crm/customers.ts';
import { registerRecordRoutes } from './record-routes.ts';

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  registerRecordRoutes(app, {
    path: '/customers',
    noun: ['customer', 'customers'],
    service: app.deps.crm.customers,
    schemas: {
      list: customerListQuery,
      create: customerInput,
      update: customerPatch,
      record: customer,
      page: customerPage,
    },
  });
};

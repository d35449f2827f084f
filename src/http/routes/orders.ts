import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orderInput, orderListQuery, orderPatch } from '../../crm/orders.ts';
import { registerRecordRoutes } from './record-routes.ts';

export const orderRoutes: FastifyPluginAsyncZod = async (app) => {
  registerRecordRoutes(app, {
    path: '/orders',
    noun: ['order', 'orders'],
    service: app.deps.crm.orders,
    schemas: { list: orderListQuery, create: orderInput, update: orderPatch },
    // Items lock once an order ships; an order with payments is kept.
    errors: { update: [409], remove: [409] },
  });
};

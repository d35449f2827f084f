import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orderDetail, orderPage } from '../../contracts/orders.ts';
import { orderInput, orderListQuery, orderPatch } from '../../crm/orders.ts';
import { registerRecordRoutes } from './record-routes.ts';

export const orderRoutes: FastifyPluginAsyncZod = async (app) => {
  registerRecordRoutes(app, {
    path: '/orders',
    noun: ['order', 'orders'],
    service: app.deps.crm.orders,
    schemas: {
      list: orderListQuery,
      create: orderInput,
      update: orderPatch,
      record: orderDetail,
      page: orderPage,
    },
    descriptions: {
      list: "`q` is a prefix of the order number or of the customer's name.",
      create:
        "Orders get the next ORD-YYYY-NNNN number. Totals are worked out from the items, discount and tax rate; the currency, unless given, is the deal's when one is named, else the organization's.",
      update:
        'Items, discount, tax rate and currency change only while the order is draft or confirmed (409 after). The total may not fall below what has been paid, and an order with payments keeps its customer and currency.',
      remove: 'An order with payments is kept (409): delete its payments first.',
    },
    errors: { update: [409], remove: [409] },
  });
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orderInput, orderListQuery, orderPatch } from '../../crm/orders.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

const tags = ['orders'];

export const orderRoutes: FastifyPluginAsyncZod = async (app) => {
  const { orders } = app.deps.crm;

  app.get('/orders', { schema: { tags, querystring: orderListQuery } }, (req) =>
    orders.list(actorOf(req), req.query),
  );
  app.get('/orders/:id', { schema: { tags, params: idParams } }, (req) =>
    orders.get(actorOf(req), req.params.id),
  );
  app.post('/orders', { schema: { tags, body: orderInput } }, async (req, reply) =>
    reply.status(201).send(await orders.create(actorOf(req), req.body)),
  );
  app.patch('/orders/:id', { schema: { tags, params: idParams, body: orderPatch } }, (req) =>
    orders.update(actorOf(req), req.params.id, req.body),
  );
  app.delete('/orders/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await orders.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

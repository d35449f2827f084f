import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { customerInput, customerListQuery, customerPatch } from '../../crm/customers.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

const tags = ['customers'];

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { customers } = app.deps.crm;

  app.get('/customers', { schema: { tags, querystring: customerListQuery } }, (req) =>
    customers.list(actorOf(req), req.query),
  );
  app.get('/customers/:id', { schema: { tags, params: idParams } }, (req) =>
    customers.get(actorOf(req), req.params.id),
  );
  app.post('/customers', { schema: { tags, body: customerInput } }, async (req, reply) =>
    reply.status(201).send(await customers.create(actorOf(req), req.body)),
  );
  app.patch('/customers/:id', { schema: { tags, params: idParams, body: customerPatch } }, (req) =>
    customers.update(actorOf(req), req.params.id, req.body),
  );
  app.delete('/customers/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await customers.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

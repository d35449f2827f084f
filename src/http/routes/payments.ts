import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { paymentInput, paymentListQuery, paymentPatch } from '../../crm/payments.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

const tags = ['payments'];

export const paymentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { payments } = app.deps.crm;

  app.get('/payments', { schema: { tags, querystring: paymentListQuery } }, (req) =>
    payments.list(actorOf(req), req.query),
  );
  app.get('/payments/:id', { schema: { tags, params: idParams } }, (req) =>
    payments.get(actorOf(req), req.params.id),
  );
  app.post('/payments', { schema: { tags, body: paymentInput } }, async (req, reply) =>
    reply.status(201).send(await payments.create(actorOf(req), req.body)),
  );
  app.patch('/payments/:id', { schema: { tags, params: idParams, body: paymentPatch } }, (req) =>
    payments.update(actorOf(req), req.params.id, req.body),
  );
  app.delete('/payments/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await payments.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

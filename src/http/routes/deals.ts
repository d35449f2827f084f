import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dealInput, dealListQuery, dealMoveInput, dealPatch } from '../../crm/deals.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

const tags = ['deals'];

export const dealRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deals } = app.deps.crm;

  app.get('/deals', { schema: { tags, querystring: dealListQuery } }, (req) =>
    deals.list(actorOf(req), req.query),
  );
  app.get('/deals/:id', { schema: { tags, params: idParams } }, (req) =>
    deals.get(actorOf(req), req.params.id),
  );
  app.post('/deals', { schema: { tags, body: dealInput } }, async (req, reply) =>
    reply.status(201).send(await deals.create(actorOf(req), req.body)),
  );
  app.patch('/deals/:id', { schema: { tags, params: idParams, body: dealPatch } }, (req) =>
    deals.update(actorOf(req), req.params.id, req.body),
  );
  app.post('/deals/:id/stage', { schema: { tags, params: idParams, body: dealMoveInput } }, (req) =>
    deals.moveStage(actorOf(req), req.params.id, req.body),
  );
  app.delete('/deals/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await deals.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

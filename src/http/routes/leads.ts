import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { leadConvertInput, leadInput, leadListQuery, leadPatch } from '../../crm/leads.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

const tags = ['leads'];

export const leadRoutes: FastifyPluginAsyncZod = async (app) => {
  const { leads } = app.deps.crm;

  app.get('/leads', { schema: { tags, querystring: leadListQuery } }, (req) =>
    leads.list(actorOf(req), req.query),
  );
  app.get('/leads/:id', { schema: { tags, params: idParams } }, (req) =>
    leads.get(actorOf(req), req.params.id),
  );
  app.post('/leads', { schema: { tags, body: leadInput } }, async (req, reply) =>
    reply.status(201).send(await leads.create(actorOf(req), req.body)),
  );
  app.patch('/leads/:id', { schema: { tags, params: idParams, body: leadPatch } }, (req) =>
    leads.update(actorOf(req), req.params.id, req.body),
  );
  app.post('/leads/:id/convert', { schema: { tags, params: idParams, body: leadConvertInput } }, (req) =>
    leads.convert(actorOf(req), req.params.id, req.body),
  );
  app.delete('/leads/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await leads.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

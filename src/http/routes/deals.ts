import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dealInput, dealListQuery, dealMoveInput, dealPatch } from '../../crm/deals.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';
import { registerRecordRoutes } from './record-routes.ts';

export const dealRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deals } = app.deps.crm;
  registerRecordRoutes(app, {
    path: '/deals',
    noun: ['deal', 'deals'],
    service: deals,
    schemas: { list: dealListQuery, create: dealInput, update: dealPatch },
  });
  app.post(
    '/deals/:id/stage',
    { schema: { tags: ['deals'], params: idParams, body: dealMoveInput } },
    (req) => deals.moveStage(actorOf(req), req.params.id, req.body),
  );
};

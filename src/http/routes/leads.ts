import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { leadConvertInput, leadInput, leadListQuery, leadPatch } from '../../crm/leads.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';
import { registerRecordRoutes } from './record-routes.ts';

export const leadRoutes: FastifyPluginAsyncZod = async (app) => {
  const { leads } = app.deps.crm;
  registerRecordRoutes(app, {
    path: '/leads',
    noun: ['lead', 'leads'],
    service: leads,
    schemas: { list: leadListQuery, create: leadInput, update: leadPatch },
    // A converted lead keeps its status.
    errors: { update: [409] },
  });
  app.post(
    '/leads/:id/convert',
    { schema: { tags: ['leads'], params: idParams, body: leadConvertInput } },
    (req) => leads.convert(actorOf(req), req.params.id, req.body),
  );
};

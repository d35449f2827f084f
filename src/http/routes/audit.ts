import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditListQuery } from '../../crm/audit.ts';
import { actorOf } from '../context.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/audit', { schema: { tags: ['audit'], querystring: auditListQuery } }, (req) =>
    app.deps.crm.audit.list(actorOf(req), req.query),
  );
};

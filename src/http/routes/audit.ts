import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditPage } from '../../contracts/audit.ts';
import { auditListQuery } from '../../crm/audit.ts';
import { actorOf } from '../context.ts';
import { operation } from './operation.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit',
    operation({
      id: 'listAuditEntries',
      summary: 'Read the audit log',
      description:
        "Every change to the organization's records, newest first: who made it, through which channel, and the record before and after. Owners only.",
      tags: ['audit'],
      schema: { querystring: auditListQuery, response: { 200: auditPage } },
    }),
    (req) => app.deps.crm.audit.list(actorOf(req), req.query),
  );
};

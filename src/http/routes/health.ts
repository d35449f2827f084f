import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { liveness, notReady, readiness } from '../../contracts/health.ts';
import { operation } from './operation.ts';

const tags = ['health'];

/** Probes carry no meaning in credentials; a stale token must not turn a probe into a 401 or a 503. */
const config = { ignoresCredentials: true };

/** Liveness (the process answers) and readiness (the database answers and its schema is current). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      ...operation({
        id: 'checkLiveness',
        summary: 'Whether the process answers',
        tags,
        public: true,
        schema: { response: { 200: liveness } },
      }),
      config,
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      ...operation({
        id: 'checkReadiness',
        summary: 'Whether the database answers and its schema is current',
        tags,
        public: true,
        schema: {
          response: { 200: readiness, 503: notReady },
        },
      }),
      config,
    },
    async (_request, reply) => {
      try {
        if ((await app.deps.crm.database.readiness()) === 'migrations_pending') {
          return reply.status(503).send({ status: 'not_ready', reason: 'database migrations are pending' });
        }
        return { status: 'ready' as const };
      } catch {
        return reply.status(503).send({ status: 'not_ready', reason: 'database unreachable' });
      }
    },
  );
};

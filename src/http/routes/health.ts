import type { FastifyInstance } from 'fastify';

/** Liveness (the process answers) and readiness (the database answers and its schema is current). */
export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      if ((await app.deps.crm.database.readiness()) === 'migrations_pending') {
        return reply.status(503).send({ status: 'not_ready', reason: 'database migrations are pending' });
      }
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'not_ready', reason: 'database unreachable' });
    }
  });
}

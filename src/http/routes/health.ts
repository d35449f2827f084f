import type { FastifyInstance } from 'fastify';
import { migrationsCurrent, ping } from '../../db/index.ts';

export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ping(app.deps.db);
      if (!(await migrationsCurrent(app.deps.db))) {
        return reply.status(503).send({ status: 'not_ready', reason: 'database migrations are pending' });
      }
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'not_ready', reason: 'database unreachable' });
    }
  });
}

import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit.ts';
import { customerRoutes } from './customers.ts';

/** Every /api/v1 route module. */
export async function apiRoutes(app: FastifyInstance) {
  await app.register(customerRoutes);
  await app.register(auditRoutes);
}

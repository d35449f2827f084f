import { z } from 'zod';

/** What the probes of a load balancer or orchestrator read. */

export const liveness = z
  .object({ status: z.literal('ok') })
  .meta({ id: 'Liveness', description: 'The process answers' });

export const readiness = z
  .object({ status: z.literal('ready') })
  .meta({ id: 'Readiness', description: 'Ready to serve requests' });

export const notReady = z
  .object({
    status: z.literal('not_ready'),
    reason: z.string().describe('e.g. database unreachable, or database migrations are pending'),
  })
  .meta({ id: 'NotReady', description: 'Not ready: the database is unreachable or migrations are pending' });

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Actor } from '../../domain/actor.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

/** The five operations every CRM record service offers; input is validated again by the service. */
export interface RecordService {
  list(actor: Actor, query: unknown): Promise<unknown>;
  get(actor: Actor, id: number): Promise<unknown>;
  create(actor: Actor, input: unknown): Promise<unknown>;
  update(actor: Actor, id: number, patch: unknown): Promise<unknown>;
  remove(actor: Actor, id: number): Promise<void>;
}

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];
type Operation = 'list' | 'get' | 'create' | 'update' | 'remove';

export interface RecordRoutes {
  /** The collection's path, e.g. `/customers`; one record is `<path>/:id`. */
  path: string;
  service: RecordService;
  schemas: { list: z.ZodType; create: z.ZodType; update: z.ZodType };
  /** Rules of an operation that its schema cannot say, for the API document. */
  descriptions?: Partial<Record<Operation, string>>;
}

/**
 * Registers list, read, create (201), update and delete (204) of one kind of record, so every record
 * answers the same way; routes particular to a record are added beside it.
 */
export function registerRecordRoutes(
  app: ZodApp,
  { path, service, schemas, descriptions = {} }: RecordRoutes,
) {
  const tags = [path.slice(1)];
  const schema = <P extends object>(operation: Operation, parts: P) => ({
    schema: { tags, ...(descriptions[operation] && { description: descriptions[operation] }), ...parts },
  });
  app.get(path, schema('list', { querystring: schemas.list }), (req) =>
    service.list(actorOf(req), req.query),
  );
  app.get(`${path}/:id`, schema('get', { params: idParams }), (req) =>
    service.get(actorOf(req), req.params.id),
  );
  app.post(path, schema('create', { body: schemas.create }), async (req, reply) =>
    reply.status(201).send(await service.create(actorOf(req), req.body)),
  );
  app.patch(`${path}/:id`, schema('update', { params: idParams, body: schemas.update }), (req) =>
    service.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(`${path}/:id`, schema('remove', { params: idParams }), async (req, reply) => {
    await service.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../domain/actor.ts';
import { actorOf } from '../context.ts';
import { type ErrorStatus, noContent, operation } from './operation.ts';
import { idParams } from './params.ts';

/**
 * The five operations every CRM record service offers; input is validated again by the service, and the
 * answer is checked against the record's schema as it is serialized.
 */
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
  /** The record's name in operation ids and summaries: singular and plural, e.g. ['customer', 'customers']. */
  noun: [string, string];
  service: RecordService;
  schemas: { list: z.ZodType; create: z.ZodType; update: z.ZodType; record?: z.ZodType; page?: z.ZodType };
  /** Rules of an operation that its schema cannot say, for the API document. */
  descriptions?: Partial<Record<Operation, string>>;
  /** Error statuses an operation answers beyond the usual ones, e.g. 409 when the record's state forbids it. */
  errors?: Partial<Record<Operation, ErrorStatus[]>>;
}

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * Registers list, read, create (201), update and delete (204) of one kind of record, so every record
 * answers the same way; routes particular to a record are added beside it.
 */
export function registerRecordRoutes(
  app: ZodApp,
  { path, noun: [one, many], service, schemas, descriptions = {}, errors = {} }: RecordRoutes,
) {
  const tags = [path.slice(1)];
  const about = (operation: Operation, id: string, summary: string) => ({
    id,
    summary,
    tags,
    ...(descriptions[operation] && { description: descriptions[operation] }),
    ...(errors[operation] && { errors: errors[operation] }),
  });
  app.get(
    path,
    operation({
      ...about('list', `list${capital(many)}`, `List ${many}`),
      schema: { querystring: schemas.list, response: { 200: schemas.page ?? z.unknown() } },
    }),
    (req) => service.list(actorOf(req), req.query),
  );
  app.get(
    `${path}/:id`,
    operation({
      ...about('get', `get${capital(one)}`, `Get a ${one}`),
      schema: { params: idParams, response: { 200: schemas.record ?? z.unknown() } },
    }),
    (req) => service.get(actorOf(req), req.params.id),
  );
  app.post(
    path,
    operation({
      ...about('create', `create${capital(one)}`, `Create a ${one}`),
      schema: { body: schemas.create, response: { 201: schemas.record ?? z.unknown() } },
    }),
    async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.body)),
  );
  app.patch(
    `${path}/:id`,
    operation({
      ...about('update', `update${capital(one)}`, `Update a ${one}`),
      schema: { params: idParams, body: schemas.update, response: { 200: schemas.record ?? z.unknown() } },
    }),
    (req) => service.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    `${path}/:id`,
    operation({
      ...about('remove', `delete${capital(one)}`, `Delete a ${one}`),
      schema: { params: idParams, response: { 204: noContent(`The ${one} is deleted.`) } },
    }),
    async (req, reply) => {
      await service.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}

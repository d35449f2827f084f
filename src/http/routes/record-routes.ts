import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Actor } from '../../domain/actor.ts';
import { actorOf } from '../context.ts';
import { type ErrorStatus, noContent, operation } from './operation.ts';
import { idParams } from './params.ts';

/**
 * The five operations every CRM record service offers, answering with `R` (one record) and `P` (a page);
 * input is validated again by the service, and the answer is checked against its schema as it is serialized.
 */
export interface RecordService<R, P> {
  list(actor: Actor, query: unknown): Promise<P>;
  get(actor: Actor, id: number): Promise<R>;
  create(actor: Actor, input: unknown): Promise<R>;
  update(actor: Actor, id: number, patch: unknown): Promise<R>;
  remove(actor: Actor, id: number): Promise<void>;
}

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];
type Operation = 'list' | 'get' | 'create' | 'update' | 'remove';

export interface RecordRoutes<R extends z.ZodType, P extends z.ZodType> {
  /** The collection's path, e.g. `/customers`; one record is `<path>/:id`. */
  path: string;
  /** The record's name in operation ids and summaries: singular and plural, e.g. ['customer', 'customers']. */
  noun: [string, string];
  /** Typed against the answers' schemas, so a service that answers otherwise does not compile. */
  service: RecordService<z.output<R>, z.output<P>>;
  /** Query, bodies, and the answers: `record` for read, create and update, `page` for the list. */
  schemas: { list: z.ZodType; create: z.ZodType; update: z.ZodType; record: R; page: P };
  /** Rules of an operation that its schema cannot say, for the API document. */
  descriptions?: Partial<Record<Operation, string>>;
  /** Error statuses an operation answers with beyond every route's, e.g. 409 for a record that refuses. */
  errors?: Partial<Record<Operation, ErrorStatus[]>>;
}

/**
 * The service is already typed against these schemas (RecordService<R, P>); erasing them here spares the type
 * provider a check it cannot resolve through the generics.
 */
const erased = (schema: z.ZodType): z.ZodType => schema;

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
/** "a deal", "an order": the nouns here begin with a vowel sound exactly when they begin with a vowel. */
const oneOf = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/**
 * Registers list, read, create (201), update and delete (204) of one kind of record, so every record
 * answers the same way; routes particular to a record are added beside it.
 */
export function registerRecordRoutes<R extends z.ZodType, P extends z.ZodType>(
  app: ZodApp,
  { path, noun: [one, many], service, schemas, descriptions = {}, errors = {} }: RecordRoutes<R, P>,
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
      schema: { querystring: schemas.list, response: { 200: erased(schemas.page) } },
    }),
    (req) => service.list(actorOf(req), req.query),
  );
  app.get(
    `${path}/:id`,
    operation({
      ...about('get', `get${capital(one)}`, `Get ${oneOf(one)}`),
      schema: { params: idParams, response: { 200: erased(schemas.record) } },
    }),
    (req) => service.get(actorOf(req), req.params.id),
  );
  app.post(
    path,
    operation({
      ...about('create', `create${capital(one)}`, `Create ${oneOf(one)}`),
      schema: { body: schemas.create, response: { 201: erased(schemas.record) } },
    }),
    (req, reply) => {
      reply.status(201);
      return service.create(actorOf(req), req.body);
    },
  );
  app.patch(
    `${path}/:id`,
    operation({
      ...about('update', `update${capital(one)}`, `Update ${oneOf(one)}`),
      schema: { params: idParams, body: schemas.update, response: { 200: erased(schemas.record) } },
    }),
    (req) => service.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    `${path}/:id`,
    operation({
      ...about('remove', `delete${capital(one)}`, `Delete ${oneOf(one)}`),
      schema: { params: idParams, response: { 204: noContent(`The ${one} is deleted.`) } },
    }),
    async (req, reply) => {
      await service.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}

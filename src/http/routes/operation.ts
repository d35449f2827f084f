import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { errorBody } from '../../contracts/common.ts';

/** Error statuses a route can answer with, beside its successes; each has the `Error` body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 423 | 429 | 503;

const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: 'The input is not valid; `details` names the fields.',
  401: 'Not signed in, or the session or token has expired or been revoked.',
  403: 'Signed in, but this role may not do this; or a browser request sent from another site.',
  404: 'No such record, or not one the caller may see.',
  409: 'The change conflicts with the current state (a duplicate, or a record in use).',
  413: 'The request body is too large.',
  415: 'The body must be JSON.',
  423: 'The account is locked after too many failed sign-ins; try again later.',
  429: 'Too many requests; slow down.',
  503: 'The database cannot be reached; retry after the Retry-After seconds.',
};

const SUCCESS_TEXT: Record<number, string> = { 200: 'Success', 201: 'Created' };

const json = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A 204 answer: no body. */
export const noContent = (description: string) => z.null().describe(description);

/** A success that is not JSON, e.g. server-sent events; documented as it is, never serialized by us. */
interface OtherContent {
  description: string;
  content: Record<string, { schema: z.ZodType }>;
}

/** A 200 answered as server-sent events (`text/event-stream`), written by the handler itself. */
export const eventStream = (description: string): OtherContent => ({
  description,
  content: { 'text/event-stream': { schema: z.string() } },
});

interface Operation<S extends FastifySchema> {
  /** Unique across the API, camelCase: what client generators name the method. */
  id: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Callable without credentials (sign-in, accepting an invitation): no security requirement. */
  public?: boolean;
  /** Error statuses beyond the ones every route of its kind can return. */
  errors?: ErrorStatus[];
  schema: S;
}

/**
 * A route's schema as the API document shows it: its id, summary and tags, its successes, and every error
 * status it can answer with (validation, credentials, role, missing record and an unreachable database for
 * any signed-in route). Body size and media type are added by `documentBodyErrors`, which knows the method.
 */
export function operation<S extends FastifySchema & { response: Record<number, z.ZodType | OtherContent> }>(
  op: Operation<S>,
) {
  const statuses = new Set<ErrorStatus>([400, 503, ...(op.errors ?? [])]);
  if (!op.public) for (const s of [401, 403, 404] as const) statuses.add(s);
  const errors = Object.fromEntries([...statuses].sort().map((s) => [s, json(ERROR_TEXT[s], errorBody)]));
  const successes = Object.fromEntries(
    Object.entries(op.schema.response).map(([status, schema]) => [
      status,
      !(schema instanceof z.ZodType) || schema instanceof z.ZodNull
        ? schema
        : json(schema.description ?? SUCCESS_TEXT[Number(status)] ?? 'Success', schema),
    ]),
  );
  // Typed with the zod responses, so the type provider checks what each handler returns against them; the
  // document and the serializer read the described form built here.
  return {
    schema: {
      ...op.schema,
      operationId: op.id,
      summary: op.summary,
      tags: op.tags,
      ...(op.description && { description: op.description }),
      ...(op.public && { security: [] }),
      response: { ...errors, ...successes } as unknown as S['response'],
    },
  };
}

/**
 * Fastify reads a body on every method but GET and HEAD, whether or not the route wants one, so each such
 * route can answer 413 (too large) or 415 (not JSON). Must be added before the routes.
 */
export function documentBodyErrors(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const response = route.schema?.response as Record<string, unknown> | undefined;
    const methods = [route.method].flat();
    if (!response || methods.every((m) => m === 'GET' || m === 'HEAD')) return;
    for (const s of [413, 415] as const) response[s] ??= json(ERROR_TEXT[s], errorBody);
  });
}

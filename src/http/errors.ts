import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import type { ErrorBody } from '../contracts/common.ts';
import { isDatabaseUnavailable } from '../crm/database.ts';
import { DomainError, type ErrorCode } from '../domain/errors.ts';
import type { ErrorStatus } from './routes/operation.ts';

/** Typed as the statuses the API document knows, so a new code cannot answer with an undocumented one. */
const STATUS: Record<ErrorCode, ErrorStatus> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  rate_limited: 429,
};

/** Seconds a client is asked to wait when the database is out of reach; a restart usually takes a few. */
const RETRY_AFTER_SECONDS = 5;

function zodDetails(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** "Enter a name (name); Enter a valid email (email)": each field's own words, with the field it is about. */
function describeIssues(details: { path: string; message: string }[]): string {
  const first = details.slice(0, 3).map((d) => {
    const field = d.path.replace(/^(body|querystring|params)\.?/, '');
    return field ? `${d.message} (${field})` : d.message;
  });
  const more = details.length > 3 ? `, and ${details.length - 3} more` : '';
  return `${first.join('; ')}${more}.`;
}

/** A 400 naming the fields at fault, whichever validator found them. */
function validationFailed(details: { path: string; message: string }[]): PublicError {
  return {
    status: 400,
    body: { error: { code: 'validation_failed', message: describeIssues(details), details } },
  };
}

/** What the client is told of an error: its status and the `{ error }` body, never internals. */
export interface PublicError {
  status: number;
  body: ErrorBody;
}

/** Maps whatever went wrong to the `{ error: { code, message, details? } }` contract; never leaks internals. */
export function publicError(error: unknown): PublicError {
  if (error instanceof DomainError) {
    return {
      status: STATUS[error.code],
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        },
      },
    };
  }
  if (error instanceof ZodError) return validationFailed(zodDetails(error));
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'input';
    const details = error.validation.map((v) => ({
      path: [where, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'is invalid',
    }));
    return validationFailed(details);
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: {
        error: {
          code: 'service_unavailable',
          message: 'The database cannot be reached right now. Please try again in a few seconds.',
        },
      },
    };
  }
  const fe = error as Partial<FastifyError>;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const status = fe.statusCode;
    const code =
      status === 413
        ? 'payload_too_large'
        : status === 415
          ? 'unsupported_media_type'
          : status === 429
            ? 'rate_limited'
            : 'bad_request';
    const message =
      fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'The request body is not valid JSON.'
        : String(fe.message);
    return { status, body: { error: { code, message } } };
  }
  return {
    status: 500,
    body: { error: { code: 'internal_error', message: 'Something went wrong on our side.' } },
  };
}

/** Logs an error at the level its status deserves: faults with their stack, refusals as one line. */
export function logError(log: FastifyBaseLogger, error: unknown, { status, body }: PublicError): void {
  if (status === 503) log.warn({ error: (error as Error).message }, 'database unavailable');
  else if (status >= 500) log.error({ err: error }, 'request failed');
  else if (status !== 404) log.info({ code: body.error.code, status }, 'request refused');
}

/** Fastify's error handler: the public error, with Retry-After when the database is away. */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const answer = publicError(error);
  if (answer.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  logError(request.log, error, answer);
  reply.status(answer.status).send(answer.body);
}

import type { FastifyRequest } from 'fastify';
import { isApiToken } from '../auth/secrets.ts';
import type { CredentialKind } from '../crm/sessions.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { Services } from '../services.ts';

/** What the HTTP layer is built from; the same objects the CLI and workers use. */
export type AppDeps = Services;

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    /** Set by the auth hook on authenticated routes. */
    actorOrNull: Actor | null;
    /** The bearer or cookie secret the request came with, for logout. */
    credentialSecret: string | null;
    /** Why valid credentials still give no actor (e.g. an X-Parley-Org the user is not a member of). */
    authProblem: DomainError | null;
  }
}

/** The request's actor; 401 for an anonymous request, or why its credentials give none. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.authProblem) throw request.authProblem;
  if (!request.actorOrNull)
    throw new DomainError('unauthenticated', 'Sign in first: send a session cookie or a bearer token');
  return request.actorOrNull;
}

/** Whether the request's actor signed in with a password (a session) or came with an API token. */
export function credentialOf(request: FastifyRequest): CredentialKind {
  return request.credentialSecret && isApiToken(request.credentialSecret) ? 'api_token' : 'session';
}

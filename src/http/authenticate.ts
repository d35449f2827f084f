import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Health probes answer without reading credentials, so a probe never waits on the sessions table. */
    ignoresCredentials?: boolean;
  }
}

/** The cookie a browser's session secret travels in. */
export const SESSION_COOKIE = 'parley_session';
/** Chooses which of the user's organizations a session request acts in. */
export const ORG_HEADER = 'x-parley-org';

function secretOf(request: FastifyRequest): { secret: string; via: 'web' | 'api' } | null {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new DomainError('unauthenticated', 'Authorization must be "Bearer <token>"');
    return { secret: m[1]!, via: 'api' };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { secret: cookie, via: 'web' } : null;
}

/**
 * Resolves the caller on every request that carries credentials. Routes that need a signed-in person call
 * `actorOf(request)`, which refuses anonymous requests with 401.
 */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('actorOrNull', null);
  app.decorateRequest('credentialSecret', null);
  app.decorateRequest('authProblem', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.ignoresCredentials) return;
    const found = secretOf(request);
    if (!found) return;
    const { sessions, account } = app.deps.crm;
    const credential = await sessions.resolve(found.secret);
    if (!credential) {
      // A stale cookie must not stop someone from signing in again; a wrong bearer token is an error.
      if (found.via === 'web') return;
      throw new DomainError('unauthenticated', 'Your session has expired or the token is not valid');
    }
    const slugHeader = request.headers[ORG_HEADER];
    const slug =
      typeof slugHeader === 'string' && slugHeader.trim() ? slugHeader.trim().toLowerCase() : undefined;
    request.credentialSecret = found.secret;
    try {
      request.actorOrNull = await account.actorFor(credential.userId, found.via, {
        slug,
        organizationId: credential.organizationId,
      });
    } catch (error) {
      // Signing out or reading one's own account must still work with a wrong organization header, so the
      // refusal is raised only where an actor is needed.
      if (!(error instanceof DomainError)) throw error;
      request.authProblem = error;
    }
  });
}

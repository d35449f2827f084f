import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { forbidden } from '../domain/errors.ts';

/** Methods that change something; GET and HEAD must not, so a cross-site link or image can do no harm. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What Sec-Fetch-Site says when the request came from our own pages or from the person themselves. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** Parley's own origin as this request reached it, its public address, and the origins allowed for CORS. */
function trustedOrigins(request: FastifyRequest, config: Pick<Config, 'PUBLIC_URL' | 'CORS_ORIGINS'>) {
  return [`${request.protocol}://${request.host}`, config.PUBLIC_URL, ...config.CORS_ORIGINS]
    .map((u) => (u ? originOf(u) : null))
    .filter((o): o is string => o !== null);
}

/**
 * Whether a browser sent this request from a page of ours. Browsers name the sending page in Origin and say
 * how it relates to us in Sec-Fetch-Site; a request with neither comes from a script or a tool, which cannot
 * ride a browser's cookie, so it passes.
 */
export function fromOwnPage(
  request: FastifyRequest,
  config: Pick<Config, 'PUBLIC_URL' | 'CORS_ORIGINS'>,
): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && OWN_FETCH_SITES.has(site)) return true;
  const origin = request.headers.origin;
  if (origin === undefined) return site === undefined;
  const given = originOf(origin);
  return given !== null && trustedOrigins(request, config).includes(given);
}

/**
 * Refuses cross-site state-changing requests that a browser would send with the session cookie: a page on
 * another site, or a same-site page such as another port on this host, which SameSite=Lax does not stop.
 * Requests with a bearer token pass from anywhere, since no page can make a browser attach one. Requests
 * without credentials are checked too, so a page cannot sign a browser in to an account of its choosing.
 */
export function registerCsrfCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method) || request.headers.authorization !== undefined) return;
    if (fromOwnPage(request, app.deps.config)) return;
    throw forbidden(
      'This request came from another site and was refused to protect your session. ' +
        'Use Parley from its own address, or send an API token in the Authorization header.',
    );
  });
}

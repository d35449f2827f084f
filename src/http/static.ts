import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { packageRoot } from '../package-root.ts';

export const DEFAULT_WEB_DIST = join(packageRoot(), 'web', 'dist');

/** Paths owned by the server itself: an unknown one is a missing route, never the web app. */
const SERVER_PREFIXES = ['/api/', '/api', '/mcp', '/telegram', '/healthz', '/readyz'];

function isServerPath(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** A request for a file (with an extension) that does not exist must not get the page back as HTML. */
function looksLikeFile(path: string): boolean {
  return /\.[a-z0-9]+$/i.test(path);
}

function sendPage(reply: FastifyReply) {
  return reply.header('cache-control', 'no-cache').sendFile('index.html');
}

function notFound(reply: FastifyReply, method: string, url: string) {
  return reply.status(404).send({ error: { code: 'not_found', message: `No route for ${method} ${url}` } });
}

const NOT_BUILT_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Parley</title>' +
  '<p>The web app has not been built yet. Run <code>npm run build:web</code> (or <code>npm start</code>, ' +
  'which builds it when needed) and reload. The API is available under <a href="/api/docs">/api/docs</a>.</p>';

/**
 * Serves the built single-page app from web/dist: hashed assets cached for good, and index.html for every other
 * browser path so deep links like /deals/12 load the app, which then routes on the client. The security
 * headers (content security policy, nosniff) come from headers.ts, for these files as for every response.
 */
export async function webApp(app: FastifyInstance, opts: { dist?: string }) {
  const dist = opts.dist ?? DEFAULT_WEB_DIST;
  const built = existsSync(join(dist, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: false,
      cacheControl: false,
      // web/build.ts writes .br and .gz copies; the plugin picks one by Accept-Encoding and adds Vary.
      preCompressed: true,
      setHeaders(reply, path) {
        const hashed = path.includes(`${join(dist, 'assets')}`);
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isServerPath(path) || looksLikeFile(path)) return notFound(reply, request.method, request.url);
    if (!built) return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return sendPage(reply);
  });
}

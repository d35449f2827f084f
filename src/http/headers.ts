import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The policy every response carries. The web app loads only its own scripts; Mantine sets CSS variables through
 * style attributes, hence 'unsafe-inline' for styles only. No page may frame ours (clickjacking). There is no
 * upgrade-insecure-requests: a self-hosted server on a LAN address may have no HTTPS to upgrade to.
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** Paths whose answers are the API's: personal data and, for some, secrets, which no cache may keep. */
const API_PREFIXES = ['/api/v1/', '/mcp'];

/**
 * Security headers on every response, through helmet: the content security policy, nosniff, no framing, and
 * a referrer kept to our own origin. API answers that do not choose their own caching are `no-store`, which
 * covers the ones that carry a secret (a sign-in's session token, a new API token, an invitation link, a
 * Telegram link code) without each route having to remember it. Called on the root instance, not registered
 * as a plugin, so the hooks reach every route.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.hasHeader('cache-control')) return payload;
    if (API_PREFIXES.some((prefix) => request.url.startsWith(prefix)))
      reply.header('cache-control', 'no-store');
    return payload;
  });
}

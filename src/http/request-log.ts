import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { API_TOKEN_PREFIX, INVITATION_PREFIX, RESET_PREFIX, SESSION_PREFIX } from '../auth/secrets.ts';

const REDACTED = '[redacted]';

/** Our secrets announce themselves by prefix, wherever in a URL they appear (a path segment or a value). */
const PREFIXED_SECRET = new RegExp(
  `(?<![A-Za-z0-9])(${[SESSION_PREFIX, API_TOKEN_PREFIX, INVITATION_PREFIX, RESET_PREFIX].join('|')})_[A-Za-z0-9_-]+`,
  'g',
);

/** Query parameters whose value is a credential whatever it looks like (link codes carry no prefix). */
const SECRET_PARAMS = /^(token|access_token|code|secret|password|key|api_key)$/i;

/**
 * A URL as it may be written to a log: secrets with our prefixes and the values of credential-named query
 * parameters are replaced, so whoever reads the logs cannot accept an invitation or act as someone.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  const path = (at === -1 ? url : url.slice(0, at)).replace(PREFIXED_SECRET, `$1_${REDACTED}`);
  if (at === -1) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair.replace(PREFIXED_SECRET, `$1_${REDACTED}`);
      const name = pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed escape: judge the name as written
      }
      if (SECRET_PARAMS.test(decoded)) return `${name}=${REDACTED}`;
      return `${name}=${pair.slice(eq + 1).replace(PREFIXED_SECRET, `$1_${REDACTED}`)}`;
    })
    .join('&');
  return `${path}?${query}`;
}

/** What the access log records of a request: fastify's usual fields, with the URL redacted. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The logger the HTTP server writes its access log with: the given one, with URLs redacted. */
export function requestLogger(logger: FastifyBaseLogger): FastifyBaseLogger {
  return logger.child({}, { serializers: { req: serializeRequest } });
}

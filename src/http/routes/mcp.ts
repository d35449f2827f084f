import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Actor } from '../../domain/actor.ts';
import { DomainError } from '../../domain/errors.ts';
import { actorOf } from '../context.ts';

/** Headers about this hop, not the message; the web Request recomputes or refuses them. */
const HOP_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'expect',
]);

/**
 * Only a bearer token opens /mcp. A session cookie would let any web page the person visits drive their
 * tools from the browser, so cookies are not enough here even where they are for the web app.
 */
function mcpActorOf(request: FastifyRequest): Actor {
  if (!request.headers.authorization) {
    throw new DomainError(
      'unauthenticated',
      'MCP needs a personal API token: send "Authorization: Bearer <token>". Create one with ' +
        '`parley token create --user <email>`, or with POST /api/v1/tokens while signed in.',
    );
  }
  return actorOf(request);
}

/** The MCP SDK and server, loaded with the first MCP request: most processes never get one. */
let mcpModules: Promise<
  [
    typeof import('../../mcp/server.ts'),
    typeof import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
  ]
> | null = null;
function loadMcp() {
  mcpModules ??= Promise.all([
    import('../../mcp/server.ts'),
    import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
  ]);
  return mcpModules;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Browsers name the page that sent a request in Origin; other clients send none. A page may reach /mcp
 * only from Parley's own public address, an origin the operator allowed for CORS, or a tool on this
 * machine (the MCP Inspector). The request's own Host is deliberately not trusted: under DNS rebinding
 * the attacker's page and the Host header carry the same name.
 */
export function originAllowed(origin: string, config: Pick<Config, 'PUBLIC_URL' | 'CORS_ORIGINS'>): boolean {
  const given = originOf(origin);
  if (!given) return false;
  if (LOOPBACK_HOSTS.has(new URL(given).hostname)) return true;
  if (config.CORS_ORIGINS.includes('*')) return true;
  const trusted = [config.PUBLIC_URL, ...config.CORS_ORIGINS].filter((u): u is string => Boolean(u));
  return trusted.some((u) => originOf(u) === given);
}

function webRequestOf(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_HEADERS.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return new Request(new URL(request.url, 'http://parley.invalid'), {
    method: request.method,
    headers,
    ...(typeof request.body === 'string' && { body: request.body }),
  });
}

function methodNotAllowed(request: FastifyRequest, reply: FastifyReply) {
  mcpActorOf(request);
  return reply
    .status(405)
    .header('allow', 'POST')
    .send({
      error: {
        code: 'method_not_allowed',
        message: `${request.method} is not served: Parley's MCP endpoint is stateless, so send each message as a POST`,
      },
    });
}

/**
 * MCP over Streamable HTTP at /mcp, stateless: every POST gets a fresh server and transport for the caller,
 * so any process behind a load balancer can answer any request and nothing is kept between them. Replies
 * are plain JSON; with no sessions there is nothing to stream to, so GET (a standing stream) and DELETE
 * (ending a session) are refused with 405 as the protocol allows.
 */
export async function mcpRoutes(app: FastifyInstance) {
  // The transport reads the body itself, so malformed JSON or a wrong content type get protocol answers.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !originAllowed(origin, app.deps.config)) {
      throw new DomainError('forbidden', `Requests from ${origin} may not use Parley's MCP endpoint`);
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode === 401) reply.header('www-authenticate', 'Bearer realm="parley"');
    return payload;
  });

  const schema = { hide: true };

  app.post('/mcp', { schema }, async (request, reply) => {
    const actor = mcpActorOf(request);
    const { crm, clock } = app.deps;
    const [{ createMcpServer }, { WebStandardStreamableHTTPServerTransport }] = await loadMcp();
    const server = await createMcpServer({
      crm,
      clock,
      actor: async () => actor,
      onFault: (error, during) => request.log.error({ err: error, during }, 'MCP request failed'),
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    try {
      await server.connect(transport);
      // In JSON mode the response is complete when handleRequest resolves, so closing afterwards is safe.
      return reply.send(await transport.handleRequest(webRequestOf(request)));
    } finally {
      await server.close();
    }
  });
  app.get('/mcp', { schema }, methodNotAllowed);
  app.delete('/mcp', { schema }, methodNotAllowed);
}

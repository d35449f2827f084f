import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerAuth } from './authenticate.ts';
import { registerCompression } from './compress.ts';
import type { AppDeps } from './context.ts';
import { registerCsrfCheck } from './csrf.ts';
import { errorHandler } from './errors.ts';
import { registerSecurityHeaders } from './headers.ts';
import { openApiOptions } from './openapi.ts';
import { requestLogger } from './request-log.ts';
import { healthRoutes } from './routes/health.ts';
import { apiRoutes } from './routes/index.ts';
import { mcpRoutes } from './routes/mcp.ts';
import { documentBodyErrors } from './routes/operation.ts';
import { webApp } from './static.ts';

export const BODY_LIMIT = 1024 * 1024;

/**
 * The HTTP server: API, MCP, health probes and the web app. `logger` gets the access log (URLs redacted);
 * `webDist` serves the web app from another folder than web/dist.
 */
export async function buildApp(
  deps: AppDeps,
  opts: { logger?: FastifyBaseLogger; webDist?: string } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: requestLogger(opts.logger) } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    trustProxy: deps.config.TRUST_PROXY,
    // Ids come from clients; keep fastify's own request ids so a forged header cannot collide in logs.
    requestIdHeader: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url}` } });
  });
  app.decorate('deps', deps);

  await registerSecurityHeaders(app);
  await app.register(cookie);
  if (deps.config.CORS_ORIGINS.length > 0) {
    await app.register(cors, { origin: deps.config.CORS_ORIGINS, credentials: true });
  }
  await app.register(rateLimit, { global: false });
  await app.register(swagger, openApiOptions(deps.config));
  // The explorer loads only its own scripts and styles, so the app's policy (helmet, above) suits it as is.
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerCsrfCheck(app);
  registerCompression(app);
  registerAuth(app);
  documentBodyErrors(app);
  await app.register(healthRoutes);
  await app.register(apiRoutes, { prefix: '/api/v1' });
  await app.register(mcpRoutes);
  await app.register(webApp, opts.webDist ? { dist: opts.webDist } : {});
  return app;
}

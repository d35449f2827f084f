import type { FastifyBaseLogger, FastifyInstance, InjectOptions } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/index.ts';
import { type Clock, systemClock } from '../../src/domain/time.ts';
import { buildApp } from '../../src/http/app.ts';
import { createServices } from '../../src/services.ts';
import { type ApiDocument, type Contract, contractOf } from './contract.ts';

export interface TestApp {
  app: FastifyInstance;
  /**
   * Sends a request as the holder of `token` (omit it for an anonymous request). The answer is checked
   * against the served API document first: a status the operation does not document, or a body its schema
   * refuses, throws here, so the test that made the request fails.
   */
  call(
    method: InjectOptions['method'],
    url: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

/**
 * `clock` lets a test move time forward (lockouts, expiries) without waiting.
 * The app trusts X-Forwarded-* by default so tests can act as many client addresses;
 * `settings` overrides any configuration value.
 */
export async function startTestApp(
  db: Db,
  opts: { clock?: Clock; settings?: Record<string, string>; logger?: FastifyBaseLogger } = {},
): Promise<TestApp> {
  const config = loadConfig({ DATABASE_URL: 'file::memory:', TRUST_PROXY: 'true', ...opts.settings });
  const clock = opts.clock ?? systemClock;
  const app = await buildApp(
    createServices({ config, db, clock }),
    opts.logger ? { logger: opts.logger } : {},
  );
  // The route template each request matched, for finding its operation in the document.
  const routes = new WeakMap<object, string | undefined>();
  app.addHook('onRequest', async (request) => {
    routes.set(request.raw, request.routeOptions.url);
  });
  let contract: Contract | undefined;
  return {
    app,
    async call(method, url, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const res = await app.inject({
        method,
        url,
        headers,
        ...(opts.body === undefined
          ? {}
          : typeof opts.body === 'string'
            ? { payload: opts.body }
            : { payload: opts.body as object }),
      });
      const text = res.body;
      // The document exists once the app is ready, which the first inject makes it.
      contract ??= contractOf(app.swagger() as unknown as ApiDocument);
      contract.check({
        method: String(method).toUpperCase(),
        route: routes.get(res.raw.req),
        status: res.statusCode,
        contentType: String(res.headers['content-type'] ?? ''),
        text,
      });
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.statusCode, body, headers: res.headers };
    },
    close: () => app.close(),
  };
}

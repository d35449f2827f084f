import type { FastifyBaseLogger, FastifyInstance, InjectOptions } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/index.ts';
import { type Clock, systemClock } from '../../src/domain/time.ts';
import { buildApp } from '../../src/http/app.ts';
import { createServices } from '../../src/services.ts';

export interface TestApp {
  app: FastifyInstance;
  /** Sends a request as the holder of `token` (omit it for an anonymous request). */
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

import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import { SESSION_COOKIE } from './authenticate.ts';

/** The document-wide parts of the OpenAPI document served at /api/docs/json; routes bring their own. */

/** Every tag an operation uses, in the order a reader meets them. */
const TAGS = [
  {
    name: 'auth',
    description: 'Signing in and out, your own account and password, and personal API tokens.',
  },
  { name: 'members', description: 'The people of the organization, their roles, and invitations.' },
  { name: 'organization', description: "The organization's name and settings." },
  {
    name: 'customers',
    description: 'People and companies you sell to; customers see only their own record.',
  },
  { name: 'leads', description: 'Prospects not yet customers, and converting them.' },
  { name: 'pipelines', description: 'Sales pipelines and their stages.' },
  { name: 'deals', description: 'Opportunities moving through a pipeline.' },
  { name: 'issues', description: 'Support issues raised by or for customers, with their comments.' },
  { name: 'activities', description: 'Calls, meetings, tasks and notes.' },
  { name: 'orders', description: 'Orders with their lines and totals.' },
  { name: 'payments', description: 'Payments against orders or customers.' },
  { name: 'search', description: 'Finding records of every kind by what people remember of them.' },
  { name: 'analytics', description: 'Figures and time series over a period.' },
  { name: 'audit', description: 'Who changed what, when, and through which channel.' },
  {
    name: 'assistant',
    description: 'The assistant: ask in plain language; writes wait for your confirmation.',
  },
  { name: 'telegram', description: 'The Telegram bot: its status, and linking a chat to you.' },
  { name: 'health', description: 'Liveness and readiness probes.' },
];

const DESCRIPTION =
  'The CRM you can talk to. Sign in with POST /api/v1/auth/login (a session cookie for browsers, the token ' +
  'for scripts) or send a personal API token as a bearer token. Errors answer `{ error: { code, message } }`. ' +
  'AI clients reach the same tools over MCP (JSON-RPC, Streamable HTTP) at /mcp with an API token; that ' +
  'endpoint is described by the MCP protocol rather than here.';

/** @fastify/swagger's options: the document's header, tags and security, and zod schemas turned into JSON. */
export function openApiOptions(config: Pick<Config, 'PUBLIC_URL'>): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      // Without PUBLIC_URL the API is wherever the document was fetched from.
      servers: [{ url: config.PUBLIC_URL?.replace(/\/+$/, '') || '/' }],
      info: {
        title: 'Parley API',
        version: '1',
        description: DESCRIPTION,
        license: { name: 'MIT', identifier: 'MIT' },
      },
      tags: TAGS,
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A personal API token (POST /api/v1/tokens) or the token sign-in returns.',
          },
          cookie: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'The session cookie sign-in sets, for browsers.',
          },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => withoutUnusedSchemas(jsonSchemaTransformObject(document)),
  };
}

const SCHEMA_REF = '#/components/schemas/';

/** Every component schema named by a `$ref` anywhere in `value`. */
function refsIn(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string' && v.startsWith(SCHEMA_REF)) {
        found.add(v.slice(SCHEMA_REF.length));
      } else refsIn(v, found);
    }
  }
  return found;
}

/**
 * Keeps only the component schemas an operation reaches. Every schema with an id is emitted twice, as read
 * (`XInput`) and as written (`X`), though most are only ever one of the two; the other would be noise.
 */
export function withoutUnusedSchemas<D extends object>(document: D): D {
  if (!('components' in document)) return document;
  const { components, ...rest } = document as D & { components?: { schemas?: Record<string, unknown> } };
  const schemas = components?.schemas ?? {};
  const reached = refsIn(rest, new Set());
  const pending = [...reached];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    for (const next of refsIn(schemas[name], new Set())) {
      if (!reached.has(next)) {
        reached.add(next);
        pending.push(next);
      }
    }
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name)));
  return { ...document, components: { ...components, schemas: kept } };
}

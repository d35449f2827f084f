import Fastify from 'fastify';
import { BODY_LIMIT } from '../src/http/app.ts';
import { WEBHOOK_PATH } from './telegram.ts';

/**
 * The floor for the webhook benchmark: a bare Fastify process with the same route, body limit and JSON
 * parsing as the real webhook, answering 200 without doing anything. What the real route costs beyond this
 * is Parley's own work.
 */
const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT });
app.post(WEBHOOK_PATH, async () => ({ ok: true }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });

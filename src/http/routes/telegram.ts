import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { telegramLinkCode, telegramStatus } from '../../contracts/telegram.ts';
import { DomainError } from '../../domain/errors.ts';
import type { WebhookTarget } from '../../telegram/index.ts';
import { deepLink } from '../../telegram/links.ts';
import { SECRET_HEADER, WEBHOOK_PATH, webhookSecretCheck } from '../../telegram/webhook.ts';
import { actorOf, credentialOf } from '../context.ts';
import { operation } from './operation.ts';

const tags = ['telegram'];

/** /api/v1/telegram: the bot's status for owners, and link codes for anyone signed in. */
export const telegramRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config, crm, telegram } = app.deps;

  app.get(
    '/telegram/status',
    operation({
      id: 'getTelegramStatus',
      summary: "The Telegram bot's status",
      description:
        'Owners only: whether the bot is on, its mode (webhook or polling), whether Telegram answers, ' +
        'updates waiting or failed, and the last errors.',
      tags,
      schema: { response: { 200: telegramStatus } },
    }),
    (req) => telegram.status(actorOf(req)),
  );

  app.post(
    '/telegram/link-code',
    operation({
      id: 'createTelegramLinkCode',
      summary: 'Get a code that links a Telegram chat to you',
      description:
        'A one-time code (10 minutes) that links a Telegram chat to you, in the organization you act in: ' +
        'open `deepLink`, or send `/link CODE` to the bot. Needs a signed-in session: an API token is ' +
        'refused (403), since the chat would outlive its revocation. 409 when the bot is not set up on this ' +
        'server.',
      tags,
      errors: [409],
      schema: { response: { 201: telegramLinkCode } },
    }),
    async (req, reply) => {
      const actor = actorOf(req);
      if (!config.TELEGRAM_BOT_TOKEN) {
        throw new DomainError(
          'conflict',
          'The Telegram bot is not set up on this server (no TELEGRAM_BOT_TOKEN)',
        );
      }
      const { code, expiresAt } = await crm.telegramLinks.createCode(actor, credentialOf(req));
      return reply.status(201).send({
        code,
        expiresAt,
        deepLink: deepLink(await telegram.botUsername(), code),
        command: `/link ${code}`,
      });
    },
  );
};

const update = z.looseObject({ update_id: z.number().int().min(0) });

declare module 'fastify' {
  interface FastifyRequest {
    /** The webhook's body as Telegram sent it, which the inbox stores as it is. */
    telegramJson: string;
  }
}

/**
 * POST /telegram/webhook, registered only when the bot runs in webhook mode. The secret header is checked
 * before the body is even read; the update is stored and acknowledged at once, and the worker answers it
 * later, so Telegram never waits on the assistant. A body with an update_id but otherwise not an update's
 * shape is acknowledged too (and skipped, see WebhookTarget), or Telegram would send it again for a day.
 */
export const telegramWebhookRoutes: FastifyPluginAsyncZod<WebhookTarget> = async (app, target) => {
  const secretMatches = webhookSecretCheck(target.secret);
  // Parsed as every other JSON body is (prototype poisoning refused), with the text kept beside it: this
  // plugin's own parser, so no other route pays for it.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.decorateRequest('telegramJson', '');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    req.telegramJson = text;
    parseJson(req, text, done);
  });
  // Two request lines per chat message would drown an info log, so they appear only when debugging. Below
  // debug every update shares one logger instead of a child per request (a cost on the hottest route), and a
  // refusal names its request id itself.
  const debugging = app.log.level === 'debug' || app.log.level === 'trace';
  const webhookLog = app.log.child({}, { level: debugging ? app.log.level : 'warn' });
  app.setChildLoggerFactory(debugging ? (_parent, bindings) => webhookLog.child(bindings) : () => webhookLog);
  const requestOf = (req: FastifyRequest) => (debugging ? {} : { reqId: req.id });
  app.post(
    WEBHOOK_PATH,
    {
      schema: { hide: true, body: update },
      // Its answers go to Telegram's servers, never to a browser, so no page policy is set: helmet builds
      // its headers afresh for every response, a tenth of this route's CPU.
      helmet: false,
      onRequest: async (req) => {
        const verdict = secretMatches(req.headers[SECRET_HEADER]);
        if (verdict !== 'ok')
          req.log.warn(
            { ...requestOf(req), secret: verdict },
            'webhook call refused: the secret is %s',
            verdict,
          );
        if (verdict === 'missing') {
          throw new DomainError('unauthenticated', 'The X-Telegram-Bot-Api-Secret-Token header is missing');
        }
        if (verdict === 'wrong') {
          throw new DomainError(
            'forbidden',
            'The X-Telegram-Bot-Api-Secret-Token header is not the configured secret',
          );
        }
      },
    },
    async (req) => {
      await target.accept(req.body, req.telegramJson);
      return { ok: true };
    },
  );
};

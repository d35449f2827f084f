import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lockoutPolicy } from '../../auth/lockout.ts';
import { isApiToken } from '../../auth/secrets.ts';
import { givenPassword, passwordChangeInput } from '../../crm/accounts.ts';
import { apiTokenInput, apiTokenListQuery } from '../../crm/api-tokens.ts';
import { acceptInput } from '../../crm/invitations.ts';
import { forbidden } from '../../domain/errors.ts';
import { SESSION_COOKIE } from '../authenticate.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

const loginInput = z
  .object({ email: z.string().trim().min(1, 'must not be empty').max(254), password: givenPassword })
  .strict();

/** Per client address: enough for a person mistyping, far too few for guessing passwords. */
const guessLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

/** Starts a session for a user who just proved who they are: a cookie for browsers, the token for scripts. */
async function signIn(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, userId: number) {
  const { config, crm } = app.deps;
  const session = await crm.sessions.open(userId, config.SESSION_TTL_DAYS);
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    // Behind a proxy that does not say so (TRUST_PROXY off), an https PUBLIC_URL still tells us the site is HTTPS.
    secure: request.protocol === 'https' || config.PUBLIC_URL?.startsWith('https:') === true,
    path: '/',
    maxAge: config.SESSION_TTL_DAYS * 86_400,
  });
  return session;
}

/** Signing in and out, one's own account and password, accepting an invitation, and personal API tokens. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { account, sessions, invitations, apiTokens } = app.deps.crm;
  const policy = lockoutPolicy(app.deps.config);
  const tags = ['auth'];

  app.post('/auth/login', { schema: { tags, body: loginInput }, config: guessLimit }, async (req, reply) => {
    const user = await account.signIn(req.body.email, req.body.password, policy);
    return signIn(app, req, reply, user.id);
  });

  app.post('/auth/logout', { schema: { tags } }, async (req, reply) => {
    if (req.credentialSecret) await sessions.end(req.credentialSecret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', { schema: { tags } }, (req) => account.get(actorOf(req)));

  app.post(
    '/auth/password',
    { schema: { tags, body: passwordChangeInput }, config: guessLimit },
    async (req, reply) => {
      await account.changePassword(actorOf(req), req.body, policy, req.credentialSecret);
      return reply.status(204).send();
    },
  );

  app.post(
    '/invitations/accept',
    { schema: { tags: ['members'], body: acceptInput }, config: guessLimit },
    async (req, reply) => {
      const { userId } = await invitations.accept(req.body, policy, 'web');
      return signIn(app, req, reply, userId);
    },
  );

  const tokenTags = ['tokens'];
  app.post('/tokens', { schema: { tags: tokenTags, body: apiTokenInput } }, async (req, reply) => {
    // A leaked token must not be able to mint replacements that outlive its own revocation.
    if (req.credentialSecret && isApiToken(req.credentialSecret)) {
      throw forbidden('API tokens cannot create API tokens; sign in with your password to make one');
    }
    return reply.status(201).send(await apiTokens.create(actorOf(req), req.body));
  });
  app.get('/tokens', { schema: { tags: tokenTags, querystring: apiTokenListQuery } }, (req) =>
    apiTokens.list(actorOf(req), req.query),
  );
  app.delete('/tokens/:id', { schema: { tags: tokenTags, params: idParams } }, async (req, reply) => {
    await apiTokens.revoke(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

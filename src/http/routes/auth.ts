import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountOf, changePassword, givenPassword, passwordChangeInput } from '../../auth/account.ts';
import { membershipsOf } from '../../auth/actors.ts';
import {
  apiTokenInput,
  apiTokenListQuery,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from '../../auth/api-tokens.ts';
import { acceptInput, acceptInvitation } from '../../auth/invitations.ts';
import { authenticate, lockoutPolicy } from '../../auth/login.ts';
import { API_TOKEN_PREFIX, createSession, revokeSession } from '../../auth/sessions.ts';
import { forbidden } from '../../domain/errors.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

const loginInput = z
  .object({ email: z.string().trim().min(1, 'must not be empty').max(254), password: givenPassword })
  .strict();

/** Per client address: enough for a person mistyping, far too few for guessing passwords. */
const guessLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

/** Starts a session for a user who just proved who they are: a cookie for browsers, the token for scripts. */
async function signIn(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, userId: number) {
  const { db, clock, config } = app.deps;
  const memberships = await membershipsOf(db, userId);
  // A session belonging to no organization could only fail on every request, so none is made.
  if (memberships.length === 0) {
    throw forbidden('You are not a member of any organization yet; ask an owner to invite you');
  }
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const token = await createSession(db, userId, clock, config.SESSION_TTL_DAYS);
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    // Behind a proxy that does not say so (TRUST_PROXY off), an https PUBLIC_URL still tells us the site is HTTPS.
    secure: request.protocol === 'https' || config.PUBLIC_URL?.startsWith('https:') === true,
    path: '/',
    maxAge: config.SESSION_TTL_DAYS * 86_400,
  });
  return { token, user, memberships };
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, config } = app.deps;
  const policy = lockoutPolicy(config);
  const tags = ['auth'];

  app.post('/auth/login', { schema: { tags, body: loginInput }, config: guessLimit }, async (req, reply) => {
    const user = await authenticate(db, clock, policy, req.body.email, req.body.password);
    return signIn(app, req, reply, user.id);
  });

  app.post('/auth/logout', { schema: { tags } }, async (req, reply) => {
    if (req.credentialSecret) await revokeSession(db, req.credentialSecret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', { schema: { tags } }, (req) => accountOf(db, actorOf(req)));

  app.post(
    '/auth/password',
    { schema: { tags, body: passwordChangeInput }, config: guessLimit },
    async (req, reply) => {
      await changePassword(db, clock, policy, actorOf(req), req.body, req.credentialSecret);
      return reply.status(204).send();
    },
  );

  app.post(
    '/invitations/accept',
    { schema: { tags: ['members'], body: acceptInput }, config: guessLimit },
    async (req, reply) => {
      const { userId } = await acceptInvitation(db, clock, policy, req.body, 'web');
      return signIn(app, req, reply, userId);
    },
  );

  const tokenTags = ['tokens'];
  app.post('/tokens', { schema: { tags: tokenTags, body: apiTokenInput } }, async (req, reply) => {
    // A leaked token must not be able to mint replacements that outlive its own revocation.
    if (req.credentialSecret?.startsWith(`${API_TOKEN_PREFIX}_`)) {
      throw forbidden('API tokens cannot create API tokens; sign in with your password to make one');
    }
    return reply.status(201).send(await createApiToken(db, clock, actorOf(req), req.body));
  });
  app.get('/tokens', { schema: { tags: tokenTags, querystring: apiTokenListQuery } }, (req) =>
    listApiTokens(db, actorOf(req), req.query),
  );
  app.delete('/tokens/:id', { schema: { tags: tokenTags, params: idParams } }, async (req, reply) => {
    await revokeApiToken(db, clock, actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

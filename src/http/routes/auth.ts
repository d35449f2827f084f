import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addressSource, lockoutPolicy } from '../../auth/lockout.ts';
import {
  account as accountView,
  apiTokenPage,
  newApiToken,
  passwordResetRequested,
  session,
  sessionCheck,
  signInInput,
  signInOptions,
} from '../../contracts/accounts.ts';
import { passwordChangeInput } from '../../crm/accounts.ts';
import { apiTokenInput, apiTokenListQuery } from '../../crm/api-tokens.ts';
import { acceptInput } from '../../crm/invitations.ts';
import { resetInput, resetRequestInput } from '../../crm/password-resets.ts';
import { givenPassword } from '../../crm/sign-in.ts';
import { SESSION_COOKIE } from '../authenticate.ts';
import { actorOf, credentialOf } from '../context.ts';
import { noContent, operation } from './operation.ts';
import { idParams } from './params.ts';

const loginInput = signInInput.extend({ password: givenPassword }).strict();

/** Per client address: enough for a person mistyping, far too few for guessing passwords. */
const guessLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

/** Per client address: a person asks for a reset link once or twice; each request may send an email. */
const resetRequestLimit = { rateLimit: { max: 5, timeWindow: '1 minute' } };

/** Recovery works without credentials; a stale or foreign one sent along is no reason to refuse it. */
const noCredentials = { ignoresCredentials: true };

/** The one answer to a reset request, whether or not the email has an account. */
const RESET_REQUESTED =
  'If an account has this email, a link to choose a new password is on its way. It works once, for 30 minutes.';

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
  const { account, sessions, invitations, apiTokens, passwordResets } = app.deps.crm;
  const policy = lockoutPolicy(app.deps.config);
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      ...operation({
        id: 'signIn',
        summary: 'Sign in with email and password',
        description:
          'Starts a session: sets the `parley_session` cookie for browsers and returns the token for scripts. ' +
          '401 for a wrong email or password alike; 423 while this address is paused for the account after ' +
          'repeated failures (other addresses are not), or while the account is locked after many.',
        tags,
        public: true,
        errors: [401, 403, 423, 429],
        schema: { body: loginInput, response: { 200: session } },
      }),
      config: guessLimit,
    },
    async (req, reply) => {
      const user = await account.signIn(req.body.email, req.body.password, policy, addressSource(req.ip));
      return signIn(app, req, reply, user.id);
    },
  );

  app.post(
    '/auth/logout',
    operation({
      id: 'signOut',
      summary: 'Sign out',
      description: 'Ends the session the request carries, if any, and clears the cookie.',
      tags,
      public: true,
      errors: [401, 403],
      schema: { response: { 204: noContent('Signed out.') } },
    }),
    async (req, reply) => {
      if (req.credentialSecret) await sessions.end(req.credentialSecret);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    operation({
      id: 'getMe',
      summary: 'Who is signed in',
      description: 'The user, every organization they belong to, and the one this request acts in.',
      tags,
      schema: { response: { 200: accountView } },
    }),
    (req) => account.get(actorOf(req)),
  );

  app.get(
    '/auth/session',
    operation({
      id: 'checkSession',
      summary: 'Check for a session',
      description:
        'For apps deciding whether to show a sign-in form: answers 200 whether or not the request is signed ' +
        'in, with `signedIn` and the account. A stale session cookie counts as signed out; a bearer token ' +
        'that is not valid is still a 401.',
      tags,
      public: true,
      errors: [401, 403],
      schema: { response: { 200: sessionCheck } },
    }),
    async (req) => {
      if (!req.actorOrNull && !req.authProblem) return { signedIn: false, account: null };
      return { signedIn: true, account: await account.get(actorOf(req)) };
    },
  );

  app.post(
    '/auth/password',
    {
      ...operation({
        id: 'changePassword',
        summary: 'Change your password',
        description:
          'Needs the current password. Every other session of the user is signed out, every Telegram chat ' +
          'signed in as them is signed out, and their API tokens are revoked unless `keepApiTokens` is true.',
        tags,
        errors: [423, 429],
        schema: { body: passwordChangeInput, response: { 204: noContent('The password is changed.') } },
      }),
      config: guessLimit,
    },
    async (req, reply) => {
      const check = { policy, source: addressSource(req.ip) };
      await account.changePassword(actorOf(req), req.body, check, req.credentialSecret);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/options',
    {
      ...operation({
        id: 'getSignInOptions',
        summary: 'What the sign-in page may offer',
        description:
          'Public. Whether a forgotten password can be reset by email, and the demo sign-ins on a server that ' +
          'runs the demo organization (null on any other).',
        tags,
        public: true,
        schema: { response: { 200: signInOptions } },
      }),
      config: noCredentials,
    },
    async () => ({
      passwordResetByEmail: passwordResets.emailEnabled,
      demo: await app.deps.demoSignIns(),
    }),
  );

  app.post(
    '/auth/password-reset/request',
    {
      ...operation({
        id: 'requestPasswordReset',
        summary: 'Email a link to choose a new password',
        description:
          'Answers 202 with the same message whether or not the email has an account. A few links an hour ' +
          'go to one account; beyond that, requests send nothing and answer the same. 409 when this server ' +
          'does not send email.',
        tags,
        public: true,
        errors: [403, 409, 429],
        schema: { body: resetRequestInput, response: { 202: passwordResetRequested } },
      }),
      config: { ...resetRequestLimit, ...noCredentials },
    },
    async (req, reply) => {
      await passwordResets.request(req.body, addressSource(req.ip));
      return reply.status(202).send({ message: RESET_REQUESTED });
    },
  );

  app.post(
    '/auth/password-reset',
    {
      ...operation({
        id: 'resetPassword',
        summary: 'Choose a new password with a reset link',
        description:
          'The token from the link (the part after #). It works once; afterwards every session, Telegram ' +
          'sign-in and API token of the account has ended. 404 for an unknown or expired link, 409 for a ' +
          'used one.',
        tags,
        public: true,
        errors: [403, 404, 409, 429],
        schema: {
          body: resetInput,
          response: { 204: noContent('The password is changed; sign in with it.') },
        },
      }),
      config: { ...guessLimit, ...noCredentials },
    },
    async (req, reply) => {
      await passwordResets.complete(req.body, 'web');
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/invitations/accept',
    {
      ...operation({
        id: 'acceptInvitation',
        summary: 'Accept an invitation and sign in',
        description:
          'A new email gets an account with `name` and `password`; an email that has an account gives its ' +
          'password. Answers like sign-in.',
        tags: ['members'],
        public: true,
        errors: [401, 403, 404, 409, 423, 429],
        schema: { body: acceptInput, response: { 200: session } },
      }),
      config: guessLimit,
    },
    async (req, reply) => {
      const { userId } = await invitations.accept(req.body, policy, 'web');
      return signIn(app, req, reply, userId);
    },
  );

  app.post(
    '/tokens',
    {
      ...operation({
        id: 'createApiToken',
        summary: 'Create a personal API token',
        description:
          'The token acts as you in the organization you act in; its secret is shown only in this answer. ' +
          'Needs a signed-in session (an API token cannot create tokens, 403) and your current password ' +
          '(`currentPassword`, 400 when wrong, counted like a failed sign-in).',
        tags,
        errors: [423, 429],
        schema: { body: apiTokenInput, response: { 201: newApiToken } },
      }),
      config: guessLimit,
    },
    async (req, reply) => {
      const proof = { credential: credentialOf(req), policy, source: addressSource(req.ip) };
      return reply.status(201).send(await apiTokens.create(actorOf(req), req.body, proof));
    },
  );
  app.get(
    '/tokens',
    operation({
      id: 'listApiTokens',
      summary: 'List your API tokens',
      tags,
      schema: { querystring: apiTokenListQuery, response: { 200: apiTokenPage } },
    }),
    (req) => apiTokens.list(actorOf(req), req.query),
  );
  app.delete(
    '/tokens/:id',
    operation({
      id: 'revokeApiToken',
      summary: 'Revoke one of your API tokens',
      description: 'Revoking a token twice is harmless.',
      tags,
      schema: { params: idParams, response: { 204: noContent('The token is revoked.') } },
    }),
    async (req, reply) => {
      await apiTokens.revoke(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};

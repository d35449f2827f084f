import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferences, preferencesInput } from '../../contracts/preferences.ts';
import { actorOf } from '../context.ts';
import { operation } from './operation.ts';

/** The signed-in person's own preferences; the path names no user, so only one's own can be reached. */
export const preferenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { preferences: service } = app.deps.crm;
  const tags = ['auth'];

  app.get(
    '/auth/preferences',
    operation({
      id: 'getPreferences',
      summary: 'Your preferences',
      description: 'Whether your notifications also come by email, and whether this server sends email.',
      tags,
      schema: { response: { 200: preferences } },
    }),
    (req) => service.get(actorOf(req)),
  );

  app.patch(
    '/auth/preferences',
    operation({
      id: 'updatePreferences',
      summary: 'Change your preferences',
      description:
        'Only your own. Turning email notifications on is refused (400) on a server without SMTP; turning ' +
        'them off always works.',
      tags,
      schema: { body: preferencesInput, response: { 200: preferences } },
    }),
    (req) => service.update(actorOf(req), req.body),
  );
};

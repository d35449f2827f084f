import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { activityInput, activityListQuery, activityPatch } from '../../crm/activities.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

const tags = ['activities'];

export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { activities } = app.deps.crm;

  app.get(
    '/activities',
    {
      schema: {
        tags,
        description:
          '`done=true|false`; `overdue=true` is open and past due; `dueBefore`/`dueAfter` take a date or date-time; `sort=dueAt` puts activities without a due date last.',
        querystring: activityListQuery,
      },
    },
    (req) => activities.list(actorOf(req), req.query),
  );
  app.get('/activities/:id', { schema: { tags, params: idParams } }, (req) =>
    activities.get(actorOf(req), req.params.id),
  );
  app.post(
    '/activities',
    {
      schema: {
        tags,
        description:
          'Assigned to the creator unless `assignedTo` says otherwise. `done: true` logs it as done.',
        body: activityInput,
      },
    },
    async (req, reply) => reply.status(201).send(await activities.create(actorOf(req), req.body)),
  );
  app.patch(
    '/activities/:id',
    {
      schema: {
        tags,
        description:
          'Mark an activity done with `{"done": true}` and undo it with `{"done": false}`; this is the only way to change `doneAt`.',
        params: idParams,
        body: activityPatch,
      },
    },
    (req) => activities.update(actorOf(req), req.params.id, req.body),
  );
  app.delete('/activities/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await activities.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

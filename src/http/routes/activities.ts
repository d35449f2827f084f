import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { activity, activityPage } from '../../contracts/activities.ts';
import { activityInput, activityListQuery, activityPatch } from '../../crm/activities.ts';
import { registerRecordRoutes } from './record-routes.ts';

export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  registerRecordRoutes(app, {
    path: '/activities',
    noun: ['activity', 'activities'],
    service: app.deps.crm.activities,
    schemas: {
      list: activityListQuery,
      create: activityInput,
      update: activityPatch,
      record: activity,
      page: activityPage,
    },
    descriptions: {
      list: '`done=true|false`; `overdue=true` is open and past due; `dueBefore`/`dueAfter` take a date or date-time; `sort=dueAt` puts activities without a due date last.',
      create: 'Assigned to the creator unless `assignedTo` says otherwise. `done: true` logs it as done.',
      update:
        'Mark an activity done with `{"done": true}` and undo it with `{"done": false}`; this is the only way to change `doneAt`.',
    },
  });
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  issueCommentInput,
  issueCommentListQuery,
  issueInput,
  issueListQuery,
  issuePatch,
} from '../../crm/issues.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';
import { registerRecordRoutes } from './record-routes.ts';

const tags = ['issues'];

export const issueRoutes: FastifyPluginAsyncZod = async (app) => {
  const { issues } = app.deps.crm;

  registerRecordRoutes(app, {
    path: '/issues',
    noun: ['issue', 'issues'],
    service: issues,
    schemas: { list: issueListQuery, create: issueInput, update: issuePatch },
    descriptions: {
      list: '`q` is a title prefix or an exact number such as ISS-2026-0003. `assignedTo` takes a user id, "me" or "none".',
      get: 'The issue with its latest comments.',
      create:
        'Issues get the next ISS-YYYY-NNNN number and start open. A customer raises them for their own customer record and cannot assign them.',
      update:
        'Status "resolved" needs a resolution (in this request or already on the issue). Reopening (open, in_progress) clears the resolution, resolvedAt and closedAt.',
    },
  });
  app.get(
    '/issues/:id/comments',
    {
      schema: {
        tags,
        description: 'Oldest first. Customers do not see internal comments.',
        params: idParams,
        querystring: issueCommentListQuery,
      },
    },
    (req) => issues.listComments(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/issues/:id/comments',
    {
      schema: {
        tags,
        description: 'Staff may mark a comment `internal`: the customer never sees it.',
        params: idParams,
        body: issueCommentInput,
      },
    },
    async (req, reply) =>
      reply.status(201).send(await issues.addComment(actorOf(req), req.params.id, req.body)),
  );
};

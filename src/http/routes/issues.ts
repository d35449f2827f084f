import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { issueComment, issueCommentPage, issueDetail, issuePage } from '../../contracts/issues.ts';
import {
  issueCommentInput,
  issueCommentListQuery,
  issueInput,
  issueListQuery,
  issuePatch,
} from '../../crm/issues.ts';
import { actorOf } from '../context.ts';
import { operation } from './operation.ts';
import { idParams } from './params.ts';
import { registerRecordRoutes } from './record-routes.ts';

const tags = ['issues'];

export const issueRoutes: FastifyPluginAsyncZod = async (app) => {
  const { issues } = app.deps.crm;

  registerRecordRoutes(app, {
    path: '/issues',
    noun: ['issue', 'issues'],
    service: issues,
    schemas: {
      list: issueListQuery,
      create: issueInput,
      update: issuePatch,
      record: issueDetail,
      page: issuePage,
    },
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
    operation({
      id: 'listIssueComments',
      summary: 'List the comments on an issue',
      description: 'Oldest first unless `sort=-createdAt`. Customers do not see internal comments.',
      tags,
      schema: { params: idParams, querystring: issueCommentListQuery, response: { 200: issueCommentPage } },
    }),
    (req) => issues.listComments(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/issues/:id/comments',
    operation({
      id: 'addIssueComment',
      summary: 'Comment on an issue',
      description: 'Staff may mark a comment `internal`: the customer never sees it.',
      tags,
      schema: { params: idParams, body: issueCommentInput, response: { 201: issueComment } },
    }),
    (req, reply) => {
      reply.status(201);
      return issues.addComment(actorOf(req), req.params.id, req.body);
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dealDetail, dealPage } from '../../contracts/deals.ts';
import { dealInput, dealListQuery, dealMoveInput, dealPatch } from '../../crm/deals.ts';
import { actorOf } from '../context.ts';
import { operation } from './operation.ts';
import { idParams } from './params.ts';
import { registerRecordRoutes } from './record-routes.ts';

const tags = ['deals'];

export const dealRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deals } = app.deps.crm;
  registerRecordRoutes(app, {
    path: '/deals',
    noun: ['deal', 'deals'],
    service: deals,
    schemas: {
      list: dealListQuery,
      create: dealInput,
      update: dealPatch,
      record: dealDetail,
      page: dealPage,
    },
    descriptions: {
      list: '`q` is a title prefix. `stage` takes a stage name (matching it in every pipeline, or in `pipelineId`) or a stage id.',
      create:
        'Goes to the given pipeline, else the default one, and to the given stage (an id or a name in any case), else its first. The stage sets the status, and the probability unless `probability` is given.',
      update: 'Stage, pipeline and status change only by a stage move (POST /deals/{id}/stage).',
    },
  });
  app.post(
    '/deals/:id/stage',
    operation({
      id: 'moveDealStage',
      summary: 'Move a deal to another stage',
      description:
        "The stage (an id or a name in any case, of the deal's own pipeline) sets probability and status. Reaching a won or lost stage stamps closedAt and takes `reason`; moving back to an open stage clears both. Moving to the stage the deal is in changes nothing, except a new reason for a closed deal.",
      tags,
      schema: { params: idParams, body: dealMoveInput, response: { 200: dealDetail } },
    }),
    (req) => deals.moveStage(actorOf(req), req.params.id, req.body),
  );
};

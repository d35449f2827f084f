import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pipeline, pipelinePage } from '../../contracts/pipelines.ts';
import { id } from '../../crm/fields.ts';
import {
  pipelineInput,
  pipelineListQuery,
  pipelinePatch,
  stageAddInput,
  stageOrderInput,
  stagePatch,
} from '../../crm/pipeline-inputs.ts';
import { actorOf } from '../context.ts';
import { noContent, operation } from './operation.ts';
import { idParams } from './params.ts';

const tags = ['pipelines'];
const stageParams = z.object({ id, stageId: id });
/** Every change to a pipeline or its stages answers with the whole pipeline, its stages in board order. */
const changed = { 200: pipeline };

export const pipelineRoutes: FastifyPluginAsyncZod = async (app) => {
  const { pipelines } = app.deps.crm;

  app.get(
    '/pipelines',
    operation({
      id: 'listPipelines',
      summary: 'List pipelines',
      description: 'Each with its stages. Oldest first unless `sort=-createdAt`; `q` is a name prefix.',
      tags,
      schema: { querystring: pipelineListQuery, response: { 200: pipelinePage } },
    }),
    (req) => pipelines.list(actorOf(req), req.query),
  );
  app.get(
    '/pipelines/:id',
    operation({
      id: 'getPipeline',
      summary: 'Get a pipeline',
      tags,
      schema: { params: idParams, response: { 200: pipeline } },
    }),
    (req) => pipelines.get(actorOf(req), req.params.id),
  );
  app.post(
    '/pipelines',
    operation({
      id: 'createPipeline',
      summary: 'Create a pipeline',
      description:
        "Without `stages` it gets the standard ones (Lead, Qualified, Proposal, Negotiation, Closed Won, Closed Lost). Stage names must differ in more than case. The organization's first pipeline becomes its default whatever `isDefault` says.",
      tags,
      schema: { body: pipelineInput, response: { 201: pipeline } },
    }),
    (req, reply) => {
      reply.status(201);
      return pipelines.create(actorOf(req), req.body);
    },
  );
  app.patch(
    '/pipelines/:id',
    operation({
      id: 'renamePipeline',
      summary: 'Rename a pipeline',
      tags,
      schema: { params: idParams, body: pipelinePatch, response: changed },
    }),
    (req) => pipelines.rename(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/pipelines/:id',
    operation({
      id: 'deletePipeline',
      summary: 'Delete a pipeline',
      description: 'Refused (409) for the default pipeline and for one that still has deals.',
      tags,
      errors: [409],
      schema: { params: idParams, response: { 204: noContent('The pipeline and its stages are deleted.') } },
    }),
    async (req, reply) => {
      await pipelines.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/pipelines/:id/default',
    operation({
      id: 'setDefaultPipeline',
      summary: 'Make a pipeline the default',
      description:
        'New deals go to the default pipeline unless they name one; the previous default stops being it. Takes no body.',
      tags,
      schema: { params: idParams, response: changed },
    }),
    (req) => pipelines.setDefault(actorOf(req), req.params.id),
  );
  app.post(
    '/pipelines/:id/stages',
    operation({
      id: 'addPipelineStage',
      summary: 'Add a stage to a pipeline',
      description:
        "At `position` (1 is first); without one, an open stage goes after the last open stage (before the closed ones) and a closed stage last. The name must differ from the other stages' in more than case (409), and a pipeline has at most 50 stages.",
      tags,
      errors: [409],
      schema: { params: idParams, body: stageAddInput, response: { 201: pipeline } },
    }),
    (req, reply) => {
      reply.status(201);
      return pipelines.addStage(actorOf(req), req.params.id, req.body);
    },
  );
  app.post(
    '/pipelines/:id/stages/reorder',
    operation({
      id: 'reorderPipelineStages',
      summary: "Put a pipeline's stages in a new order",
      description:
        "`stageIds` lists every stage of the pipeline exactly once, in the new board order; a list that leaves one out, repeats one or names another pipeline's is refused (400, with the pipeline's stage ids in `details`).",
      tags,
      schema: { params: idParams, body: stageOrderInput, response: changed },
    }),
    (req) => pipelines.reorderStages(actorOf(req), req.params.id, req.body),
  );
  app.patch(
    '/pipelines/:id/stages/:stageId',
    operation({
      id: 'updatePipelineStage',
      summary: 'Change a stage',
      description:
        'A stage holding deals keeps its outcome (409), since its deals take their status from it. An empty patch changes nothing and answers the pipeline as it is.',
      tags,
      errors: [409],
      schema: { params: stageParams, body: stagePatch, response: changed },
    }),
    (req) => pipelines.updateStage(actorOf(req), req.params.id, req.params.stageId, req.body),
  );
  app.delete(
    '/pipelines/:id/stages/:stageId',
    operation({
      id: 'deletePipelineStage',
      summary: 'Delete a stage',
      description:
        "Refused (409) while the stage holds deals, and for a pipeline's last stage. The stages after it move up.",
      tags,
      errors: [409],
      schema: { params: stageParams, response: changed },
    }),
    (req) => pipelines.removeStage(actorOf(req), req.params.id, req.params.stageId),
  );
};

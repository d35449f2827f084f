import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../crm/fields.ts';
import {
  pipelineInput,
  pipelineListQuery,
  pipelinePatch,
  stageAddInput,
  stageOrderInput,
  stagePatch,
} from '../../crm/pipelines.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

const tags = ['pipelines'];
const stageParams = z.object({ id, stageId: id });

export const pipelineRoutes: FastifyPluginAsyncZod = async (app) => {
  const { pipelines } = app.deps.crm;

  app.get('/pipelines', { schema: { tags, querystring: pipelineListQuery } }, (req) =>
    pipelines.list(actorOf(req), req.query),
  );
  app.get('/pipelines/:id', { schema: { tags, params: idParams } }, (req) =>
    pipelines.get(actorOf(req), req.params.id),
  );
  app.post('/pipelines', { schema: { tags, body: pipelineInput } }, async (req, reply) =>
    reply.status(201).send(await pipelines.create(actorOf(req), req.body)),
  );
  app.patch('/pipelines/:id', { schema: { tags, params: idParams, body: pipelinePatch } }, (req) =>
    pipelines.rename(actorOf(req), req.params.id, req.body),
  );
  app.delete('/pipelines/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await pipelines.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
  app.post('/pipelines/:id/default', { schema: { tags, params: idParams } }, (req) =>
    pipelines.setDefault(actorOf(req), req.params.id),
  );
  app.post(
    '/pipelines/:id/stages',
    { schema: { tags, params: idParams, body: stageAddInput } },
    async (req, reply) =>
      reply.status(201).send(await pipelines.addStage(actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/pipelines/:id/stages/reorder',
    { schema: { tags, params: idParams, body: stageOrderInput } },
    (req) => pipelines.reorderStages(actorOf(req), req.params.id, req.body),
  );
  app.patch(
    '/pipelines/:id/stages/:stageId',
    { schema: { tags, params: stageParams, body: stagePatch } },
    (req) => pipelines.updateStage(actorOf(req), req.params.id, req.params.stageId, req.body),
  );
  app.delete('/pipelines/:id/stages/:stageId', { schema: { tags, params: stageParams } }, (req) =>
    pipelines.removeStage(actorOf(req), req.params.id, req.params.stageId),
  );
};

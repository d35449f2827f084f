import { z } from 'zod';
import { STAGE_OUTCOMES } from '../domain/vocabulary.ts';
import { pageOf, recordId, timestamp } from './common.ts';

export const pipelineStage = z
  .object({
    id: recordId,
    name: z.string().describe('Unique within its pipeline, ignoring case'),
    position: z.number().int().describe('1 for the first stage on the board'),
    probability: z.number().int().describe('Chance of winning a deal in this stage, 0 to 100'),
    outcome: z
      .enum(STAGE_OUTCOMES)
      .describe('The status a deal takes in this stage: open, or closed as won or lost'),
  })
  .meta({ id: 'PipelineStage' });

export const pipeline = z
  .object({
    id: recordId,
    name: z.string(),
    isDefault: z.boolean().describe('New deals go to the default pipeline unless they name one'),
    stages: z.array(pipelineStage).describe('In board order'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Pipeline' });

export const pipelinePage = pageOf(pipeline).meta({ id: 'PipelinePage' });

export type Pipeline = z.infer<typeof pipeline>;
export type PipelineStage = z.infer<typeof pipelineStage>;

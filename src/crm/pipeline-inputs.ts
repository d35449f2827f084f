import { z } from 'zod';
import { STAGE_OUTCOMES } from '../domain/vocabulary.ts';
import { id, percent, text } from './fields.ts';
import { listQuery, searchKey, sortable } from './list.ts';

/** What callers send to create, change, reorder and list pipelines and their stages. */

export const MAX_STAGES = 50;

const probability = percent;
const outcome = z.enum(STAGE_OUTCOMES);

export const stageInput = z
  .object({ name: text(100, 'a name'), probability, outcome: outcome.default('open') })
  .strict();

export const stageAddInput = stageInput
  .extend({ position: z.number().int().min(1).max(MAX_STAGES).optional() })
  .strict();

export const stagePatch = z
  .object({ name: text(100, 'a name'), probability, outcome })
  .partial()
  .strict();

export const stageOrderInput = z
  .object({
    stageIds: z
      .array(id)
      .min(1)
      .max(MAX_STAGES)
      .describe('Every stage of the pipeline exactly once, in the new board order'),
  })
  .strict();

export const pipelineInput = z
  .object({
    name: text(100, 'a name'),
    stages: z.array(stageInput).min(1).max(MAX_STAGES).optional(),
    isDefault: z.boolean().default(false),
  })
  .strict()
  // Stages are looked up by name in any case ("negotiation"), so names must differ in more than case.
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    for (const [i, stage] of (input.stages ?? []).entries()) {
      const key = searchKey(stage.name);
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['stages', i, 'name'], message: `stage "${stage.name}" twice` });
      seen.add(key);
    }
  });

export const pipelinePatch = z.object({ name: text(100, 'a name') }).strict();

export const SORT = sortable(['created_at']);
export const pipelineListQuery = listQuery(SORT, {}).extend({
  sort: z.enum(['createdAt', '-createdAt']).default('createdAt'),
});

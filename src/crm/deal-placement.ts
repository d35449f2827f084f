import type { Db } from '../db/index.ts';
import type { DealRow, PipelineStageRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { DEAL } from './deal-records.ts';
import { searchKey } from './list.ts';
import { insertRecord } from './records.ts';

export { stageRef } from '../contracts/record-inputs.ts';

export function matchStage(stages: PipelineStageRow[], ref: number | string): PipelineStageRow | undefined {
  if (typeof ref === 'number') return stages.find((s) => s.id === ref);
  const key = searchKey(ref);
  const byName = stages.find((s) => searchKey(s.name) === key);
  // Query strings carry ids as text; a name wins so a stage called "2025" still resolves by name.
  return byName ?? (/^\d+$/.test(key) ? stages.find((s) => s.id === Number(key)) : undefined);
}

/** A stage of one of the organization's pipelines, by id or by name in any case. */
export async function resolveStage(
  db: Db,
  actor: Actor,
  pipelineId: number,
  ref: number | string,
): Promise<PipelineStageRow> {
  const stages = await db
    .selectFrom('pipeline_stages')
    .selectAll()
    .where('organization_id', '=', actor.organizationId)
    .where('pipeline_id', '=', pipelineId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const stage = matchStage(stages, ref);
  if (stage) return stage;
  throw invalid(`There is no stage "${ref}"; the stages are: ${stages.map((s) => s.name).join(', ')}`, {
    stages: stages.map((s) => ({ id: s.id, name: s.name })),
  });
}

/**
 * Where a new deal goes: the given pipeline (404 if it is not the organization's) or the default one, and
 * the given stage or the pipeline's first.
 */
export async function placeDeal(
  db: Db,
  actor: Actor,
  pipelineId?: number,
  stage?: number | string,
): Promise<PipelineStageRow> {
  const pipeline = await db
    .selectFrom('pipelines')
    .select('id')
    .where('organization_id', '=', actor.organizationId)
    .$if(pipelineId !== undefined, (qb) => qb.where('id', '=', pipelineId!))
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  if (!pipeline) {
    if (pipelineId !== undefined) throw notFound('pipeline', pipelineId);
    throw invalid('This organization has no pipeline yet; an owner must create one first');
  }
  if (stage !== undefined) return resolveStage(db, actor, pipeline.id, stage);
  const first = await db
    .selectFrom('pipeline_stages')
    .selectAll()
    .where('pipeline_id', '=', pipeline.id)
    .orderBy('position')
    .orderBy('id')
    .executeTakeFirst();
  if (!first) throw invalid('The pipeline has no stages; an owner must add one first');
  return first;
}

export interface NewDeal {
  title: string;
  value: number;
  currency: string;
  stage: PipelineStageRow;
  probability?: number | undefined;
  expectedCloseDate?: string | null | undefined;
  customerId: number | null;
  leadId: number | null;
  assignedTo: number | null;
  priority: string;
  notes?: string | null | undefined;
}

/**
 * Inserts a deal inside the caller's transaction with its first history entry and audit record; lead
 * conversion uses it too. The caller has checked permissions and references.
 */
export async function insertDeal(trx: Db, actor: Actor, now: string, d: NewDeal): Promise<DealRow> {
  const row = await insertRecord(trx, actor, now, DEAL, {
    title: d.title,
    title_key: searchKey(d.title),
    value: d.value,
    currency: d.currency,
    pipeline_id: d.stage.pipeline_id,
    stage_id: d.stage.id,
    probability: d.probability ?? d.stage.probability,
    expected_close_date: d.expectedCloseDate ?? null,
    customer_id: d.customerId,
    lead_id: d.leadId,
    assigned_to: d.assignedTo,
    priority: d.priority,
    status: d.stage.outcome,
    close_reason: null,
    closed_at: d.stage.outcome === 'open' ? null : now,
    notes: d.notes ?? null,
  });
  await trx
    .insertInto('deal_stage_history')
    .values({
      organization_id: actor.organizationId,
      deal_id: row.id,
      from_stage_id: null,
      to_stage_id: d.stage.id,
      changed_by: actor.userId,
      changed_at: now,
    })
    .execute();
  return row;
}

import type { Updateable } from 'kysely';
import type { Pipeline, PipelineStage } from '../contracts/pipelines.ts';
import { isPostgres } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { PipelineRow, PipelineStageRow, PipelineStagesTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { DEFAULT_STAGES } from '../domain/vocabulary.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { paginate, searchKey } from './list.ts';
import { requireGrant } from './scope.ts';

export type { Pipeline, PipelineStage } from '../contracts/pipelines.ts';

import {
  MAX_STAGES,
  pipelineInput,
  pipelineListQuery,
  pipelinePatch,
  SORT,
  stageAddInput,
  stageOrderInput,
  stagePatch,
} from './pipeline-inputs.ts';

export {
  pipelineInput,
  pipelineListQuery,
  pipelinePatch,
  stageAddInput,
  stageOrderInput,
  stagePatch,
} from './pipeline-inputs.ts';

export function toStage(s: PipelineStageRow): PipelineStage {
  return {
    id: s.id,
    name: s.name,
    position: s.position,
    probability: s.probability,
    outcome: s.outcome as PipelineStage['outcome'],
  };
}

export function toPipeline(p: PipelineRow, stages: PipelineStageRow[]): Pipeline {
  return {
    id: p.id,
    name: p.name,
    isDefault: p.is_default === 1,
    stages: stages.filter((s) => s.pipeline_id === p.id).map(toStage),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}
/** Stages of the given pipelines in board order. */
export async function stagesOf(q: Db, organizationId: number, pipelineIds: number[]) {
  if (pipelineIds.length === 0) return [];
  return q
    .selectFrom('pipeline_stages')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('pipeline_id', 'in', pipelineIds)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

async function dealCount(q: Db, column: 'pipeline_id' | 'stage_id', value: number): Promise<number> {
  const row = await q
    .selectFrom('deals')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(column, '=', value)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function requireUniqueName(stages: PipelineStageRow[], name: string, except?: number) {
  const key = searchKey(name);
  const clash = stages.find((s) => s.id !== except && searchKey(s.name) === key);
  if (clash) throw conflict(`this pipeline already has a stage named "${clash.name}"`);
}

/**
 * Where a stage goes when the caller names no position: an open stage right after the last open one, so it
 * comes before "Closed Won" and "Closed Lost"; a closed stage at the end.
 */
function defaultPosition(stages: PipelineStageRow[], outcome: string): number {
  if (outcome !== 'open') return stages.length + 1;
  const lastOpen = stages.findLastIndex((s) => s.outcome === 'open');
  return lastOpen + 2;
}

/** Writes positions 1..n in the given order, touching only stages whose position changes. */
async function renumber(trx: Db, stages: PipelineStageRow[], orderedIds: number[]) {
  for (const [i, stageId] of orderedIds.entries()) {
    if (stages.find((s) => s.id === stageId)?.position === i + 1) continue;
    await trx
      .updateTable('pipeline_stages')
      .set({ position: i + 1 })
      .where('id', '=', stageId)
      .execute();
  }
}

export function pipelinesService(deps: CrmDeps) {
  const { db, clock } = deps;

  /** The organization's pipeline, locked for the rest of the transaction when `lock` is set (PostgreSQL). */
  async function load(q: Db, actor: Actor, pipelineId: number, lock = false): Promise<PipelineRow> {
    requireGrant(actor, 'pipelines', 'read');
    const row = await q
      .selectFrom('pipelines')
      .selectAll()
      .where('id', '=', pipelineId)
      .where('organization_id', '=', actor.organizationId)
      .$if(lock && isPostgres(q), (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (!row) throw notFound('pipeline', pipelineId);
    return row;
  }

  async function view(q: Db, actor: Actor, pipelineId: number): Promise<Pipeline> {
    const row = await q.selectFrom('pipelines').selectAll().where('id', '=', pipelineId).executeTakeFirst();
    if (!row) throw notFound('pipeline', pipelineId);
    return toPipeline(row, await stagesOf(q, actor.organizationId, [row.id]));
  }

  /**
   * Runs one owner's change to a pipeline or its stages and audits the pipeline before and after. The
   * pipeline row is locked first, so concurrent edits of one pipeline's stages apply one after another.
   */
  async function change(
    actor: Actor,
    pipelineId: number,
    apply: (trx: Db, row: PipelineRow, stages: PipelineStageRow[], now: string) => Promise<void>,
  ): Promise<Pipeline> {
    const now = isoNow(clock);
    return db.transaction().execute(async (trx) => {
      const row = await load(trx, actor, pipelineId, true);
      requireGrant(actor, 'pipelines', 'update');
      await trx.updateTable('pipelines').set({ updated_at: now }).where('id', '=', row.id).execute();
      const stages = await stagesOf(trx, actor.organizationId, [row.id]);
      const before = toPipeline(row, stages);
      await apply(trx, row, stages, now);
      const after = await view(trx, actor, row.id);
      await recordAudit(trx, actor, now, {
        action: 'update',
        entity: 'pipeline',
        entityId: row.id,
        before,
        after,
      });
      return after;
    });
  }

  /** An empty stage patch: the pipeline as it is, with no write and no audit entry, once the stage is found. */
  async function unchanged(actor: Actor, pipelineId: number, stageId: number): Promise<Pipeline> {
    requireGrant(actor, 'pipelines', 'update');
    const row = await load(db, actor, pipelineId);
    const stages = await stagesOf(db, actor.organizationId, [row.id]);
    stageIn(stages, stageId);
    return toPipeline(row, stages);
  }

  function stageIn(stages: PipelineStageRow[], stageId: number): PipelineStageRow {
    const stage = stages.find((s) => s.id === stageId);
    if (!stage) throw notFound('stage', stageId);
    return stage;
  }

  /** One statement flips every pipeline of the organization, so two concurrent calls cannot leave two defaults. */
  async function makeDefault(trx: Db, actor: Actor, pipelineId: number, now: string) {
    await trx
      .updateTable('pipelines')
      .set((eb) => ({
        is_default: eb.case().when('id', '=', pipelineId).then(1).else(0).end(),
        updated_at: now,
      }))
      .where('organization_id', '=', actor.organizationId)
      .execute();
  }

  return {
    async list(actor: Actor, raw: unknown) {
      requireGrant(actor, 'pipelines', 'read');
      const p = pipelineListQuery.parse(raw);
      let q = db.selectFrom('pipelines').selectAll().where('organization_id', '=', actor.organizationId);
      if (p.q) {
        const term = `${p.q.toLowerCase().replace(/[%_\\]/g, '')}%`;
        q = q.where((eb) => eb(eb.fn('lower', ['name']), 'like', term));
      }
      const page = await paginate(q, p, SORT);
      const stages = await stagesOf(
        db,
        actor.organizationId,
        page.items.map((r) => r.id),
      );
      return { items: page.items.map((r) => toPipeline(r, stages)), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, pipelineId: number) {
      const row = await load(db, actor, pipelineId);
      return toPipeline(row, await stagesOf(db, actor.organizationId, [row.id]));
    },

    async create(actor: Actor, raw: unknown) {
      requireGrant(actor, 'pipelines', 'create');
      const input = pipelineInput.parse(raw);
      const stages = input.stages ?? DEFAULT_STAGES;
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('pipelines')
          .select('id')
          .where('organization_id', '=', actor.organizationId)
          .where('is_default', '=', 1)
          .executeTakeFirst();
        const row = await trx
          .insertInto('pipelines')
          .values({
            organization_id: actor.organizationId,
            name: input.name,
            is_default: 0,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('pipeline_stages')
          .values(
            stages.map((s, i) => ({
              organization_id: actor.organizationId,
              pipeline_id: row.id,
              name: s.name,
              position: i + 1,
              probability: s.probability,
              outcome: s.outcome,
            })),
          )
          .execute();
        // An organization without a default pipeline could not place new deals, so the first one becomes it.
        if (input.isDefault || !current) await makeDefault(trx, actor, row.id, now);
        const pipeline = await view(trx, actor, row.id);
        await recordAudit(trx, actor, now, {
          action: 'create',
          entity: 'pipeline',
          entityId: row.id,
          after: pipeline,
        });
        return pipeline;
      });
    },

    async rename(actor: Actor, pipelineId: number, raw: unknown) {
      const input = pipelinePatch.parse(raw);
      return change(actor, pipelineId, async (trx, row) => {
        await trx.updateTable('pipelines').set({ name: input.name }).where('id', '=', row.id).execute();
      });
    },

    async setDefault(actor: Actor, pipelineId: number) {
      return change(actor, pipelineId, async (trx, row, _stages, now) => {
        await makeDefault(trx, actor, row.id, now);
      });
    },

    async remove(actor: Actor, pipelineId: number) {
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        const row = await load(trx, actor, pipelineId, true);
        requireGrant(actor, 'pipelines', 'delete');
        if (row.is_default === 1)
          throw conflict('this is the default pipeline; make another one the default first');
        const deals = await dealCount(trx, 'pipeline_id', row.id);
        if (deals > 0)
          throw conflict(`pipeline "${row.name}" still has ${deals} deal(s); move or delete them first`);
        const before = toPipeline(row, await stagesOf(trx, actor.organizationId, [row.id]));
        await trx.deleteFrom('pipelines').where('id', '=', row.id).execute();
        await recordAudit(trx, actor, now, {
          action: 'delete',
          entity: 'pipeline',
          entityId: row.id,
          before,
        });
      });
    },

    async addStage(actor: Actor, pipelineId: number, raw: unknown) {
      const input = stageAddInput.parse(raw);
      return change(actor, pipelineId, async (trx, row, stages) => {
        requireUniqueName(stages, input.name);
        if (stages.length >= MAX_STAGES) throw conflict(`a pipeline has at most ${MAX_STAGES} stages`);
        const added = await trx
          .insertInto('pipeline_stages')
          .values({
            organization_id: actor.organizationId,
            pipeline_id: row.id,
            name: input.name,
            position: stages.length + 1,
            probability: input.probability,
            outcome: input.outcome,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const order = stages.map((s) => s.id);
        const at = input.position ?? defaultPosition(stages, input.outcome);
        order.splice(Math.min(at, order.length + 1) - 1, 0, added.id);
        await renumber(trx, [...stages, added], order);
      });
    },

    async updateStage(actor: Actor, pipelineId: number, stageId: number, raw: unknown) {
      const input = stagePatch.parse(raw);
      if (Object.keys(input).length === 0) return unchanged(actor, pipelineId, stageId);
      return change(actor, pipelineId, async (trx, _row, stages) => {
        const stage = stageIn(stages, stageId);
        if (input.name !== undefined) requireUniqueName(stages, input.name, stage.id);
        // Deals take their status from their stage's outcome, so it cannot change under them.
        if (input.outcome !== undefined && input.outcome !== stage.outcome) {
          const deals = await dealCount(trx, 'stage_id', stage.id);
          if (deals > 0)
            throw conflict(
              `stage "${stage.name}" has ${deals} deal(s); move them before changing its outcome`,
            );
        }
        const changes: Updateable<PipelineStagesTable> = {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.probability !== undefined && { probability: input.probability }),
          ...(input.outcome !== undefined && { outcome: input.outcome }),
        };
        await trx.updateTable('pipeline_stages').set(changes).where('id', '=', stage.id).execute();
      });
    },

    async reorderStages(actor: Actor, pipelineId: number, raw: unknown) {
      const input = stageOrderInput.parse(raw);
      return change(actor, pipelineId, async (trx, _row, stages) => {
        const given = new Set(input.stageIds);
        const complete =
          given.size === input.stageIds.length &&
          given.size === stages.length &&
          stages.every((s) => given.has(s.id));
        if (!complete)
          throw invalid('stageIds must list every stage of the pipeline exactly once', {
            stageIds: stages.map((s) => s.id),
          });
        await renumber(trx, stages, input.stageIds);
      });
    },

    async removeStage(actor: Actor, pipelineId: number, stageId: number) {
      return change(actor, pipelineId, async (trx, _row, stages) => {
        const stage = stageIn(stages, stageId);
        const deals = await dealCount(trx, 'stage_id', stage.id);
        if (deals > 0)
          throw conflict(`stage "${stage.name}" has ${deals} deal(s); move them to another stage first`);
        if (stages.length === 1) throw conflict('a pipeline needs at least one stage');
        await trx.deleteFrom('pipeline_stages').where('id', '=', stage.id).execute();
        const rest = stages.filter((s) => s.id !== stage.id);
        await renumber(
          trx,
          rest,
          rest.map((s) => s.id),
        );
      });
    },
  };
}

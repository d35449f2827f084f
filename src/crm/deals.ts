import type { SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import type { Database, DealRow, PipelineStageRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { DEAL_STATUSES, PRIORITIES } from '../domain/vocabulary.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import {
  createdRange,
  currency,
  dayAfter,
  id,
  isoDate,
  minorAmount,
  optionalText,
  text,
  userRef,
} from './fields.ts';
import { listQuery, paginate, prefixMatch, searchKey, sortable } from './list.ts';
import {
  assigneeForNew,
  readScope,
  requireGrant,
  requireRowGrant,
  requireStaff,
  requireVisible,
  resolveUserRef,
} from './scope.ts';

/** A stage by id (12) or by name in any case ("negotiation", "Closed Won"). */
const stageRef = z.union([z.number().int().positive(), z.string().trim().min(1).max(100)]);
const probability = z.number().int().min(0).max(100);
const priority = z.enum(PRIORITIES);

export const dealInput = z
  .object({
    title: text(200),
    value: minorAmount.default(0),
    currency: currency.optional(),
    pipelineId: id.optional(),
    stage: stageRef.optional(),
    probability: probability.optional(),
    expectedCloseDate: isoDate.nullish(),
    customerId: id.nullish(),
    leadId: id.nullish(),
    assignedTo: userRef.nullish(),
    priority: priority.default('medium'),
    notes: optionalText(10_000),
  })
  .strict();

/** Stage and pipeline change only through a stage move, which keeps status and history consistent. */
export const dealPatch = dealInput
  .omit({ pipelineId: true, stage: true, value: true, priority: true })
  .extend({ title: text(200), value: minorAmount, priority, currency })
  .partial()
  .strict();

export const dealMoveInput = z.object({ stage: stageRef, reason: optionalText(1000) }).strict();

const amountFilter = z.coerce.number().int().min(0).max(1e13).optional();
const SORT = { ...sortable(['created_at', 'updated_at', 'value']), title: 'title_key' };
export const dealListQuery = listQuery(SORT, {
  status: z.enum(DEAL_STATUSES).optional(),
  stage: z.string().trim().min(1).max(100).optional(),
  pipelineId: id.optional(),
  priority: priority.optional(),
  assignedTo: userRef.optional(),
  customerId: id.optional(),
  minValue: amountFilter,
  maxValue: amountFilter,
  ...createdRange,
  expectedCloseFrom: isoDate.optional(),
  expectedCloseTo: isoDate.optional(),
});

export function toDeal(r: DealRow) {
  return {
    id: r.id,
    title: r.title,
    value: r.value,
    currency: r.currency,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    probability: r.probability,
    expectedCloseDate: r.expected_close_date,
    customerId: r.customer_id,
    leadId: r.lead_id,
    assignedTo: r.assigned_to,
    priority: r.priority,
    status: r.status,
    closeReason: r.close_reason,
    closedAt: r.closed_at,
    notes: r.notes,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Deal = ReturnType<typeof toDeal>;

/** Every deal has a stage (an inner join), so only the customer name may be missing. */
type NamedDealRow = DealRow & { stage_name: string; customer_name: string | null };

function toDealView(r: NamedDealRow) {
  return { ...toDeal(r), stageName: r.stage_name, customerName: r.customer_name };
}

/** Deals with the names a person reads them by. Columns are qualified because customers share their names. */
function withNames(deals: SelectQueryBuilder<Database, 'deals', object>) {
  return deals
    .innerJoin('pipeline_stages', 'pipeline_stages.id', 'deals.stage_id')
    .leftJoin('customers', 'customers.id', 'deals.customer_id')
    .selectAll('deals')
    .select(['pipeline_stages.name as stage_name', 'customers.name as customer_name']);
}

/** The deals `actor` may read; the scope goes in before the joins because it is written for deals alone. */
function readableDeals(q: Db, actor: Actor) {
  return withNames(q.selectFrom('deals').where(readScope(actor, 'deals', 'deals')));
}

function matchStage(stages: PipelineStageRow[], ref: number | string): PipelineStageRow | undefined {
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
  const row = await trx
    .insertInto('deals')
    .values({
      organization_id: actor.organizationId,
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
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
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
  await recordAudit(trx, actor, now, {
    action: 'create',
    entity: 'deal',
    entityId: row.id,
    after: toDeal(row),
  });
  return row;
}

export function dealsService(deps: CrmDeps) {
  const { db, clock } = deps;

  async function load(actor: Actor, dealId: number): Promise<DealRow> {
    const row = await db
      .selectFrom('deals')
      .selectAll()
      .where('deals.id', '=', dealId)
      .where(readScope(actor, 'deals', 'deals'))
      .executeTakeFirst();
    if (!row) throw notFound('deal', dealId);
    return row;
  }

  /**
   * The deal as `GET /deals/:id` shows it: names of its stage and customer and its stage history. Callers have
   * checked access already; the deal may have just been handed to someone the actor cannot see rows of.
   */
  async function detail(q: Db, dealId: number) {
    const row = await withNames(q.selectFrom('deals'))
      .where('deals.id', '=', dealId)
      .executeTakeFirstOrThrow();
    const history = await q
      .selectFrom('deal_stage_history as h')
      .leftJoin('pipeline_stages as f', 'f.id', 'h.from_stage_id')
      .leftJoin('pipeline_stages as t', 't.id', 'h.to_stage_id')
      .select([
        'h.id',
        'h.from_stage_id',
        'f.name as from_stage_name',
        'h.to_stage_id',
        't.name as to_stage_name',
        'h.changed_by',
        'h.changed_at',
      ])
      .where('h.deal_id', '=', dealId)
      .orderBy('h.changed_at')
      .orderBy('h.id')
      .execute();
    return {
      ...toDealView(row),
      history: history.map((h) => ({
        id: h.id,
        fromStageId: h.from_stage_id,
        fromStageName: h.from_stage_name,
        toStageId: h.to_stage_id,
        toStageName: h.to_stage_name,
        changedBy: h.changed_by,
        changedAt: h.changed_at,
      })),
    };
  }

  async function checkReferences(actor: Actor, customerId?: number | null, leadId?: number | null) {
    if (customerId != null) await requireVisible(db, actor, 'customers', 'customers', customerId, 'customer');
    if (leadId != null) await requireVisible(db, actor, 'leads', 'leads', leadId, 'lead');
  }

  /**
   * Stage ids a list's `stage` filter means: a name matches that stage in every pipeline, else a number is the
   * id of one of the organization's stages. Ids are matched here rather than in SQL, where an id beyond the
   * integer range makes PostgreSQL fail the whole query.
   */
  async function stageFilter(actor: Actor, ref: string, pipelineId?: number): Promise<number[]> {
    const stages = await db
      .selectFrom('pipeline_stages')
      .selectAll()
      .where('organization_id', '=', actor.organizationId)
      .$if(pipelineId !== undefined, (qb) => qb.where('pipeline_id', '=', pipelineId!))
      .execute();
    const key = searchKey(ref);
    const named = stages.filter((s) => searchKey(s.name) === key).map((s) => s.id);
    if (named.length > 0) return named;
    const byId = /^\d+$/.test(key) ? stages.find((s) => s.id === Number(key)) : undefined;
    if (byId) return [byId.id];
    const names = [...new Set(stages.map((s) => s.name))];
    throw invalid(`There is no stage "${ref}"; the stages are: ${names.join(', ')}`);
  }

  async function setCloseReason(actor: Actor, before: DealRow, reason: string | null) {
    const now = isoNow(clock);
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('deals')
        .set({ close_reason: reason, updated_at: now })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, now, {
        action: 'update',
        entity: 'deal',
        entityId: row.id,
        before: toDeal(before),
        after: toDeal(row),
      });
      return detail(trx, row.id);
    });
  }

  const service = {
    async list(actor: Actor, raw: unknown) {
      const p = dealListQuery.parse(raw);
      let q = readableDeals(db, actor);
      if (p.status) q = q.where('deals.status', '=', p.status);
      if (p.pipelineId !== undefined) q = q.where('deals.pipeline_id', '=', p.pipelineId);
      if (p.stage) q = q.where('deals.stage_id', 'in', await stageFilter(actor, p.stage, p.pipelineId));
      if (p.priority) q = q.where('deals.priority', '=', p.priority);
      if (p.assignedTo !== undefined)
        q = q.where('deals.assigned_to', '=', resolveUserRef(actor, p.assignedTo)!);
      if (p.customerId !== undefined) q = q.where('deals.customer_id', '=', p.customerId);
      if (p.minValue !== undefined) q = q.where('deals.value', '>=', p.minValue);
      if (p.maxValue !== undefined) q = q.where('deals.value', '<=', p.maxValue);
      if (p.createdFrom) q = q.where('deals.created_at', '>=', p.createdFrom);
      if (p.createdTo) q = q.where('deals.created_at', '<', dayAfter(p.createdTo));
      if (p.expectedCloseFrom) q = q.where('deals.expected_close_date', '>=', p.expectedCloseFrom);
      if (p.expectedCloseTo) q = q.where('deals.expected_close_date', '<=', p.expectedCloseTo);
      if (p.q) q = q.where(prefixMatch(db, 'deals.title_key', p.q));
      const page = await paginate(q, p, SORT, 'deals');
      return { items: page.items.map(toDealView), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, dealId: number) {
      return detail(db, (await load(actor, dealId)).id);
    },

    async create(actor: Actor, raw: unknown) {
      requireGrant(actor, 'deals', 'create');
      const input = dealInput.parse(raw);
      const assignee = await assigneeForNew(db, actor, input.assignedTo);
      await checkReferences(actor, input.customerId, input.leadId);
      const stage = await placeDeal(db, actor, input.pipelineId, input.stage);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const row = await insertDeal(trx, actor, now, {
          ...input,
          currency: input.currency ?? actor.settings.currency,
          stage,
          customerId: input.customerId ?? null,
          leadId: input.leadId ?? null,
          assignedTo: assignee,
        });
        return detail(trx, row.id);
      });
    },

    async update(actor: Actor, dealId: number, raw: unknown) {
      const input = dealPatch.parse(raw);
      const before = await load(actor, dealId);
      requireRowGrant(actor, 'deals', 'update', before);
      await checkReferences(actor, input.customerId, input.leadId);
      const changes: Record<string, unknown> = {
        ...(input.title !== undefined && { title: input.title, title_key: searchKey(input.title) }),
        ...(input.value !== undefined && { value: input.value }),
        ...(input.currency !== undefined && { currency: input.currency }),
        ...(input.probability !== undefined && { probability: input.probability }),
        ...(input.expectedCloseDate !== undefined && { expected_close_date: input.expectedCloseDate }),
        ...(input.customerId !== undefined && { customer_id: input.customerId }),
        ...(input.leadId !== undefined && { lead_id: input.leadId }),
        ...(input.priority !== undefined && { priority: input.priority }),
        ...(input.notes !== undefined && { notes: input.notes }),
      };
      if (input.assignedTo !== undefined) {
        const assignee = resolveUserRef(actor, input.assignedTo) ?? null;
        if (assignee != null) await requireStaff(db, actor, assignee);
        changes.assigned_to = assignee;
      }
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('deals')
          .set({ ...changes, updated_at: now })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, now, {
          action: 'update',
          entity: 'deal',
          entityId: row.id,
          before: toDeal(before),
          after: toDeal(row),
        });
        return detail(trx, row.id);
      });
    },

    /**
     * Moves a deal to another stage of its pipeline. The stage decides probability and status; closing
     * stamps closed_at and the reason, reopening clears them. Moving to the stage it is in changes nothing,
     * except that a closed deal takes a newly given reason ("mark it lost: too expensive" said twice).
     */
    async moveStage(actor: Actor, dealId: number, raw: unknown) {
      const input = dealMoveInput.parse(raw);
      const before = await load(actor, dealId);
      requireRowGrant(actor, 'deals', 'update', before);
      const stage = await resolveStage(db, actor, before.pipeline_id, input.stage);
      if (stage.id === before.stage_id) {
        const newReason =
          stage.outcome !== 'open' && input.reason !== undefined && input.reason !== before.close_reason;
        return newReason ? setCloseReason(actor, before, input.reason ?? null) : detail(db, before.id);
      }
      const closing = stage.outcome !== 'open';
      const stillSameOutcome = before.status === stage.outcome;
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        // Guarding on the old stage makes a concurrent move fail cleanly instead of writing a wrong history.
        const row = await trx
          .updateTable('deals')
          .set({
            stage_id: stage.id,
            probability: stage.probability,
            status: stage.outcome,
            closed_at: closing ? (stillSameOutcome ? before.closed_at : now) : null,
            close_reason: closing ? (input.reason ?? (stillSameOutcome ? before.close_reason : null)) : null,
            updated_at: now,
          })
          .where('id', '=', before.id)
          .where('stage_id', '=', before.stage_id)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw conflict('The deal was moved by someone else meanwhile; reload it and try again');
        await trx
          .insertInto('deal_stage_history')
          .values({
            organization_id: actor.organizationId,
            deal_id: row.id,
            from_stage_id: before.stage_id,
            to_stage_id: stage.id,
            changed_by: actor.userId,
            changed_at: now,
          })
          .execute();
        await recordAudit(trx, actor, now, {
          action: 'move_stage',
          entity: 'deal',
          entityId: row.id,
          before: toDeal(before),
          after: toDeal(row),
        });
        return detail(trx, row.id);
      });
    },

    async remove(actor: Actor, dealId: number) {
      const before = await load(actor, dealId);
      requireRowGrant(actor, 'deals', 'delete', before);
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        // leads.converted_deal_id has no foreign key (leads come first in the schema); clear it by hand.
        await trx
          .updateTable('leads')
          .set({ converted_deal_id: null })
          .where('organization_id', '=', actor.organizationId)
          .where('converted_deal_id', '=', before.id)
          .execute();
        await trx.deleteFrom('deals').where('id', '=', before.id).execute();
        await recordAudit(trx, actor, now, {
          action: 'delete',
          entity: 'deal',
          entityId: before.id,
          before: toDeal(before),
        });
      });
    },
  };
  return service;
}

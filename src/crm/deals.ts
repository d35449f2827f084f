import type { Updateable } from 'kysely';
import { z } from 'zod';
import { dealInput, dealPatch, priority } from '../contracts/record-inputs.ts';
import type { Db } from '../db/index.ts';
import type { DealsTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { invalid } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { DEAL_STATUSES } from '../domain/vocabulary.ts';
import { insertDeal, placeDeal } from './deal-placement.ts';
import { DEAL, dealDetail, readableDeals, toDealView } from './deal-records.ts';
import { moveDealStage } from './deal-stages.ts';
import type { CrmDeps } from './deps.ts';
import { createdRange, id, isoDate, userRef } from './fields.ts';
import { amountFilter, applyFilters, rangeFilters, recordFilters } from './filters.ts';
import { listQuery, pageOf, paginate, searchKey, sortable } from './list.ts';
import { assigneeChange, loadRecord, patchColumns, removeRecord, updateRecord } from './records.ts';
import { assigneeForNew, requireGrant, requireVisible } from './scope.ts';
import { searchMatch } from './search-match.ts';

export type { Deal, DealDetail } from '../contracts/deals.ts';
export { insertDeal, type NewDeal, placeDeal, resolveStage } from './deal-placement.ts';
export { type DealColumns, dealView, toDeal } from './deal-records.ts';
export { dealMoveInput } from './deal-stages.ts';
/** The input schemas are shared with the web app's forms. */
export { dealInput, dealPatch };

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

const FILTERS = recordFilters(
  'deals',
  { status: 'status', pipelineId: 'pipeline_id', priority: 'priority', customerId: 'customer_id' },
  {
    stage: ['deals.stage_id', 'in'],
    ...rangeFilters('deals.value', 'minValue', 'maxValue'),
    ...rangeFilters('deals.expected_close_date', 'expectedCloseFrom', 'expectedCloseTo'),
  },
);

export function dealsService(deps: CrmDeps) {
  const { db, clock } = deps;

  async function checkReferences(q: Db, actor: Actor, customerId?: number | null, leadId?: number | null) {
    if (customerId != null) await requireVisible(q, actor, 'customers', 'customers', customerId, 'customer');
    if (leadId != null) await requireVisible(q, actor, 'leads', 'leads', leadId, 'lead');
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

  const service = {
    async list(actor: Actor, raw: unknown) {
      const p = dealListQuery.parse(raw);
      const stages = p.stage ? await stageFilter(actor, p.stage, p.pipelineId) : undefined;
      let q = applyFilters(readableDeals(db, actor), { ...p, stage: stages }, FILTERS, actor);
      if (p.q) q = q.where(await searchMatch(db, 'deals', p.q));
      return pageOf(await paginate(q, p, SORT, 'deals'), toDealView);
    },

    async get(actor: Actor, dealId: number) {
      return dealDetail(db, (await loadRecord(db, actor, DEAL, dealId)).id);
    },

    async create(actor: Actor, raw: unknown) {
      requireGrant(actor, 'deals', 'create');
      const input = dealInput.parse(raw);
      const assignee = await assigneeForNew(db, actor, input.assignedTo);
      await checkReferences(db, actor, input.customerId, input.leadId);
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
        return dealDetail(trx, row.id);
      });
    },

    async update(actor: Actor, dealId: number, raw: unknown) {
      const input = dealPatch.parse(raw);
      return updateRecord(deps, actor, DEAL, dealId, {
        async changes(trx) {
          await checkReferences(trx, actor, input.customerId, input.leadId);
          const changes: Updateable<DealsTable> = {
            ...(input.title !== undefined && { title: input.title, title_key: searchKey(input.title) }),
            ...patchColumns(input, {
              value: 'value',
              currency: 'currency',
              probability: 'probability',
              expectedCloseDate: 'expected_close_date',
              customerId: 'customer_id',
              leadId: 'lead_id',
              priority: 'priority',
              notes: 'notes',
            }),
          };
          return { ...changes, ...(await assigneeChange(trx, actor, input.assignedTo)) };
        },
        result: (trx, row) => dealDetail(trx, row.id),
      });
    },

    moveStage: (actor: Actor, dealId: number, raw: unknown) => moveDealStage(deps, actor, dealId, raw),

    async remove(actor: Actor, dealId: number) {
      // leads.converted_deal_id has no foreign key (leads come first in the schema); clear it by hand.
      await removeRecord(deps, actor, DEAL, dealId, async (trx) => {
        await trx
          .updateTable('leads')
          .set({ converted_deal_id: null })
          .where('organization_id', '=', actor.organizationId)
          .where('converted_deal_id', '=', dealId)
          .execute();
      });
    },
  };
  return service;
}

import type { SelectQueryBuilder } from 'kysely';
import type { Deal, DealDetail } from '../contracts/deals.ts';
import type { Db } from '../db/index.ts';
import type { Database, DealRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { found, type RecordKind } from './records.ts';
import { readScope } from './scope.ts';

/** A deal's own columns, as the audit log keeps it: the names beside them are joined from other tables. */
export type DealColumns = Omit<Deal, 'stageName' | 'customerName'>;

export function toDeal(r: DealRow): DealColumns {
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
    priority: r.priority as Deal['priority'],
    status: r.status as Deal['status'],
    closeReason: r.close_reason,
    closedAt: r.closed_at,
    notes: r.notes,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Every deal has a stage (an inner join), so only the customer name may be missing. */
type NamedDealRow = DealRow & { stage_name: string; customer_name: string | null };

export function toDealView(r: NamedDealRow): Deal {
  return { ...toDeal(r), stageName: r.stage_name, customerName: r.customer_name };
}

/** Deals with the names a person reads them by. Columns are qualified because customers share their names. */
export function withNames(deals: SelectQueryBuilder<Database, 'deals', object>) {
  return deals
    .innerJoin('pipeline_stages', 'pipeline_stages.id', 'deals.stage_id')
    .leftJoin('customers', 'customers.id', 'deals.customer_id')
    .selectAll('deals')
    .select(['pipeline_stages.name as stage_name', 'customers.name as customer_name']);
}

/** The deals `actor` may read; the scope goes in before the joins because it is written for deals alone. */
export function readableDeals(q: Db, actor: Actor) {
  return withNames(q.selectFrom('deals').where(readScope(actor, 'deals', 'deals')));
}

/** Deals for the shared write paths. */
export const DEAL: RecordKind<'deals', DealColumns> = {
  table: 'deals',
  area: 'deals',
  entity: 'deal',
  audit: toDeal,
};

/** A deal with the names of its stage and customer, as lists show it. Callers have checked access already. */
export async function dealView(q: Db, dealId: number): Promise<Deal> {
  const row = await withNames(q.selectFrom('deals')).where('deals.id', '=', dealId).executeTakeFirst();
  return toDealView(found(row, 'deal', dealId));
}

/**
 * The deal as `GET /deals/:id` shows it: names of its stage and customer and its stage history. Callers have
 * checked access already; the deal may have just been handed to someone the actor cannot see rows of.
 */
export async function dealDetail(q: Db, dealId: number): Promise<DealDetail> {
  const deal = await dealView(q, dealId);
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
    ...deal,
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

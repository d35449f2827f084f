import type { SelectQueryBuilder, Updateable } from 'kysely';
import { z } from 'zod';
import type { Activity } from '../contracts/activities.ts';
import { activityInput, activityPatch, activityType } from '../contracts/record-inputs.ts';
import type { Db } from '../db/index.ts';
import type { ActivitiesTable, ActivityRow, Database } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { isoNow } from '../domain/time.ts';
import type { CrmDeps } from './deps.ts';
import { createdRange, id, isoDate, isoDateTime, queryFlag, toStoredInstant } from './fields.ts';
import { applyFilters, assigneeFilter, recordFilters } from './filters.ts';
import { listQuery, pageOf, paginate, searchKey, sortable } from './list.ts';
import {
  assigneeChange,
  found,
  insertRecord,
  loadRecord,
  patchColumns,
  type RecordKind,
  removeRecord,
  updateRecord,
} from './records.ts';
import { readScope, requireGrant, requireStaff, requireVisible, resolveUserRef } from './scope.ts';
import { searchMatch } from './search-match.ts';

export type { Activity } from '../contracts/activities.ts';
/** The input schemas are shared with the web app's forms. */
export { activityInput, activityPatch };

/** The sort key of an activity without a due date: after every dated one. Migration 0003 uses the same. */
const NO_DUE_DATE = '9999-12-31T23:59:59.999Z';

/** A date means its first instant (UTC); a date-time is taken as given. */
const instant = z
  .union([isoDateTime, isoDate])
  .transform((v) => (v.length === 10 ? `${v}T00:00:00.000Z` : toStoredInstant(v)));

const SORT = { ...sortable(['created_at', 'updated_at']), dueAt: 'due_key' };
export const activityListQuery = listQuery(SORT, {
  type: activityType.optional(),
  customerId: id.optional(),
  leadId: id.optional(),
  dealId: id.optional(),
  assignedTo: assigneeFilter.optional(),
  done: queryFlag.optional(),
  /** true: open and past due now; false: everything else. */
  overdue: queryFlag.optional(),
  dueBefore: instant.optional(),
  dueAfter: instant.optional(),
  ...createdRange,
});

export type ActivityInput = z.input<typeof activityInput>;

/** An activity's own columns, as the audit log keeps it: the names of what it is about are joined. */
export type ActivityColumns = Omit<Activity, 'customerName' | 'leadName' | 'dealTitle'>;

export function toActivity(r: ActivityRow): ActivityColumns {
  return {
    id: r.id,
    type: r.type as Activity['type'],
    subject: r.subject,
    body: r.body,
    customerId: r.customer_id,
    leadId: r.lead_id,
    dealId: r.deal_id,
    assignedTo: r.assigned_to,
    dueAt: r.due_at,
    doneAt: r.done_at,
    done: r.done_at !== null,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

type NamedActivityRow = ActivityRow & {
  customer_name: string | null;
  lead_name: string | null;
  deal_title: string | null;
};

function toActivityView(r: NamedActivityRow): Activity {
  return { ...toActivity(r), customerName: r.customer_name, leadName: r.lead_name, dealTitle: r.deal_title };
}

/** Activities with the names of what they are about. Columns are qualified because the joined tables share names. */
function withNames(activities: SelectQueryBuilder<Database, 'activities', object>) {
  return activities
    .leftJoin('customers', 'customers.id', 'activities.customer_id')
    .leftJoin('leads', 'leads.id', 'activities.lead_id')
    .leftJoin('deals', 'deals.id', 'activities.deal_id')
    .selectAll('activities')
    .select(['customers.name as customer_name', 'leads.name as lead_name', 'deals.title as deal_title']);
}

/** The activities `actor` may read; the scope goes in before the joins because it is written for activities alone. */
function readableActivities(q: Db, actor: Actor) {
  return withNames(q.selectFrom('activities').where(readScope(actor, 'activities', 'activities')));
}

function dueColumns(dueAt: string | null) {
  const stored = dueAt === null ? null : toStoredInstant(dueAt);
  return { due_at: stored, due_key: stored ?? NO_DUE_DATE };
}

/** Activities for the shared write paths. */
export const ACTIVITY: RecordKind<'activities', ActivityColumns> = {
  table: 'activities',
  area: 'activities',
  entity: 'activity',
  audit: toActivity,
};

const FILTERS = recordFilters(
  'activities',
  { type: 'type', customerId: 'customer_id', leadId: 'lead_id', dealId: 'deal_id' },
  {
    done: ['activities.done_at', 'isNull', (done: boolean) => !done],
    dueBefore: ['activities.due_at', '<'],
    dueAfter: ['activities.due_at', '>='],
  },
);

export function activitiesService(deps: CrmDeps) {
  const { db, clock } = deps;

  /** Callers have checked access; the activity may just have been handed to someone else. */
  async function detail(q: Db, activityId: number): Promise<Activity> {
    const row = found(
      await withNames(q.selectFrom('activities')).where('activities.id', '=', activityId).executeTakeFirst(),
      'activity',
      activityId,
    );
    return toActivityView(row);
  }

  /** What an activity is about must be something the actor can see, or ids of hidden records would leak. */
  async function checkLinks(
    q: Db,
    actor: Actor,
    input: { customerId?: number | null; leadId?: number | null; dealId?: number | null },
  ) {
    if (input.customerId != null)
      await requireVisible(q, actor, 'customers', 'customers', input.customerId, 'customer');
    if (input.leadId != null) await requireVisible(q, actor, 'leads', 'leads', input.leadId, 'lead');
    if (input.dealId != null) await requireVisible(q, actor, 'deals', 'deals', input.dealId, 'deal');
  }

  return {
    async list(actor: Actor, raw: unknown) {
      const p = activityListQuery.parse(raw);
      let q = applyFilters(readableActivities(db, actor), p, FILTERS, actor);
      if (p.overdue !== undefined) {
        const now = isoNow(clock);
        q = p.overdue
          ? q.where('activities.done_at', 'is', null).where('activities.due_at', '<', now)
          : q.where((eb) =>
              eb.or([
                eb('activities.done_at', 'is not', null),
                eb('activities.due_at', 'is', null),
                eb('activities.due_at', '>=', now),
              ]),
            );
      }
      if (p.q) q = q.where(await searchMatch(db, 'activities', p.q));
      return pageOf(await paginate(q, p, SORT, 'activities'), toActivityView);
    },

    async get(actor: Actor, activityId: number) {
      return detail(db, (await loadRecord(db, actor, ACTIVITY, activityId)).id);
    },

    /** Staff only; the activity is the creator's to follow up unless they hand it to someone. */
    async create(actor: Actor, raw: unknown) {
      requireGrant(actor, 'activities', 'create');
      const input = activityInput.parse(raw);
      const assignee = resolveUserRef(actor, input.assignedTo) ?? actor.userId;
      await requireStaff(db, actor, assignee);
      await checkLinks(db, actor, input);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const row = await insertRecord(trx, actor, now, ACTIVITY, {
          type: input.type,
          subject: input.subject,
          subject_key: searchKey(input.subject),
          body: input.body ?? null,
          customer_id: input.customerId ?? null,
          lead_id: input.leadId ?? null,
          deal_id: input.dealId ?? null,
          assigned_to: assignee,
          ...dueColumns(input.dueAt ?? null),
          done_at: input.done ? now : null,
        });
        return detail(trx, row.id);
      });
    },

    async update(actor: Actor, activityId: number, raw: unknown) {
      const input = activityPatch.parse(raw);
      return updateRecord(deps, actor, ACTIVITY, activityId, {
        async changes(trx, before, now) {
          await checkLinks(trx, actor, input);
          const changes: Updateable<ActivitiesTable> = {
            ...patchColumns(input, {
              type: 'type',
              subject: 'subject',
              body: 'body',
              customerId: 'customer_id',
              leadId: 'lead_id',
              dealId: 'deal_id',
            }),
            ...(input.subject !== undefined && { subject_key: searchKey(input.subject) }),
            ...(input.dueAt !== undefined && dueColumns(input.dueAt)),
            ...(input.done !== undefined && { done_at: input.done ? (before.done_at ?? now) : null }),
          };
          return { ...changes, ...(await assigneeChange(trx, actor, input.assignedTo)) };
        },
        result: (trx, row) => detail(trx, row.id),
      });
    },

    async remove(actor: Actor, activityId: number) {
      await removeRecord(deps, actor, ACTIVITY, activityId);
    },
  };
}

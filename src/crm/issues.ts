import type { Updateable } from 'kysely';
import type { z } from 'zod';
import type { IssueDetail } from '../contracts/issues.ts';
import {
  issueCategory as category,
  issueInput,
  issuePatch,
  priority,
  issueStatus as status,
} from '../contracts/record-inputs.ts';
import type { Db } from '../db/index.ts';
import type { IssueRow, IssuesTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { forbidden, invalid, notFound } from '../domain/errors.ts';
import { canonicalNumber } from '../domain/numbering.ts';
import { isoNow } from '../domain/time.ts';
import type { CrmDeps } from './deps.ts';
import { createdRange, id } from './fields.ts';
import { applyFilters, assigneeFilter, recordFilters } from './filters.ts';
import { addIssueComment, listIssueComments, recentComments } from './issue-comments.ts';
import { ISSUE, PRIORITY_RANK, readableIssues, toIssueView, withCustomerName } from './issue-records.ts';
import { listQuery, pageOf, paginate, searchKey, sortable } from './list.ts';
import {
  assigneeChange,
  found,
  idByNumber,
  insertRecord,
  loadRecord,
  patchColumns,
  removeRecord,
  updateRecord,
} from './records.ts';
import { assigneeForNew, requireGrant, requireVisible, roleIn } from './scope.ts';
import { searchMatch } from './search-match.ts';
import { nextNumber } from './sequences.ts';

export type { Issue, IssueComment, IssueDetail } from '../contracts/issues.ts';
export { issueCommentInput, issueCommentListQuery, toComment } from './issue-comments.ts';
export { type IssueColumns, toIssue } from './issue-records.ts';
/** The input schemas are shared with the web app's forms. */
export { issueInput, issuePatch };

const SORT = { ...sortable(['created_at', 'updated_at']), priority: 'priority_rank', title: 'title_key' };
export const issueListQuery = listQuery(SORT, {
  status: status.optional(),
  priority: priority.optional(),
  category: category.optional(),
  customerId: id.optional(),
  assignedTo: assigneeFilter.optional(),
  ...createdRange,
});

export type IssueInput = z.input<typeof issueInput>;
type IssuePatch = z.output<typeof issuePatch>;

function columnsOf(input: IssuePatch) {
  return {
    ...(input.title !== undefined && { title: input.title, title_key: searchKey(input.title) }),
    ...patchColumns(input, { description: 'description', category: 'category', customerId: 'customer_id' }),
    ...(input.priority !== undefined && {
      priority: input.priority,
      priority_rank: PRIORITY_RANK[input.priority],
    }),
  };
}

/**
 * Status, resolution and their timestamps move together. Resolving needs a resolution (given now or kept
 * from before); closing keeps whatever resolution there is; reopening clears the resolution and both
 * timestamps, since they described an outcome that no longer holds (the audit log keeps the old values).
 */
function lifecycleOf(before: IssueRow, input: IssuePatch, now: string) {
  if (input.status === undefined && input.resolution === undefined) return {};
  const target = input.status ?? before.status;
  const resolution = input.resolution !== undefined ? input.resolution : before.resolution;
  if (target === 'open' || target === 'in_progress') {
    if (input.resolution != null)
      throw invalid(`A resolution goes with status "resolved" or "closed"; the issue would be "${target}"`);
    return { status: target, resolution: null, resolved_at: null, closed_at: null };
  }
  if (target === 'resolved') {
    if (resolution == null) throw invalid('Say how the issue was resolved: resolving needs a resolution');
    return { status: target, resolution, resolved_at: before.resolved_at ?? now, closed_at: null };
  }
  return { status: target, resolution, resolved_at: before.resolved_at, closed_at: before.closed_at ?? now };
}

/**
 * The issue as `GET /issues/:id` shows it, with the latest comments the actor may read. Callers have
 * checked access already.
 */
export async function issueDetail(q: Db, actor: Actor, issueId: number): Promise<IssueDetail> {
  const row = found(
    await withCustomerName(q.selectFrom('issues')).where('issues.id', '=', issueId).executeTakeFirst(),
    'issue',
    issueId,
  );
  return { ...toIssueView(row), ...(await recentComments(q, actor, issueId)) };
}

const FILTERS = recordFilters('issues', {
  status: 'status',
  priority: 'priority',
  category: 'category',
  customerId: 'customer_id',
});

export function issuesService(deps: CrmDeps) {
  const { db, clock } = deps;

  /**
   * A customer raises issues only for their own customer record: the one they name (which must be theirs)
   * or, when they name none, their only one. The record's account manager takes the issue.
   */
  async function customerPlacement(actor: Actor, input: z.output<typeof issueInput>) {
    if (input.assignedTo != null)
      throw forbidden('Customers cannot assign issues; the team assigns them after reading the issue');
    const own = await db
      .selectFrom('customers')
      .select(['id', 'assigned_to'])
      .where('organization_id', '=', actor.organizationId)
      .where('portal_user_id', '=', actor.userId)
      .orderBy('id')
      .execute();
    let record = own[0];
    if (input.customerId != null) {
      record = own.find((c) => c.id === input.customerId);
      if (!record) throw notFound('customer', input.customerId);
    } else if (own.length > 1) {
      throw invalid('You have several customer records; say which one the issue is about with customerId', {
        customerIds: own.map((c) => c.id),
      });
    }
    const manager = record?.assigned_to ?? null;
    return { customerId: record?.id ?? null, assignee: (await isStaff(actor, manager)) ? manager : null };
  }

  async function isStaff(actor: Actor, userId: number | null): Promise<boolean> {
    if (userId === null) return false;
    const role = await roleIn(db, actor, userId);
    return role !== undefined && role !== 'customer';
  }

  /** Staff raise issues for any customer they can see; an employee's issue is theirs unless they say otherwise. */
  async function staffPlacement(actor: Actor, input: z.output<typeof issueInput>) {
    const customerId = input.customerId ?? null;
    if (customerId !== null)
      await requireVisible(db, actor, 'customers', 'customers', customerId, 'customer');
    const assignee = await assigneeForNew(db, actor, input.assignedTo);
    return { customerId, assignee };
  }

  const service = {
    async list(actor: Actor, raw: unknown) {
      const p = issueListQuery.parse(raw);
      let q = applyFilters(readableIssues(db, actor), p, FILTERS, actor);
      if (p.q) q = q.where(await searchMatch(db, 'issues', p.q));
      return pageOf(await paginate(q, p, SORT, 'issues'), toIssueView);
    },

    async get(actor: Actor, issueId: number) {
      return issueDetail(db, actor, (await loadRecord(db, actor, ISSUE, issueId)).id);
    },

    /** An issue by its number, as people quote it: "ISS-2026-0003" (any case, zero padding optional). */
    async getByNumber(actor: Actor, text: string) {
      const number = canonicalNumber('issue', text);
      if (!number) throw invalid(`"${text}" is not an issue number such as ISS-2026-0003`);
      return issueDetail(db, actor, await idByNumber(db, actor, ISSUE, number));
    },

    async create(actor: Actor, raw: unknown) {
      requireGrant(actor, 'issues', 'create');
      const input = issueInput.parse(raw);
      const { customerId, assignee } =
        actor.role === 'customer'
          ? await customerPlacement(actor, input)
          : await staffPlacement(actor, input);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        // Allocated inside the transaction: a create that fails leaves no number behind on PostgreSQL.
        const number = await nextNumber(trx, actor.organizationId, 'issue', now);
        const row = await insertRecord(trx, actor, now, ISSUE, {
          number,
          title: input.title,
          title_key: searchKey(input.title),
          description: input.description ?? null,
          priority: input.priority,
          priority_rank: PRIORITY_RANK[input.priority],
          category: input.category,
          status: 'open',
          customer_id: customerId,
          raised_by: actor.userId,
          assigned_to: assignee,
          resolution: null,
          resolved_at: null,
          closed_at: null,
        });
        return issueDetail(trx, actor, row.id);
      });
    },

    async update(actor: Actor, issueId: number, raw: unknown) {
      const input = issuePatch.parse(raw);
      return updateRecord(deps, actor, ISSUE, issueId, {
        async changes(trx, before, now) {
          if (input.customerId != null)
            await requireVisible(trx, actor, 'customers', 'customers', input.customerId, 'customer');
          const changes: Updateable<IssuesTable> = {
            ...columnsOf(input),
            ...lifecycleOf(before, input, now),
          };
          return { ...changes, ...(await assigneeChange(trx, actor, input.assignedTo)) };
        },
        result: (trx, row) => issueDetail(trx, actor, row.id),
      });
    },

    async remove(actor: Actor, issueId: number) {
      await removeRecord(deps, actor, ISSUE, issueId);
    },

    listComments: (actor: Actor, issueId: number, raw: unknown = {}) =>
      listIssueComments(deps, actor, issueId, raw),

    addComment: (actor: Actor, issueId: number, raw: unknown) => addIssueComment(deps, actor, issueId, raw),
  };
  return service;
}

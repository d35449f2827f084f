import type { SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import type { Database, IssueCommentRow, IssueRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { forbidden, invalid, notFound } from '../domain/errors.ts';
import { canonicalNumber } from '../domain/numbering.ts';
import { isoNow } from '../domain/time.ts';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, PRIORITIES, type Priority } from '../domain/vocabulary.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { createdRange, dayAfter, id, optionalText, text, userRef } from './fields.ts';
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
import { nextNumber } from './sequences.ts';

const priority = z.enum(PRIORITIES);
const category = z.enum(ISSUE_CATEGORIES);
const status = z.enum(ISSUE_STATUSES);
/** How many comments `get` carries; older ones are read page by page from the comments list. */
const RECENT_COMMENTS = 50;

const PRIORITY_RANK: Record<Priority, number> = { low: 1, medium: 2, high: 3, urgent: 4 };

/** Status and resolution are not set at creation: every issue starts open and is resolved by the team. */
export const issueInput = z
  .object({
    title: text(200),
    description: optionalText(10_000),
    priority: priority.default('medium'),
    category: category.default('general'),
    customerId: id.nullish(),
    assignedTo: userRef.nullish(),
  })
  .strict();

export const issuePatch = z
  .object({
    title: text(200),
    description: optionalText(10_000),
    priority,
    category,
    status,
    customerId: id.nullable(),
    assignedTo: userRef.nullable(),
    resolution: optionalText(10_000),
  })
  .partial()
  .strict();

export const issueCommentInput = z
  .object({
    body: text(10_000),
    internal: z.boolean().default(false),
  })
  .strict();

/** "none" finds what nobody is responsible for yet, the triage queue. */
const assigneeFilter = z.union([z.literal('none'), userRef]);

const SORT = { ...sortable(['created_at', 'updated_at']), priority: 'priority_rank', title: 'title_key' };
export const issueListQuery = listQuery(SORT, {
  status: status.optional(),
  priority: priority.optional(),
  category: category.optional(),
  customerId: id.optional(),
  assignedTo: assigneeFilter.optional(),
  ...createdRange,
});

const COMMENT_SORT = sortable(['created_at']);
/** A conversation reads oldest first. */
export const issueCommentListQuery = listQuery(COMMENT_SORT, {})
  .omit({ q: true })
  .extend({ sort: z.enum(['createdAt', '-createdAt']).default('createdAt') });

export type IssueInput = z.input<typeof issueInput>;
type IssuePatch = z.output<typeof issuePatch>;

export function toIssue(r: IssueRow) {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    priority: r.priority,
    category: r.category,
    status: r.status,
    customerId: r.customer_id,
    raisedBy: r.raised_by,
    assignedTo: r.assigned_to,
    resolution: r.resolution,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Issue = ReturnType<typeof toIssue>;

type NamedIssueRow = IssueRow & { customer_name: string | null };

function toIssueView(r: NamedIssueRow) {
  return { ...toIssue(r), customerName: r.customer_name };
}

type NamedCommentRow = IssueCommentRow & { author_name: string | null };

export function toComment(r: NamedCommentRow) {
  return {
    id: r.id,
    issueId: r.issue_id,
    authorId: r.author_id,
    authorName: r.author_name,
    body: r.body,
    internal: r.internal === 1,
    createdAt: r.created_at,
  };
}
export type IssueComment = ReturnType<typeof toComment>;

function withCustomerName(issues: SelectQueryBuilder<Database, 'issues', object>) {
  return issues
    .leftJoin('customers', 'customers.id', 'issues.customer_id')
    .selectAll('issues')
    .select('customers.name as customer_name');
}

/** The issues `actor` may read; the scope goes in before the join because it is written for issues alone. */
function readableIssues(q: Db, actor: Actor) {
  return withCustomerName(q.selectFrom('issues').where(readScope(actor, 'issues', 'issues')));
}

/** Comments of one issue as `actor` may read them: a customer never sees the staff's internal notes. */
function visibleComments(q: Db, actor: Actor, issueId: number) {
  return q
    .selectFrom('issue_comments')
    .leftJoin('users', 'users.id', 'issue_comments.author_id')
    .selectAll('issue_comments')
    .select('users.name as author_name')
    .where('issue_comments.issue_id', '=', issueId)
    .$if(actor.role === 'customer', (qb) => qb.where('issue_comments.internal', '=', 0));
}

function columnsOf(input: IssuePatch) {
  return {
    ...(input.title !== undefined && { title: input.title, title_key: searchKey(input.title) }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.priority !== undefined && {
      priority: input.priority,
      priority_rank: PRIORITY_RANK[input.priority],
    }),
    ...(input.category !== undefined && { category: input.category }),
    ...(input.customerId !== undefined && { customer_id: input.customerId }),
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

export function issuesService(deps: CrmDeps) {
  const { db, clock } = deps;

  async function load(actor: Actor, issueId: number): Promise<IssueRow> {
    const row = await db
      .selectFrom('issues')
      .selectAll()
      .where('issues.id', '=', issueId)
      .where(readScope(actor, 'issues', 'issues'))
      .executeTakeFirst();
    if (!row) throw notFound('issue', issueId);
    return row;
  }

  /**
   * The issue as `GET /issues/:id` shows it, with the latest comments the actor may read. Callers have
   * checked access already.
   */
  async function detail(q: Db, actor: Actor, issueId: number) {
    const row = await withCustomerName(q.selectFrom('issues'))
      .where('issues.id', '=', issueId)
      .executeTakeFirstOrThrow();
    const recent = await visibleComments(q, actor, issueId)
      .orderBy('issue_comments.created_at', 'desc')
      .orderBy('issue_comments.id', 'desc')
      .limit(RECENT_COMMENTS)
      .execute();
    const counted = await visibleComments(q, actor, issueId)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      ...toIssueView(row),
      commentCount: Number(counted.n),
      comments: recent.reverse().map(toComment),
    };
  }

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
    const m = await db
      .selectFrom('memberships')
      .select('role')
      .where('organization_id', '=', actor.organizationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return m !== undefined && m.role !== 'customer';
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
      let q = readableIssues(db, actor);
      if (p.status) q = q.where('issues.status', '=', p.status);
      if (p.priority) q = q.where('issues.priority', '=', p.priority);
      if (p.category) q = q.where('issues.category', '=', p.category);
      if (p.customerId !== undefined) q = q.where('issues.customer_id', '=', p.customerId);
      if (p.assignedTo === 'none') q = q.where('issues.assigned_to', 'is', null);
      else if (p.assignedTo !== undefined)
        q = q.where('issues.assigned_to', '=', resolveUserRef(actor, p.assignedTo)!);
      if (p.createdFrom) q = q.where('issues.created_at', '>=', p.createdFrom);
      if (p.createdTo) q = q.where('issues.created_at', '<', dayAfter(p.createdTo));
      if (p.q) {
        const number = canonicalNumber('issue', p.q);
        q = number
          ? q.where('issues.number', '=', number)
          : q.where(prefixMatch(db, 'issues.title_key', p.q));
      }
      const page = await paginate(q, p, SORT, 'issues');
      return { items: page.items.map(toIssueView), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, issueId: number) {
      return detail(db, actor, (await load(actor, issueId)).id);
    },

    /** An issue by its number, as people quote it: "ISS-2026-0003" (any case, zero padding optional). */
    async getByNumber(actor: Actor, text: string) {
      const number = canonicalNumber('issue', text);
      if (!number) throw invalid(`"${text}" is not an issue number such as ISS-2026-0003`);
      const row = await db
        .selectFrom('issues')
        .select('issues.id')
        .where('issues.number', '=', number)
        .where(readScope(actor, 'issues', 'issues'))
        .executeTakeFirst();
      if (!row) throw notFound('issue', number);
      return detail(db, actor, row.id);
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
        const row = await trx
          .insertInto('issues')
          .values({
            organization_id: actor.organizationId,
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
            created_by: actor.userId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, now, {
          action: 'create',
          entity: 'issue',
          entityId: row.id,
          after: toIssue(row),
        });
        return detail(trx, actor, row.id);
      });
    },

    async update(actor: Actor, issueId: number, raw: unknown) {
      const input = issuePatch.parse(raw);
      const before = await load(actor, issueId);
      requireRowGrant(actor, 'issues', 'update', before);
      if (input.customerId != null)
        await requireVisible(db, actor, 'customers', 'customers', input.customerId, 'customer');
      const now = isoNow(clock);
      const changes: Record<string, unknown> = { ...columnsOf(input), ...lifecycleOf(before, input, now) };
      if (input.assignedTo !== undefined) {
        const assignee = resolveUserRef(actor, input.assignedTo) ?? null;
        if (assignee != null) await requireStaff(db, actor, assignee);
        changes.assigned_to = assignee;
      }
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('issues')
          .set({ ...changes, updated_at: now })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, now, {
          action: 'update',
          entity: 'issue',
          entityId: row.id,
          before: toIssue(before),
          after: toIssue(row),
        });
        return detail(trx, actor, row.id);
      });
    },

    async remove(actor: Actor, issueId: number) {
      const before = await load(actor, issueId);
      requireRowGrant(actor, 'issues', 'delete', before);
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('issues').where('id', '=', before.id).execute();
        await recordAudit(trx, actor, now, {
          action: 'delete',
          entity: 'issue',
          entityId: before.id,
          before: toIssue(before),
        });
      });
    },

    async listComments(actor: Actor, issueId: number, raw: unknown = {}) {
      const p = issueCommentListQuery.parse(raw);
      const issue = await load(actor, issueId);
      const page = await paginate(visibleComments(db, actor, issue.id), p, COMMENT_SORT, 'issue_comments');
      return { items: page.items.map(toComment), nextCursor: page.nextCursor };
    },

    /** A comment also counts as activity on the issue, so it moves the issue up in "recently updated". */
    async addComment(actor: Actor, issueId: number, raw: unknown) {
      requireGrant(actor, 'issues', 'comment', 'on issues');
      const input = issueCommentInput.parse(raw);
      const issue = await load(actor, issueId);
      if (input.internal && actor.role === 'customer')
        throw forbidden('Customers cannot write internal comments; internal notes are for the team');
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('issue_comments')
          .values({
            organization_id: actor.organizationId,
            issue_id: issue.id,
            author_id: actor.userId,
            body: input.body,
            internal: input.internal ? 1 : 0,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.updateTable('issues').set({ updated_at: now }).where('id', '=', issue.id).execute();
        const comment = toComment(
          await visibleComments(trx, actor, issue.id)
            .where('issue_comments.id', '=', row.id)
            .executeTakeFirstOrThrow(),
        );
        await recordAudit(trx, actor, now, {
          action: 'comment',
          entity: 'issue',
          entityId: issue.id,
          after: comment,
        });
        return comment;
      });
    },
  };
  return service;
}

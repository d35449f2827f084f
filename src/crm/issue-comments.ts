import { z } from 'zod';
import type { IssueComment } from '../contracts/issues.ts';
import type { Db } from '../db/index.ts';
import type { IssueCommentRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { forbidden } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { text } from './fields.ts';
import { ISSUE } from './issue-records.ts';
import { listQuery, pageOf, paginate, sortable } from './list.ts';
import { loadRecord, lockRecord } from './records.ts';
import { requireGrant } from './scope.ts';

/** How many comments an issue's detail carries; older ones are read page by page from the comments list. */
const RECENT_COMMENTS = 50;

export const issueCommentInput = z
  .object({
    body: text(10_000),
    internal: z.boolean().default(false),
  })
  .strict();

const COMMENT_SORT = sortable(['created_at']);
/** A conversation reads oldest first. */
export const issueCommentListQuery = listQuery(COMMENT_SORT, {})
  .omit({ q: true })
  .extend({ sort: z.enum(['createdAt', '-createdAt']).default('createdAt') });

type NamedCommentRow = IssueCommentRow & { author_name: string | null };

export function toComment(r: NamedCommentRow): IssueComment {
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

/** Comments of one issue as `actor` may read them: a customer never sees the staff's internal notes. */
export function visibleComments(q: Db, actor: Actor, issueId: number) {
  return q
    .selectFrom('issue_comments')
    .leftJoin('users', 'users.id', 'issue_comments.author_id')
    .selectAll('issue_comments')
    .select('users.name as author_name')
    .where('issue_comments.issue_id', '=', issueId)
    .$if(actor.role === 'customer', (qb) => qb.where('issue_comments.internal', '=', 0));
}

/** The latest comments `actor` may read and how many there are in all, for an issue's detail. */
export async function recentComments(q: Db, actor: Actor, issueId: number) {
  const recent = await visibleComments(q, actor, issueId)
    .orderBy('issue_comments.created_at', 'desc')
    .orderBy('issue_comments.id', 'desc')
    .limit(RECENT_COMMENTS)
    .execute();
  const counted = await visibleComments(q, actor, issueId)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return { commentCount: Number(counted.n), comments: recent.reverse().map(toComment) };
}

/** Comments on an issue, page by page, as `actor` may read them. */
export async function listIssueComments({ db }: CrmDeps, actor: Actor, issueId: number, raw: unknown = {}) {
  const p = issueCommentListQuery.parse(raw);
  const issue = await loadRecord(db, actor, ISSUE, issueId);
  return pageOf(
    await paginate(visibleComments(db, actor, issue.id), p, COMMENT_SORT, 'issue_comments'),
    toComment,
  );
}

/** A comment also counts as activity on the issue, so it moves the issue up in "recently updated". */
export async function addIssueComment({ db, clock }: CrmDeps, actor: Actor, issueId: number, raw: unknown) {
  requireGrant(actor, 'issues', 'comment', 'on issues');
  const input = issueCommentInput.parse(raw);
  const now = isoNow(clock);
  return db.transaction().execute(async (trx) => {
    const issue = await lockRecord(trx, actor, ISSUE, issueId);
    if (input.internal && actor.role === 'customer')
      throw forbidden('Customers cannot write internal comments; internal notes are for the team');
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
}

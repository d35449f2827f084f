import type { SelectQueryBuilder } from 'kysely';
import type { Issue } from '../contracts/issues.ts';
import type { Db } from '../db/index.ts';
import type { Database, IssueRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import type { Priority } from '../domain/vocabulary.ts';
import type { RecordKind } from './records.ts';
import { readScope } from './scope.ts';

/** Priorities as numbers, so lists sort by urgency. */
export const PRIORITY_RANK: Record<Priority, number> = { low: 1, medium: 2, high: 3, urgent: 4 };

/** An issue's own columns, as the audit log keeps it: the customer's name is joined from customers. */
export type IssueColumns = Omit<Issue, 'customerName'>;

export function toIssue(r: IssueRow): IssueColumns {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    priority: r.priority as Issue['priority'],
    category: r.category as Issue['category'],
    status: r.status as Issue['status'],
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

type NamedIssueRow = IssueRow & { customer_name: string | null };

export function toIssueView(r: NamedIssueRow): Issue {
  return { ...toIssue(r), customerName: r.customer_name };
}

/** Issues for the shared write paths. */
export const ISSUE: RecordKind<'issues', IssueColumns> = {
  table: 'issues',
  area: 'issues',
  entity: 'issue',
  audit: toIssue,
};

export function withCustomerName(issues: SelectQueryBuilder<Database, 'issues', object>) {
  return issues
    .leftJoin('customers', 'customers.id', 'issues.customer_id')
    .selectAll('issues')
    .select('customers.name as customer_name');
}

/** The issues `actor` may read; the scope goes in before the join because it is written for issues alone. */
export function readableIssues(q: Db, actor: Actor) {
  return withCustomerName(q.selectFrom('issues').where(readScope(actor, 'issues', 'issues')));
}

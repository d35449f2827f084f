import { z } from 'zod';
import { ISSUE_CATEGORIES, ISSUE_STATUSES } from '../domain/vocabulary.ts';
import { defineListTool } from './list-tool.ts';
import { defineGetTool, defineUpdateTool } from './record-tools.ts';
import * as resolve from './resolve.ts';
import { id, records, text, timestamp } from './results.ts';
import { defineTool } from './tool.ts';
import { notes, period, person, prefix, priority, recordRef } from './values.ts';

const category = z.enum(ISSUE_CATEGORIES);
const comment = z.looseObject({ id, issueId: id, body: text, createdAt: timestamp });

export const issueTools = [
  defineListTool({
    name: 'list_issues',
    description:
      'List support issues (tickets), newest first. Filter by status (open, in_progress, resolved, closed), ' +
      'priority, category, assignee ("me"), customer, when raised, or a title prefix or issue number.',
    requires: { area: 'issues', action: 'read' },
    filters: {
      status: z.enum(ISSUE_STATUSES).optional(),
      priority: priority.optional(),
      category: category.optional(),
      assignedTo: person.optional(),
      customer: recordRef('customer').optional(),
      createdIn: period.optional(),
      query: prefix,
    },
    item: records.issue,
    passed: ['status', 'priority', 'category'],
    list: (ctx, _input, filters) => ctx.crm.issues.list(ctx.actor, filters),
  }),

  defineGetTool({
    name: 'get_issue',
    description: 'One issue with its comments, by id, "#id", number (ISS-2026-0003) or title.',
    requires: { area: 'issues', action: 'read' },
    record: 'issue',
    output: records.issue.extend({ comments: z.array(comment).optional() }),
    find: resolve.issue,
  }),

  defineTool({
    name: 'create_issue',
    kind: 'write',
    description:
      'Raise a support issue. A customer raises it for themselves; staff name the customer it concerns. ' +
      'Write a short title from what the person said and keep their words in the description.',
    requires: { area: 'issues', action: 'create' },
    input: z
      .object({
        title: z.string().trim().min(1).max(200),
        description: notes.optional(),
        priority: priority.optional(),
        category: category.optional(),
        customer: recordRef('customer').optional(),
      })
      .strict(),
    output: records.issue,
    async describe(ctx, input) {
      const customer = input.customer === undefined ? undefined : await resolve.customer(ctx, input.customer);
      const parts = [
        input.priority && `${input.priority} priority`,
        input.category && `category ${input.category}`,
        customer && `for ${customer.name}`,
      ].filter(Boolean);
      return `Raise issue "${input.title}"${parts.length ? ` (${parts.join(', ')})` : ''}`;
    },
    async execute(ctx, input) {
      const { customer, ...rest } = input;
      return ctx.crm.issues.create(ctx.actor, { ...rest, ...(await resolve.customerLink(ctx, customer)) });
    },
  }),

  defineUpdateTool({
    name: 'update_issue',
    description:
      "Change an issue's status, priority, category, assignee or resolution. Resolving needs a resolution: " +
      'what was done.',
    requires: { area: 'issues', action: 'update' },
    record: 'issue',
    fields: {
      status: z.enum(ISSUE_STATUSES).optional(),
      priority: priority.optional(),
      category: category.optional(),
      assignedTo: person.optional(),
      resolution: notes.optional(),
    },
    output: records.issue,
    find: resolve.issue,
    label: (found) => `issue ${found.number} ${found.title}`,
    update: (ctx, found, changes) => ctx.crm.issues.update(ctx.actor, found.id, changes),
  }),

  defineTool({
    name: 'comment_on_issue',
    kind: 'write',
    description: 'Add a comment to an issue, visible to the customer who raised it.',
    requires: { area: 'issues', action: 'comment' },
    input: z.object({ issue: recordRef('issue'), comment: z.string().trim().min(1).max(10_000) }).strict(),
    output: comment,
    async describe(ctx, input) {
      const found = await resolve.issue(ctx, input.issue);
      return `Comment on issue ${found.number} ${found.title}: "${input.comment}"`;
    },
    async execute(ctx, input) {
      const found = await resolve.issue(ctx, input.issue);
      return ctx.crm.issues.addComment(ctx.actor, found.id, { body: input.comment });
    },
  }),
];

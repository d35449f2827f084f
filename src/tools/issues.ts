import { z } from 'zod';
import { ISSUE_CATEGORIES, ISSUE_STATUSES } from '../domain/vocabulary.ts';
import { defineListTool } from './list-tool.ts';
import { defineGetTool, defineUpdateTool } from './record-tools.ts';
import * as resolve from './resolve.ts';
import { id, ref, text, timestamp } from './results.ts';
import { defineTool } from './tool.ts';
import { notes, period, person, prefix, priority, recordRef, title } from './values.ts';

const category = z.enum(ISSUE_CATEGORIES);

export const issueTools = [
  defineListTool({
    name: 'list_issues',
    description: 'List support issues (tickets), newest first.',
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
    item: z.looseObject({
      id,
      number: text,
      title: text,
      priority: text,
      category: text,
      status: text,
      customerId: ref,
      customerName: z.string().nullable(),
      assignedTo: ref,
      createdAt: timestamp,
    }),
    names: 'number',
    passed: ['status', 'priority', 'category'],
    list: (ctx, _input, filters) => ctx.crm.issues.list(ctx.actor, filters),
  }),

  defineGetTool({
    name: 'get_issue',
    description: 'One support issue with its comments.',
    requires: { area: 'issues', action: 'read' },
    record: 'issue',
    find: resolve.issue,
  }),

  defineTool({
    name: 'create_issue',
    kind: 'write',
    description:
      "Raise a support issue: a short title, the person's own words as its description, and (staff only) " +
      'the customer.',
    requires: { area: 'issues', action: 'create' },
    input: z
      .object({
        title,
        description: notes.optional(),
        priority: priority.optional(),
        category: category.optional(),
        customer: recordRef('customer').optional(),
      })
      .strict(),
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
    description: "Change an issue's status, priority, category or assignee; resolving it needs a resolution.",
    requires: { area: 'issues', action: 'update' },
    record: 'issue',
    fields: {
      status: z.enum(ISSUE_STATUSES).optional(),
      priority: priority.optional(),
      category: category.optional(),
      assignedTo: person.optional(),
      resolution: notes.optional(),
    },
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

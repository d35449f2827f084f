import * as resolve from './resolve.ts';
import { changeList, listed } from './shape.ts';
import { defineTool } from './types.ts';

interface IssueSummary {
  id: number;
  number: string;
  title: string;
  priority: string;
  category: string;
  status: string;
  customerId: number | null;
  assignedTo: number | null;
  createdAt: string;
}

const compact = (i: IssueSummary) => ({
  id: i.id,
  number: i.number,
  title: i.title,
  priority: i.priority,
  category: i.category,
  status: i.status,
  customerId: i.customerId,
  assignedTo: i.assignedTo,
  createdAt: i.createdAt,
});

export const issueTools = [
  defineTool({
    name: 'list_issues',
    kind: 'read',
    description:
      'List support issues (tickets), newest first. Filter by status (open, in_progress, resolved, closed), ' +
      'priority, category, assignee ("me"), customer, when raised, or a title prefix or issue number.',
    requires: { area: 'issues', action: 'read' },
    async execute(ctx, input) {
      const created = resolve.dates(ctx, input.createdIn);
      const page = await ctx.crm.issues.list(ctx.actor, {
        status: input.status,
        priority: input.priority,
        category: input.category,
        assignedTo: await resolve.userId(ctx, input.assignedTo),
        customerId:
          input.customer === undefined ? undefined : (await resolve.customer(ctx, input.customer)).id,
        createdFrom: created?.from,
        createdTo: created?.to,
        q: input.query,
        limit: input.limit ?? 20,
      });
      return listed(page, compact);
    },
  }),

  defineTool({
    name: 'get_issue',
    kind: 'read',
    description: 'One issue with its comments, by id, "#id", number (ISS-2026-0003) or title.',
    requires: { area: 'issues', action: 'read' },
    execute: (ctx, input) => resolve.issue(ctx, input.issue),
  }),

  defineTool({
    name: 'create_issue',
    kind: 'write',
    description:
      'Raise a support issue. A customer raises it for themselves; staff name the customer it concerns. ' +
      'Write a short title from what the person said and keep their words in the description.',
    requires: { area: 'issues', action: 'create' },
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
      return ctx.crm.issues.create(ctx.actor, {
        ...rest,
        ...(customer !== undefined && { customerId: (await resolve.customer(ctx, customer)).id }),
      });
    },
  }),

  defineTool({
    name: 'update_issue',
    kind: 'write',
    description:
      "Change an issue's status, priority, category, assignee or resolution. Resolving needs a resolution: " +
      'what was done.',
    requires: { area: 'issues', action: 'update' },
    async describe(ctx, input) {
      const { issue, ...changes } = input;
      const found = await resolve.issue(ctx, issue);
      return `Update issue ${found.number} ${found.title}: ${changeList(changes)}`;
    },
    async execute(ctx, input) {
      const { issue, assignedTo, ...changes } = input;
      const found = await resolve.issue(ctx, issue);
      return ctx.crm.issues.update(ctx.actor, found.id, {
        ...changes,
        ...(assignedTo !== undefined && { assignedTo: await resolve.userId(ctx, assignedTo) }),
      });
    },
  }),

  defineTool({
    name: 'comment_on_issue',
    kind: 'write',
    description: 'Add a comment to an issue, visible to the customer who raised it.',
    requires: { area: 'issues', action: 'comment' },
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

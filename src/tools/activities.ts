import type { Activity } from '../crm/activities.ts';
import { invalid } from '../domain/errors.ts';
import * as resolve from './resolve.ts';
import { listed } from './shape.ts';
import { defineTool, type ToolContext } from './types.ts';

const compact = (a: Activity) => ({
  id: a.id,
  type: a.type,
  subject: a.subject,
  dueAt: a.dueAt,
  done: a.done,
  customerId: a.customerId,
  leadId: a.leadId,
  dealId: a.dealId,
  assignedTo: a.assignedTo,
});

async function links(
  ctx: ToolContext,
  input: {
    customer?: resolve.RecordRef | undefined;
    lead?: resolve.RecordRef | undefined;
    deal?: resolve.RecordRef | undefined;
  },
) {
  return {
    ...(input.customer !== undefined && { customerId: (await resolve.customer(ctx, input.customer)).id }),
    ...(input.lead !== undefined && { leadId: (await resolve.lead(ctx, input.lead)).id }),
    ...(input.deal !== undefined && { dealId: (await resolve.deal(ctx, input.deal)).id }),
  };
}

const MORNING_MS = 9 * 3_600_000;

/** A due time as said: an ISO date-time, or a date meaning 9:00 that morning in the organization's zone. */
function dueInstant(ctx: ToolContext, text: string): string {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const day = resolve.dates(ctx, { from: trimmed, to: trimmed })!;
    return new Date(Date.parse(day.start) + MORNING_MS).toISOString();
  }
  const time = new Date(trimmed);
  if (Number.isNaN(time.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) {
    throw invalid(`"${text}" is not a date or date-time; use YYYY-MM-DD or YYYY-MM-DDTHH:MM`);
  }
  return time.toISOString();
}

export const activityTools = [
  defineTool({
    name: 'list_activities',
    kind: 'read',
    description:
      'List calls, emails, meetings, notes and tasks. Filter by type, assignee ("me"), done or open, overdue, ' +
      'due within a period, or the customer, lead or deal they concern.',
    requires: { area: 'activities', action: 'read' },
    async execute(ctx, input) {
      const due = resolve.dates(ctx, input.dueIn);
      const page = await ctx.crm.activities.list(ctx.actor, {
        type: input.type,
        assignedTo: await resolve.userId(ctx, input.assignedTo),
        done: input.done,
        overdue: input.overdue,
        ...(due && { dueAfter: due.start, dueBefore: due.end, sort: 'dueAt' }),
        ...(await links(ctx, input)),
        limit: input.limit ?? 20,
      });
      return listed(page, compact);
    },
  }),

  defineTool({
    name: 'log_activity',
    kind: 'write',
    description:
      'Log a call, email, meeting or note, or set a task with a due time, optionally about a customer, lead ' +
      'or deal. It is assigned to the user unless a colleague is named.',
    requires: { area: 'activities', action: 'create' },
    async describe(ctx, input) {
      const linked = await links(ctx, input);
      const about = Object.keys(linked).length > 0 ? ' (linked to the named record)' : '';
      const due = input.dueAt
        ? `, due ${dueInstant(ctx, input.dueAt).slice(0, 16).replace('T', ' ')} UTC`
        : '';
      return `Log ${input.type} "${input.subject}"${due}${about}`;
    },
    async execute(ctx, input) {
      const { customer, lead, deal, dueAt, assignedTo, ...rest } = input;
      return ctx.crm.activities.create(ctx.actor, {
        ...rest,
        ...(await links(ctx, { customer, lead, deal })),
        ...(dueAt !== undefined && { dueAt: dueInstant(ctx, dueAt) }),
        ...(assignedTo !== undefined && { assignedTo: await resolve.userId(ctx, assignedTo) }),
      });
    },
  }),
];

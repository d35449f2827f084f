import { z } from 'zod';
import { invalid } from '../domain/errors.ts';
import { ACTIVITY_TYPES } from '../domain/vocabulary.ts';
import { defineListTool } from './list-tool.ts';
import * as resolve from './resolve.ts';
import { id, optionalText, ref, text } from './results.ts';
import { defineTool, type ToolContext } from './tool.ts';
import { notes, period, person, recordRef, title } from './values.ts';

const type = z.enum(ACTIVITY_TYPES);

async function links(
  ctx: ToolContext,
  input: {
    customer?: resolve.RecordRef | undefined;
    lead?: resolve.RecordRef | undefined;
    deal?: resolve.RecordRef | undefined;
  },
) {
  return {
    ...(await resolve.customerLink(ctx, input.customer)),
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
  defineListTool({
    name: 'list_activities',
    description:
      'List calls, emails, meetings, notes and tasks, optionally about one customer, lead or deal.',
    requires: { area: 'activities', action: 'read' },
    filters: {
      type: type.optional(),
      assignedTo: person.optional(),
      done: z.boolean().optional(),
      overdue: z.boolean().optional(),
      dueIn: period.optional(),
      customer: recordRef('customer').optional(),
      lead: recordRef('lead').optional(),
      deal: recordRef('deal').optional(),
    },
    item: z.looseObject({
      id,
      type: text,
      subject: text,
      dueAt: optionalText,
      done: z.boolean(),
      customerId: ref,
      customerName: optionalText,
      leadId: ref,
      leadName: optionalText,
      dealId: ref,
      dealTitle: optionalText,
      assignedTo: ref,
    }),
    names: 'subject',
    passed: ['type', 'done', 'overdue'],
    async list(ctx, input, filters) {
      const due = resolve.dates(ctx, input.dueIn);
      return ctx.crm.activities.list(ctx.actor, {
        ...(due && { dueAfter: due.start, dueBefore: due.end, sort: 'dueAt' }),
        ...(await links(ctx, { lead: input.lead, deal: input.deal })),
        ...filters,
      });
    },
  }),

  defineTool({
    name: 'log_activity',
    kind: 'write',
    description:
      'Log a call, email, meeting or note, or set a task with a due time, optionally about a record.',
    requires: { area: 'activities', action: 'create' },
    input: z
      .object({
        type,
        subject: title,
        body: notes.optional(),
        customer: recordRef('customer').optional(),
        lead: recordRef('lead').optional(),
        deal: recordRef('deal').optional(),
        dueAt: z.string().trim().max(40).optional().describe('When it is due: an ISO date or date-time'),
        assignedTo: person.optional(),
      })
      .strict(),
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
        ...(await resolve.assignee(ctx, assignedTo)),
      });
    },
  }),
];

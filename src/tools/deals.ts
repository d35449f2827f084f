import { z } from 'zod';
import { DEAL_STATUSES } from '../domain/vocabulary.ts';
import { defineListTool } from './list-tool.ts';
import { defineGetTool, defineUpdateTool } from './record-tools.ts';
import * as resolve from './resolve.ts';
import { id, optionalText, ref, text, written } from './results.ts';
import { money } from './shape.ts';
import { defineTool } from './tool.ts';
import {
  amount,
  currency,
  date,
  notes,
  period,
  person,
  prefix,
  priority,
  recordRef,
  title,
} from './values.ts';

interface DealSummary {
  id: number;
  title: string;
  value: number;
  currency: string;
  stageName: string;
  status: string;
  probability: number;
  priority: string;
  customerName: string | null;
  expectedCloseDate: string | null;
  assignedTo: number | null;
}

const SORTS = {
  newest: '-createdAt',
  oldest: 'createdAt',
  value_desc: '-value',
  value_asc: 'value',
} as const;

/** Minor units of an optional amount in the organization's currency. */
const inMinor = (value: number | string | undefined, currency: string) =>
  value === undefined ? undefined : resolve.amount(value, currency);

/** The permission cell of the tools that change a deal; proposals are checked against it too. */
const CHANGE_DEALS = { area: 'deals', action: 'update' } as const;

export const dealTools = [
  defineListTool({
    name: 'list_deals',
    description: 'List deals in the sales pipeline, newest first unless sorted.',
    requires: { area: 'deals', action: 'read' },
    filters: {
      stage: z.string().trim().max(100).optional().describe('Stage name, e.g. "negotiation"'),
      status: z.enum(DEAL_STATUSES).optional(),
      priority: priority.optional(),
      assignedTo: person.optional(),
      customer: recordRef('customer').optional(),
      minValue: amount.optional(),
      maxValue: amount.optional(),
      createdIn: period.optional(),
      closingIn: period.optional().describe('Expected close date within this period'),
      query: prefix,
      sort: z.enum(['newest', 'oldest', 'value_desc', 'value_asc']).optional(),
    },
    item: z.looseObject({
      id,
      title: text,
      value: written,
      stage: text,
      status: text,
      probability: z.number(),
      priority: text,
      customer: optionalText,
      expectedClose: optionalText,
      assignedTo: ref,
    }),
    names: 'title',
    summary: (d: DealSummary) => ({
      id: d.id,
      title: d.title,
      value: money(d.value, d.currency),
      stage: d.stageName,
      status: d.status,
      probability: d.probability,
      priority: d.priority,
      customer: d.customerName,
      expectedClose: d.expectedCloseDate,
      assignedTo: d.assignedTo,
    }),
    passed: ['status', 'stage', 'priority'],
    list(ctx, input, filters) {
      const currency = ctx.actor.settings.currency;
      const closing = resolve.dates(ctx, input.closingIn);
      return ctx.crm.deals.list(ctx.actor, {
        minValue: inMinor(input.minValue, currency),
        maxValue: inMinor(input.maxValue, currency),
        expectedCloseFrom: closing?.from,
        expectedCloseTo: closing?.to,
        sort: SORTS[input.sort ?? 'newest'],
        ...filters,
      });
    },
  }),

  defineGetTool({
    name: 'get_deal',
    description: 'One deal with its stage history.',
    requires: { area: 'deals', action: 'read' },
    record: 'deal',
    find: resolve.deal,
  }),

  defineTool({
    name: 'create_deal',
    kind: 'write',
    description: 'Open a deal in the default pipeline, in its first stage unless one is named.',
    requires: { area: 'deals', action: 'create' },
    input: z
      .object({
        title,
        value: amount.optional(),
        currency: currency.optional(),
        stage: z.string().trim().max(100).optional(),
        customer: recordRef('customer').optional(),
        expectedCloseDate: date.optional(),
        priority: priority.optional(),
        assignedTo: person.optional(),
      })
      .strict(),
    async describe(ctx, input) {
      const value = resolve.priced(ctx, input.value, input.currency);
      const customer = input.customer === undefined ? undefined : await resolve.customer(ctx, input.customer);
      const parts = [
        value && `worth ${money(value.minor, value.currency)}`,
        customer && `for ${customer.name}`,
        input.stage && `in stage ${input.stage}`,
      ].filter(Boolean);
      return `Open deal "${input.title}"${parts.length ? ` ${parts.join(' ')}` : ''}`;
    },
    async execute(ctx, input) {
      const { value, currency, customer, assignedTo, ...rest } = input;
      const price = resolve.priced(ctx, value, currency);
      return ctx.crm.deals.create(ctx.actor, {
        ...rest,
        ...(price && { value: price.minor, currency: price.currency }),
        ...(await resolve.customerLink(ctx, customer)),
        ...(await resolve.assignee(ctx, assignedTo)),
      });
    },
  }),

  defineUpdateTool({
    name: 'update_deal',
    description: "Change a deal's details. Its stage, won or lost included, changes with move_deal_stage.",
    requires: CHANGE_DEALS,
    record: 'deal',
    fields: {
      title: title.optional(),
      value: amount.optional(),
      priority: priority.optional(),
      expectedCloseDate: date.optional(),
      assignedTo: person.optional(),
      notes: notes.optional(),
    },
    find: resolve.deal,
    label: (found) => `deal #${found.id} ${found.title}`,
    update: (ctx, found, { value, ...changes }) =>
      ctx.crm.deals.update(ctx.actor, found.id, {
        ...changes,
        ...(value !== undefined && { value: resolve.amount(value, found.currency) }),
      }),
  }),

  defineTool({
    name: 'move_deal_stage',
    kind: 'write',
    description: 'Move a deal to another stage; moving it to "closed won" or "closed lost" wins or loses it.',
    requires: CHANGE_DEALS,
    idempotent: true,
    input: z
      .object({
        deal: recordRef('deal'),
        stage: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .describe('Stage name in any case, e.g. "negotiation", "closed won"'),
        reason: z.string().trim().max(1000).optional().describe('Why it was won or lost'),
      })
      .strict(),
    async describe(ctx, input) {
      const found = await resolve.deal(ctx, input.deal);
      resolve.mayChange(ctx, CHANGE_DEALS, found);
      const why = input.reason ? ` (reason: ${input.reason})` : '';
      return `Move deal #${found.id} ${found.title} from ${found.stageName} to ${input.stage}${why}`;
    },
    async execute(ctx, input) {
      const found = await resolve.deal(ctx, input.deal);
      return ctx.crm.deals.moveStage(ctx.actor, found.id, {
        stage: input.stage,
        ...(input.reason !== undefined && { reason: input.reason }),
      });
    },
  }),
];

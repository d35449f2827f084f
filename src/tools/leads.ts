import type { Lead } from '../crm/leads.ts';
import * as resolve from './resolve.ts';
import { changeList, listed, money } from './shape.ts';
import { defineTool } from './types.ts';

const compact = (l: Lead) => ({
  id: l.id,
  name: l.name,
  company: l.company,
  source: l.sourceLabel ?? l.source,
  status: l.status,
  score: l.score,
  estimatedValue: money(l.estimatedValue, l.currency),
  assignedTo: l.assignedTo,
});

export const leadTools = [
  defineTool({
    name: 'list_leads',
    kind: 'read',
    description:
      'List leads (prospects not yet customers), newest first. Filter by status, source channel, assignee ' +
      '("me"), minimum score, when they came in, or a name prefix.',
    requires: { area: 'leads', action: 'read' },
    async execute(ctx, input) {
      const created = resolve.dates(ctx, input.createdIn);
      const page = await ctx.crm.leads.list(ctx.actor, {
        status: input.status,
        source: input.source,
        assignedTo: await resolve.userId(ctx, input.assignedTo),
        minScore: input.minScore,
        createdFrom: created?.from,
        createdTo: created?.to,
        q: input.query,
        limit: input.limit ?? 20,
      });
      return listed(page, compact);
    },
  }),

  defineTool({
    name: 'get_lead',
    kind: 'read',
    description: 'One lead with all its details, by id, "#id" or name.',
    requires: { area: 'leads', action: 'read' },
    execute: (ctx, input) => resolve.lead(ctx, input.lead),
  }),

  defineTool({
    name: 'create_lead',
    kind: 'write',
    description:
      'Add a lead. Only the name is required. Give the source as said ("Facebook", "a referral"); it is ' +
      'filed under the matching channel. An employee becomes its assignee unless a colleague is named.',
    requires: { area: 'leads', action: 'create' },
    async describe(ctx, input) {
      const value = resolve.priced(ctx, input.estimatedValue);
      const parts = [
        input.company && `at ${input.company}`,
        input.source && `from ${input.source}`,
        value && `worth ${money(value.minor, value.currency)}`,
      ].filter(Boolean);
      return `Add lead "${input.name}"${parts.length ? ` ${parts.join(' ')}` : ''}`;
    },
    async execute(ctx, input) {
      const { estimatedValue, assignedTo, ...rest } = input;
      const value = resolve.priced(ctx, estimatedValue);
      return ctx.crm.leads.create(ctx.actor, {
        ...rest,
        ...(value && { estimatedValue: value.minor, currency: value.currency }),
        ...(assignedTo !== undefined && { assignedTo: await resolve.userId(ctx, assignedTo) }),
      });
    },
  }),

  defineTool({
    name: 'update_lead',
    kind: 'write',
    description: "Change a lead's status (qualification), score, source, estimated value, notes or assignee.",
    requires: { area: 'leads', action: 'update' },
    async describe(ctx, input) {
      const { lead, ...changes } = input;
      const found = await resolve.lead(ctx, lead);
      return `Update lead #${found.id} ${found.name}: ${changeList(changes)}`;
    },
    async execute(ctx, input) {
      const { lead, estimatedValue, assignedTo, ...changes } = input;
      const found = await resolve.lead(ctx, lead);
      const value = resolve.priced(ctx, estimatedValue, found.currency ?? undefined);
      return ctx.crm.leads.update(ctx.actor, found.id, {
        ...changes,
        ...(value && { estimatedValue: value.minor, currency: value.currency }),
        ...(assignedTo !== undefined && { assignedTo: await resolve.userId(ctx, assignedTo) }),
      });
    },
  }),

  defineTool({
    name: 'convert_lead',
    kind: 'write',
    description:
      'Turn a qualified lead into a customer, copying its contact details; optionally open a deal for them.',
    requires: { area: 'leads', action: 'update' },
    async describe(ctx, input) {
      const found = await resolve.lead(ctx, input.lead);
      const deal = input.createDeal || input.dealTitle || input.dealValue !== undefined;
      return `Convert lead #${found.id} ${found.name} into a customer${deal ? ' and open a deal for them' : ''}`;
    },
    async execute(ctx, input) {
      const found = await resolve.lead(ctx, input.lead);
      const currency = found.currency ?? ctx.actor.settings.currency;
      const deal = input.createDeal || input.dealTitle !== undefined || input.dealValue !== undefined;
      return ctx.crm.leads.convert(ctx.actor, found.id, {
        ...(deal && { createDeal: true }),
        ...(input.dealTitle !== undefined && { dealTitle: input.dealTitle }),
        ...(input.dealValue !== undefined && { dealValue: resolve.amount(input.dealValue, currency) }),
      });
    },
  }),
];

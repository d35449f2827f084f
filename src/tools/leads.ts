import { z } from 'zod';
import type { Lead } from '../crm/leads.ts';
import { LEAD_STATUSES } from '../domain/vocabulary.ts';
import { defineListTool } from './list-tool.ts';
import { defineGetTool, defineUpdateTool } from './record-tools.ts';
import * as resolve from './resolve.ts';
import { id, optionalText, ref, text, written } from './results.ts';
import { money } from './shape.ts';
import { defineTool } from './tool.ts';
import { amount, contact, notes, period, person, prefix, recordRef, source, title } from './values.ts';

const score = z.number().int().min(0).max(100);

/** The permission cell of the tools that change a lead; proposals are checked against it too. */
const CHANGE_LEADS = { area: 'leads', action: 'update' } as const;

export const leadTools = [
  defineListTool({
    name: 'list_leads',
    description: 'List leads (prospects not yet customers), newest first.',
    requires: { area: 'leads', action: 'read' },
    filters: {
      status: z.enum(LEAD_STATUSES).optional(),
      source: source.optional().describe('Channel, e.g. facebook, website, referral'),
      assignedTo: person.optional(),
      minScore: score.optional(),
      createdIn: period.optional(),
      query: prefix,
    },
    item: z.looseObject({
      id,
      name: text,
      company: optionalText,
      source: optionalText,
      status: text,
      score: z.number().int(),
      estimatedValue: written,
      assignedTo: ref,
    }),
    names: 'name',
    summary: (l: Lead) => ({
      id: l.id,
      name: l.name,
      company: l.company,
      source: l.sourceLabel ?? l.source,
      status: l.status,
      score: l.score,
      estimatedValue: money(l.estimatedValue, l.currency),
      assignedTo: l.assignedTo,
    }),
    passed: ['status', 'source', 'minScore'],
    list: (ctx, _input, filters) => ctx.crm.leads.list(ctx.actor, filters),
  }),

  defineGetTool({
    name: 'get_lead',
    description: 'One lead with all its details.',
    requires: { area: 'leads', action: 'read' },
    record: 'lead',
    find: resolve.lead,
  }),

  defineTool({
    name: 'create_lead',
    kind: 'write',
    description: 'Add a lead; its source is filed under the channel it names ("Facebook", "a referral").',
    requires: { area: 'leads', action: 'create' },
    input: z
      .object({
        name: title,
        company: z.string().trim().max(200).optional(),
        email: contact.email.optional(),
        phone: contact.phone.optional(),
        source: source.optional().describe('Where the lead came from, e.g. Facebook, a referral'),
        estimatedValue: amount.optional(),
        notes: notes.optional(),
        assignedTo: person.optional(),
      })
      .strict(),
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
        ...(await resolve.assignee(ctx, assignedTo)),
      });
    },
  }),

  defineUpdateTool({
    name: 'update_lead',
    description: "Change a lead's details; its status qualifies or disqualifies it.",
    requires: CHANGE_LEADS,
    record: 'lead',
    fields: {
      status: z.enum(LEAD_STATUSES).optional(),
      score: score.optional(),
      source: source.optional(),
      estimatedValue: amount.optional(),
      notes: notes.optional(),
      assignedTo: person.optional(),
    },
    find: resolve.lead,
    label: (found) => `lead #${found.id} ${found.name}`,
    update(ctx, found, { estimatedValue, ...changes }) {
      const value = resolve.priced(ctx, estimatedValue, found.currency ?? undefined);
      return ctx.crm.leads.update(ctx.actor, found.id, {
        ...changes,
        ...(value && { estimatedValue: value.minor, currency: value.currency }),
      });
    },
  }),

  defineTool({
    name: 'convert_lead',
    kind: 'write',
    description:
      'Turn a qualified lead into a customer, copying its contact details; optionally open a deal for them.',
    requires: CHANGE_LEADS,
    input: z
      .object({
        lead: recordRef('lead'),
        createDeal: z.boolean().optional().describe('Also open a deal for the new customer'),
        dealTitle: z.string().trim().max(200).optional(),
        dealValue: amount.optional(),
      })
      .strict(),
    async describe(ctx, input) {
      const found = await resolve.lead(ctx, input.lead);
      resolve.mayChange(ctx, CHANGE_LEADS, found);
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

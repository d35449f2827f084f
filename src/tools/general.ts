import { z } from 'zod';
import type { Crm } from '../crm/index.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import * as resolve from './resolve.ts';
import { id, text } from './results.ts';
import { defineTool, type ToolContext } from './tool.ts';
import { limit, RECORD_TYPES, recordRef } from './values.ts';

const SEARCH_TYPES = ['customer', 'lead', 'deal', 'issue', 'order'] as const;
type SearchType = (typeof SEARCH_TYPES)[number];
/** One type's matches; written once in the listed schema and referred to for each type. */
const found = z.array(z.object({ id, label: text })).meta({ id: 'Matches' });

/** Each record type's search, returning a line a person recognises the record by. */
const SEARCHES: Record<
  SearchType,
  (ctx: ToolContext, q: string, limit: number) => Promise<{ id: number; label: string }[]>
> = {
  async customer(ctx, q, limit) {
    const page = await ctx.crm.customers.list(ctx.actor, { q, limit });
    return page.items.map((c) => ({ id: c.id, label: c.email ? `${c.name} <${c.email}>` : c.name }));
  },
  async lead(ctx, q, limit) {
    const page = await ctx.crm.leads.list(ctx.actor, { q, limit });
    return page.items.map((l) => ({ id: l.id, label: l.company ? `${l.name} (${l.company})` : l.name }));
  },
  async deal(ctx, q, limit) {
    const page = await ctx.crm.deals.list(ctx.actor, { q, limit });
    return page.items.map((d) => ({ id: d.id, label: `${d.title} (${d.stageName})` }));
  },
  async issue(ctx, q, limit) {
    const page = await ctx.crm.issues.list(ctx.actor, { q, limit });
    return page.items.map((i) => ({ id: i.id, label: `${i.number} ${i.title} (${i.status})` }));
  },
  async order(ctx, q, limit) {
    const page = await ctx.crm.orders.list(ctx.actor, { q, limit });
    return page.items.map((o) => ({ id: o.id, label: `${o.number} (${o.status})` }));
  },
};

/** The services that delete records. */
type Removable = {
  [K in keyof Crm]: Crm[K] extends { remove(actor: Actor, id: number): Promise<unknown> } ? K : never;
}[keyof Crm];

/** A deletable record type: how to find one, what to call it, and the service that removes it. */
function removal<R extends { id: number }>(
  find: (ctx: ToolContext, ref: resolve.RecordRef) => Promise<R>,
  service: Removable,
  label: (found: R) => string,
) {
  return async (ctx: ToolContext, ref: resolve.RecordRef) => {
    const found = await find(ctx, ref);
    return { label: label(found), remove: () => ctx.crm[service].remove(ctx.actor, found.id) };
  };
}

/** The remove function of each deletable record type, after resolving the reference. */
const REMOVERS = {
  customer: removal(resolve.customer, 'customers', (c) => `customer #${c.id} ${c.name}`),
  lead: removal(resolve.lead, 'leads', (l) => `lead #${l.id} ${l.name}`),
  deal: removal(resolve.deal, 'deals', (d) => `deal #${d.id} ${d.title}`),
  issue: removal(resolve.issue, 'issues', (i) => `issue ${i.number} ${i.title}`),
  order: removal(resolve.order, 'orders', (o) => `order ${o.number}`),
  payment: removal(resolve.payment, 'payments', (p) => `payment ${p.number}`),
  activity: removal(resolve.activity, 'activities', (a) => `${a.type} #${a.id} ${a.subject}`),
};

export const generalTools = [
  defineTool({
    name: 'whoami',
    kind: 'read',
    title: 'Who am I',
    description: 'The user you act for: name, email, role and organization.',
    requires: { area: 'customers', action: 'read' },
    input: z.object({}).strict(),
    async execute(ctx) {
      const account = await ctx.crm.account.get(ctx.actor);
      return { user: account.user, organization: account.organization, role: account.role };
    },
  }),

  defineTool({
    name: 'search_records',
    kind: 'read',
    description: 'Find records of any type by the start of a name, title, email or number.',
    requires: { area: 'customers', action: 'read' },
    input: z
      .object({
        query: z.string().trim().min(1).max(200).describe('Name, title, email or number to look for'),
        types: z.array(z.enum(SEARCH_TYPES)).optional(),
        limit: limit.describe('Matches per type (default 5)'),
      })
      .strict(),
    output: z
      .object({
        customer: found.optional(),
        lead: found.optional(),
        deal: found.optional(),
        issue: found.optional(),
        order: found.optional(),
      })
      .describe('Matches by record type; types with no match are left out'),
    async execute(ctx, input) {
      const limit = input.limit ?? 5;
      const results: Record<string, { id: number; label: string }[]> = {};
      for (const type of input.types ?? SEARCH_TYPES) {
        try {
          const found = await SEARCHES[type](ctx, input.query, limit);
          if (found.length > 0) results[type] = found;
        } catch (error) {
          // A role that cannot read a type simply finds nothing there.
          if (!(error instanceof DomainError && error.code === 'forbidden')) throw error;
        }
      }
      return results;
    },
  }),

  defineTool({
    name: 'delete_record',
    kind: 'destructive',
    description: 'Delete a record for good; it cannot be undone.',
    requires: { area: 'customers', action: 'delete' },
    idempotent: true,
    input: z.object({ type: z.enum(RECORD_TYPES), record: recordRef('record') }).strict(),
    async describe(ctx, input) {
      const target = await REMOVERS[input.type](ctx, input.record);
      return `Delete ${target.label} permanently`;
    },
    async execute(ctx, input) {
      const target = await REMOVERS[input.type](ctx, input.record);
      await target.remove();
      return { deleted: target.label };
    },
  }),
];

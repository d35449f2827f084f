import { z } from 'zod';
import type { Crm } from '../crm/index.ts';
import { SEARCH_TYPES, type SearchResult, type SearchType } from '../crm/search.ts';
import type { Actor } from '../domain/actor.ts';
import * as resolve from './resolve.ts';
import { id, text } from './results.ts';
import { defineTool, type ToolContext } from './tool.ts';
import { limit, RECORD_TYPES, recordRef } from './values.ts';

/** One type's matches; written once in the listed schema and referred to for each type. */
const found = z.array(z.object({ id, label: text })).meta({ id: 'Matches' });

/** The line a person recognises a search result by. */
const labelOf = (r: SearchResult) => (r.subtitle ? `${r.title} (${r.subtitle})` : r.title);

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
    description:
      'Find records of any type by any word of a name, title, company, email, phone or number ("maria", "@acme.com", "ORD-0003").',
    requires: { area: 'customers', action: 'read' },
    input: z
      .object({
        query: z.string().trim().min(1).max(200).describe('Words, an email, a phone or a number to look for'),
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
        payment: found.optional(),
        activity: found.optional(),
      })
      .describe('Matches by record type, best first; types with no match are left out'),
    async execute(ctx, input) {
      const perType = input.limit ?? 5;
      const types = input.types ?? [...SEARCH_TYPES];
      const { items } = await ctx.crm.search.search(ctx.actor, {
        q: input.query,
        types: types.join(','),
        limit: Math.min(50, perType * types.length),
      });
      const results: Partial<Record<SearchType, { id: number; label: string }[]>> = {};
      for (const r of items) {
        const group = results[r.type] ?? [];
        if (group.length < perType) results[r.type] = [...group, { id: r.id, label: labelOf(r) }];
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

import * as resolve from './resolve.ts';
import { changeList, listed, money } from './shape.ts';
import { defineTool } from './types.ts';

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

const compact = (d: DealSummary) => ({
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
});

const SORTS = {
  newest: '-createdAt',
  oldest: 'createdAt',
  value_desc: '-value',
  value_asc: 'value',
} as const;

export const dealTools = [
  defineTool({
    name: 'list_deals',
    kind: 'read',
    description:
      'List deals in the sales pipeline. Filter by stage name, status (open, won, lost), priority, assignee ' +
      '("me" for the user\'s own deals), customer, value range, when created, or expected close period.',
    requires: { area: 'deals', action: 'read' },
    async execute(ctx, input) {
      const currency = ctx.actor.settings.currency;
      const created = resolve.dates(ctx, input.createdIn);
      const closing = resolve.dates(ctx, input.closingIn);
      const page = await ctx.crm.deals.list(ctx.actor, {
        status: input.status,
        stage: input.stage,
        priority: input.priority,
        assignedTo: await resolve.userId(ctx, input.assignedTo),
        customerId:
          input.customer === undefined ? undefined : (await resolve.customer(ctx, input.customer)).id,
        minValue: input.minValue === undefined ? undefined : resolve.amount(input.minValue, currency),
        maxValue: input.maxValue === undefined ? undefined : resolve.amount(input.maxValue, currency),
        createdFrom: created?.from,
        createdTo: created?.to,
        expectedCloseFrom: closing?.from,
        expectedCloseTo: closing?.to,
        q: input.query,
        sort: SORTS[input.sort ?? 'newest'],
        limit: input.limit ?? 20,
      });
      return listed(page, compact);
    },
  }),

  defineTool({
    name: 'get_deal',
    kind: 'read',
    description: 'One deal with its stage history, by id ("23", "#23") or title.',
    requires: { area: 'deals', action: 'read' },
    execute: (ctx, input) => resolve.deal(ctx, input.deal),
  }),

  defineTool({
    name: 'create_deal',
    kind: 'write',
    description:
      'Open a deal in the default pipeline. Only the title is required; the stage defaults to the first ' +
      'one. An employee becomes its assignee unless a colleague is named.',
    requires: { area: 'deals', action: 'create' },
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
        ...(customer !== undefined && { customerId: (await resolve.customer(ctx, customer)).id }),
        ...(assignedTo !== undefined && { assignedTo: await resolve.userId(ctx, assignedTo) }),
      });
    },
  }),

  defineTool({
    name: 'update_deal',
    kind: 'write',
    description:
      "Change a deal's title, value, priority, expected close date, notes or assignee. To change its stage " +
      '(including won or lost) use move_deal_stage.',
    requires: { area: 'deals', action: 'update' },
    async describe(ctx, input) {
      const { deal, ...changes } = input;
      const found = await resolve.deal(ctx, deal);
      return `Update deal #${found.id} ${found.title}: ${changeList(changes)}`;
    },
    async execute(ctx, input) {
      const { deal, value, assignedTo, ...changes } = input;
      const found = await resolve.deal(ctx, deal);
      return ctx.crm.deals.update(ctx.actor, found.id, {
        ...changes,
        ...(value !== undefined && { value: resolve.amount(value, found.currency) }),
        ...(assignedTo !== undefined && { assignedTo: await resolve.userId(ctx, assignedTo) }),
      });
    },
  }),

  defineTool({
    name: 'move_deal_stage',
    kind: 'write',
    description:
      'Move a deal to another stage of its pipeline by stage name in any case ("negotiation", "closed won", ' +
      '"closed lost"). Winning or losing a deal is a move to a closing stage; give the reason when told.',
    requires: { area: 'deals', action: 'update' },
    async describe(ctx, input) {
      const found = await resolve.deal(ctx, input.deal);
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

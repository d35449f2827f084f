import { z } from 'zod';
import * as resolve from './resolve.ts';
import { defineTool } from './tool.ts';
import { period } from './values.ts';

export const statsTools = [
  defineTool({
    name: 'get_stats',
    kind: 'read',
    description:
      'Sales and support figures for a period: leads and conversion, deals won and lost, pipeline, ' +
      'revenue, open issues, activity by employee.',
    requires: { area: 'analytics', action: 'read' },
    input: z.object({ period: period.optional().describe('Defaults to this_month') }).strict(),
    async execute(ctx, input) {
      const period = resolve.dates(ctx, input.period ?? 'this_month')!;
      const query =
        typeof input.period === 'string' || input.period === undefined
          ? { period: input.period ?? 'this_month' }
          : { from: period.from, to: period.to };
      return ctx.crm.analytics.summary(ctx.actor, query);
    },
  }),
];

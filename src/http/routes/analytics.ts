import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { analyticsSummary, analyticsTimeseries } from '../../contracts/analytics.ts';
import { periodQuery, timeseriesQuery } from '../../crm/analytics.ts';
import { actorOf } from '../context.ts';
import { operation } from './operation.ts';

const tags = ['analytics'];

/** The period rules the query schema cannot say. */
const PERIOD_RULES =
  'The period is a named `period` or a `from`/`to` pair of dates (both, inclusive), not both (400); this month when neither is given. Days begin and end in the time zone of the organization. Owners see the organization; employees see it too, or only their own records when employee visibility is "assigned"; customers get 403.';

export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { analytics } = app.deps.crm;

  app.get(
    '/analytics/summary',
    operation({
      id: 'getAnalyticsSummary',
      summary: 'Figures for a period',
      description: `Leads, closed deals, revenue and activities in the period; the open pipeline and open issues as they are now. Amounts come per currency. ${PERIOD_RULES}`,
      tags,
      schema: { querystring: periodQuery, response: { 200: analyticsSummary } },
    }),
    (req) => analytics.summary(actorOf(req), req.query),
  );
  app.get(
    '/analytics/timeseries',
    operation({
      id: 'getAnalyticsTimeseries',
      summary: 'Figures per day, week or month of a period',
      description: `New leads, won deals and net revenue per bucket; weeks start on Monday, and the first and last buckets are clipped to the period. A period of more than 400 buckets is refused (400): ask for a larger bucket. ${PERIOD_RULES}`,
      tags,
      schema: { querystring: timeseriesQuery, response: { 200: analyticsTimeseries } },
    }),
    (req) => analytics.timeseries(actorOf(req), req.query),
  );
};

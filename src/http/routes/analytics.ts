import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { periodQuery, timeseriesQuery } from '../../crm/analytics.ts';
import { actorOf } from '../context.ts';

const tags = ['analytics'];

export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { analytics } = app.deps.crm;

  app.get('/analytics/summary', { schema: { tags, querystring: periodQuery } }, (req) =>
    analytics.summary(actorOf(req), req.query),
  );
  app.get('/analytics/timeseries', { schema: { tags, querystring: timeseriesQuery } }, (req) =>
    analytics.timeseries(actorOf(req), req.query),
  );
};

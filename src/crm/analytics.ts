import { z } from 'zod';
import type { AnalyticsSummary, AnalyticsTimeseries } from '../contracts/analytics.ts';
import { readJsonRows, rowsAsJson } from '../db/json-rows.ts';
import type { Actor } from '../domain/actor.ts';
import { invalid } from '../domain/errors.ts';
import {
  BUCKET_SIZES,
  bucketsOf,
  PERIOD_NAMES,
  type PeriodBucket,
  type PeriodSpec,
  type ResolvedPeriod,
  resolvePeriod,
} from '../domain/periods.ts';
import { readGrant } from '../domain/policy.ts';
import {
  activityCounts,
  byCurrency,
  closedDeals,
  leadFigures,
  openIssues,
  openPipeline,
  revenue,
} from './analytics-figures.ts';
import {
  activityRows,
  closedDealRows,
  leadRows,
  newLeadRows,
  openIssueRows,
  openPipelineRows,
  paidRows,
  revenueRows,
  wonRows,
} from './analytics-queries.ts';
import type { CrmDeps } from './deps.ts';
import { isoDate } from './fields.ts';
import { requireGrant } from './scope.ts';

export type { Amount } from '../contracts/analytics.ts';

/**
 * Figures for a period, aggregated in SQL on both databases and limited to what the actor may read: owners
 * see the organization; employees too, or only records assigned to them when the organization's
 * employeeVisibility is "assigned"; customers have no analytics.
 *
 * Amounts are integer minor units, always with their currency, one entry per currency that occurs.
 * Open pipeline and open issues describe the moment of asking; everything else counts what happened in the
 * period: leads created or converted, deals closed, payments dated, activities created or done.
 */

/** Either `period` or both `from` and `to`: `periodSpecOf` enforces it, the descriptions tell the API's readers. */
export const periodQuery = z
  .object({
    period: z
      .enum(PERIOD_NAMES)
      .optional()
      .describe('A named period; not together with from/to. Default this_month'),
    from: isoDate.optional().describe('First day of a custom period; needs `to`, and no `period`'),
    to: isoDate.optional().describe('Last day of a custom period (inclusive); needs `from`, and no `period`'),
  })
  .strict();

export const timeseriesQuery = periodQuery.extend({ bucket: z.enum(BUCKET_SIZES).default('day') }).strict();

/** A period from `period=this_month` or `from`/`to` dates; this month when neither is given. */
export function periodSpecOf(q: z.output<typeof periodQuery>): PeriodSpec {
  const range = q.from !== undefined || q.to !== undefined;
  if (q.period && range) throw invalid('Give either a period or from/to dates, not both');
  if (range) {
    if (q.from === undefined || q.to === undefined)
      throw invalid('A custom period needs both from and to (YYYY-MM-DD, inclusive)');
    return { from: q.from, to: q.to };
  }
  return q.period ?? 'this_month';
}

/** One point per bucket of the time series, from the rows each figure's query grouped by bucket index. */
function seriesPoints(
  buckets: PeriodBucket[],
  leads: { b: number; count: number }[],
  won: { b: number; currency: string; count: number; value: number }[],
  paid: { b: number; currency: string; amount: number }[],
) {
  const at = (i: number) => (r: { b: number }) => Number(r.b) === i;
  return buckets.map((b, i) => {
    const wonHere = won.filter(at(i));
    return {
      key: b.key,
      from: b.from,
      to: b.to,
      start: b.start,
      end: b.end,
      newLeads: Number(leads.find(at(i))?.count ?? 0),
      dealsWon: wonHere.reduce((n, r) => n + Number(r.count), 0),
      wonValue: byCurrency(wonHere.map((r) => ({ currency: r.currency, amount: Number(r.value) }))),
      revenue: byCurrency(
        paid.filter(at(i)).map((r) => ({ currency: r.currency, amount: Number(r.amount) })),
      ),
    };
  });
}

export function analyticsService(deps: CrmDeps) {
  const { db, clock } = deps;

  function periodFor(actor: Actor, raw: unknown): ResolvedPeriod {
    return resolvePeriod(periodSpecOf(periodQuery.parse(raw)), clock(), actor.settings.timezone);
  }

  function refuseCustomers(actor: Actor) {
    requireGrant(actor, 'analytics', 'read');
  }

  function scopeOf(actor: Actor) {
    return readGrant(actor, 'analytics') === 'assigned' ? ('assigned' as const) : ('organization' as const);
  }

  return {
    /** GET /analytics/summary: the period's figures, see the module comment for what each counts. */
    async summary(actor: Actor, raw: unknown): Promise<AnalyticsSummary> {
      refuseCustomers(actor);
      const period = periodFor(actor, raw);
      // One statement: each figure is a few rows, cheaper to read than another round trip would be.
      const figures = await db
        .selectNoFrom([
          rowsAsJson(db, leadRows(db, actor, period)).as('leads'),
          rowsAsJson(db, closedDealRows(db, actor, period)).as('deals'),
          rowsAsJson(db, openPipelineRows(db, actor)).as('pipeline'),
          rowsAsJson(db, revenueRows(db, actor, period)).as('revenue'),
          rowsAsJson(db, openIssueRows(db, actor)).as('issues'),
          rowsAsJson(db, activityRows(db, actor, period)).as('activities'),
        ])
        .executeTakeFirstOrThrow();
      return {
        period,
        scope: scopeOf(actor),
        leads: leadFigures(readJsonRows(figures.leads)[0]!),
        deals: closedDeals(readJsonRows(figures.deals)),
        pipeline: openPipeline(readJsonRows(figures.pipeline)),
        revenue: revenue(readJsonRows(figures.revenue)),
        issues: { open: openIssues(readJsonRows(figures.issues)) },
        activities: activityCounts(readJsonRows(figures.activities)),
      };
    },

    /** GET /analytics/timeseries: new leads, won deals and net revenue per day, week or month of the period. */
    async timeseries(actor: Actor, raw: unknown): Promise<AnalyticsTimeseries> {
      refuseCustomers(actor);
      const q = timeseriesQuery.parse(raw);
      const { bucket, ...periodPart } = q;
      const period = periodFor(actor, periodPart);
      const buckets = bucketsOf(period, bucket);
      const series = await db
        .selectNoFrom([
          rowsAsJson(db, newLeadRows(db, actor, period, buckets)).as('leads'),
          rowsAsJson(db, wonRows(db, actor, period, buckets)).as('won'),
          rowsAsJson(db, paidRows(db, actor, period, buckets)).as('paid'),
        ])
        .executeTakeFirstOrThrow();
      return {
        period,
        scope: scopeOf(actor),
        bucket,
        points: seriesPoints(
          buckets,
          readJsonRows(series.leads),
          readJsonRows(series.won),
          readJsonRows(series.paid),
        ),
      };
    },
  };
}

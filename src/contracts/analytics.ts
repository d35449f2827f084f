import { z } from 'zod';
import { BUCKET_SIZES, PERIOD_NAMES } from '../domain/periods.ts';
import { PRIORITIES, type Priority } from '../domain/vocabulary.ts';
import { currencyCode, day, minor, recordId, timestamp } from './common.ts';

const count = z.number().int();

/** An amount with its currency; figures carry one per currency that occurs, by currency code. */
export const amount = z.object({ currency: currencyCode, amount: minor }).meta({ id: 'Amount' });

export const reportPeriod = z
  .object({
    name: z.enum([...PERIOD_NAMES, 'custom']).describe('custom for a from/to range'),
    timezone: z.string().describe("The organization's time zone, in which days begin and end"),
    from: day.describe('First day of the period'),
    to: day.describe('Last day of the period (inclusive)'),
    start: timestamp.describe('First instant of from'),
    end: timestamp.describe('First instant after to (exclusive)'),
  })
  .meta({ id: 'ReportPeriod' });

const scope = z
  .enum(['organization', 'assigned'])
  .describe(
    'assigned: the figures count only records assigned to the caller (employee visibility "assigned")',
  );

const closed = z.object({ count, value: z.array(amount) });

/** A count per priority, each priority a named property so the document lists them. */
const byPriority = z.object(
  Object.fromEntries(PRIORITIES.map((p) => [p, count])) as Record<Priority, typeof count>,
);

export const pipelineStageFigures = z
  .object({
    pipelineId: recordId,
    pipelineName: z.string(),
    stageId: recordId,
    stageName: z.string(),
    probability: z.number().int(),
    currency: currencyCode,
    count,
    value: minor,
    weightedValue: minor.describe('value * probability / 100, rounded half up'),
  })
  .meta({ id: 'PipelineStageFigures' });

export const analyticsSummary = z
  .object({
    period: reportPeriod,
    scope,
    leads: z.object({
      new: count.describe('Leads created in the period'),
      converted: count.describe('Leads converted in the period'),
      convertedOfNew: count.describe('Of the leads created in the period, those converted by now'),
      conversionRate: z
        .number()
        .nullable()
        .describe('convertedOfNew / new, 0 to 1 with four decimals; null when no lead was created'),
    }),
    deals: z.object({ won: closed, lost: closed }).describe('Deals closed in the period'),
    pipeline: z
      .object({
        stages: z.array(pipelineStageFigures).describe('By pipeline, stage position, then currency'),
        totals: z.array(z.object({ currency: currencyCode, count, value: minor, weightedValue: minor })),
      })
      .describe('Open deals now, whatever the period'),
    revenue: z
      .array(z.object({ currency: currencyCode, incoming: minor, refunds: minor, net: minor }))
      .describe('Completed payments dated in the period'),
    issues: z
      .object({ open: z.object({ total: count, byPriority }) })
      .describe('Open issues now, whatever the period'),
    activities: z
      .array(z.object({ userId: recordId, name: z.string(), created: count, done: count }))
      .describe(
        'Per person, activities they created in the period and those done in it (counted for the assignee)',
      ),
  })
  .meta({ id: 'AnalyticsSummary' });

export const timeseriesPoint = z
  .object({
    key: day.describe("Where the whole bucket begins: the day, the week's Monday or the month's first day"),
    from: day.describe('First day of the bucket within the period'),
    to: day.describe('Last day of the bucket within the period (inclusive)'),
    start: timestamp,
    end: timestamp.describe('Exclusive'),
    newLeads: count,
    dealsWon: count,
    wonValue: z.array(amount),
    revenue: z.array(amount).describe('Completed incoming payments less refunds'),
  })
  .meta({ id: 'TimeseriesPoint' });

export const analyticsTimeseries = z
  .object({
    period: reportPeriod,
    scope,
    bucket: z.enum(BUCKET_SIZES),
    points: z.array(timeseriesPoint).describe('One per bucket, oldest first, empty ones included'),
  })
  .meta({ id: 'AnalyticsTimeseries' });

export type AnalyticsSummary = z.infer<typeof analyticsSummary>;
export type AnalyticsTimeseries = z.infer<typeof analyticsTimeseries>;
export type Amount = z.infer<typeof amount>;

import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
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
import type { CrmDeps } from './deps.ts';
import { isoDate } from './fields.ts';
import { readScope, requireGrant, totalsScope } from './scope.ts';

/**
 * Figures for a period, aggregated in SQL on both databases and limited to what the actor may read: owners
 * see the organization; employees too, or only records assigned to them when the organization's
 * employeeVisibility is "assigned"; customers have no analytics.
 *
 * Amounts are integer minor units, always with their currency, one entry per currency that occurs.
 * Open pipeline and open issues describe the moment of asking; everything else counts what happened in the
 * period: leads created or converted, deals closed, payments dated, activities created or done.
 */

export const periodQuery = z
  .object({
    period: z.enum(PERIOD_NAMES).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
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

export interface Amount {
  currency: string;
  amount: number;
}

/** Counts rows matching a condition, as a number on both databases (0 when there are no rows). */
function countWhen(condition: RawBuilder<unknown>) {
  return sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;
}

/** Sums integer money as a whole number: PostgreSQL sums bigint into numeric, which the cast brings back. */
function sumOf(expression: RawBuilder<unknown>) {
  return sql<number>`cast(coalesce(sum(${expression}), 0) as bigint)`;
}

function within(column: string, period: { start: string; end: string }) {
  return sql<boolean>`(${sql.ref(column)} >= ${period.start} and ${sql.ref(column)} < ${period.end})`;
}

const signedAmount = sql`case when payments.direction = 'incoming' then payments.amount else -payments.amount end`;

/**
 * The index of the bucket a row falls in, for grouping in SQL. Buckets are consecutive, so the first whose end
 * lies after the value is the one; the rows were already limited to the period.
 */
function bucketOf(column: string, buckets: PeriodBucket[], kind: 'instant' | 'date') {
  const ref = sql.ref(column);
  const branches = buckets.map((b, i) =>
    kind === 'instant'
      ? sql`when ${ref} < ${b.end} then ${sql.lit(i)}`
      : sql`when ${ref} <= ${b.to} then ${sql.lit(i)}`,
  );
  return sql<number>`case ${sql.join(branches, sql` `)} end`;
}

export function analyticsService(deps: CrmDeps) {
  const { db, clock } = deps;

  function periodFor(actor: Actor, raw: unknown): ResolvedPeriod {
    return resolvePeriod(periodSpecOf(periodQuery.parse(raw)), clock(), actor.settings.timezone);
  }

  function leadRows(actor: Actor, p: ResolvedPeriod) {
    const created = within('leads.created_at', p);
    const converted = within('leads.converted_at', p);
    return db
      .selectFrom('leads')
      .where(readScope(actor, 'analytics', 'leads'))
      .where(sql<boolean>`(${created} or ${converted})`)
      .select([
        countWhen(created).as('new'),
        countWhen(converted).as('converted'),
        countWhen(sql`${created} and leads.converted_at is not null`).as('converted_of_new'),
      ]);
  }

  /** The deals the actor's analytics cover, counted and valued per `by` and currency. */
  function dealGroups<C extends 'deals.status' | 'deals.stage_id'>(actor: Actor, by: C) {
    return db
      .selectFrom('deals')
      .where(readScope(actor, 'analytics', 'deals'))
      .select([
        by,
        'deals.currency',
        (eb) => eb.fn.countAll<number>().as('count'),
        sumOf(sql`deals.value`).as('value'),
      ])
      .groupBy([by, 'deals.currency']);
  }

  function closedDealRows(actor: Actor, p: ResolvedPeriod) {
    return dealGroups(actor, 'deals.status')
      .where('deals.status', 'in', ['won', 'lost'])
      .where(within('deals.closed_at', p));
  }

  /**
   * Open deals by stage and currency. For the organization, or an employee's own deals, the sums come from
   * deal_pipeline_totals, which triggers keep per assignee (migration 0008), so the cost does not grow with
   * the number of deals. Any other scope sums the deals it may see.
   */
  function openPipelineGroups(actor: Actor) {
    const totals = totalsScope(actor, 'analytics');
    if (totals) {
      return db
        .selectFrom('deal_pipeline_totals')
        .where(totals)
        .select([
          'stage_id',
          'currency',
          sumOf(sql`open_count`).as('count'),
          sumOf(sql`open_value`).as('value'),
        ])
        .groupBy(['stage_id', 'currency'])
        .having(sql`sum(open_count)`, '>', 0);
    }
    return dealGroups(actor, 'deals.stage_id').where('deals.status', '=', 'open');
  }

  /** The open pipeline's groups with the stage and pipeline each belongs to. */
  function openPipelineRows(actor: Actor) {
    return db
      .selectFrom(openPipelineGroups(actor).as('groups'))
      .innerJoin('pipeline_stages', 'pipeline_stages.id', 'groups.stage_id')
      .innerJoin('pipelines', 'pipelines.id', 'pipeline_stages.pipeline_id')
      .select([
        'groups.stage_id',
        'groups.currency',
        'groups.count',
        'groups.value',
        'pipeline_stages.name as stage_name',
        'pipeline_stages.position',
        'pipeline_stages.probability',
        'pipelines.id as pipeline_id',
        'pipelines.name as pipeline_name',
      ]);
  }

  /** The completed payments the actor's analytics cover, dated in the period. */
  function completedPayments(actor: Actor, p: ResolvedPeriod) {
    return db
      .selectFrom('payments')
      .where(readScope(actor, 'analytics', 'payments'))
      .where('payments.status', '=', 'completed')
      .where('payments.paid_at', '>=', p.from)
      .where('payments.paid_at', '<=', p.to);
  }

  /** Completed payments dated in the period: incoming, refunded (outgoing) and the difference. */
  function revenueRows(actor: Actor, p: ResolvedPeriod) {
    return completedPayments(actor, p)
      .select([
        'payments.currency',
        sumOf(sql`case when payments.direction = 'incoming' then payments.amount else 0 end`).as('incoming'),
        sumOf(sql`case when payments.direction = 'incoming' then 0 else payments.amount end`).as('refunds'),
        sumOf(signedAmount).as('net'),
      ])
      .groupBy('payments.currency');
  }

  function openIssueRows(actor: Actor) {
    return db
      .selectFrom('issues')
      .where(readScope(actor, 'analytics', 'issues'))
      .where('issues.status', 'in', ['open', 'in_progress'])
      .select(['issues.priority', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('issues.priority');
  }

  /**
   * Activities per person: created (by its creator) and done (by its assignee, else its creator) in the
   * period. One pass over the two event streams, grouped in SQL.
   */
  function activityRows(actor: Actor, p: ResolvedPeriod) {
    const scoped = () => db.selectFrom('activities').where(readScope(actor, 'analytics', 'activities'));
    const created = scoped()
      .where(within('activities.created_at', p))
      .select([
        sql<number>`activities.created_by`.as('user_id'),
        sql<number>`1`.as('created'),
        sql<number>`0`.as('done'),
      ]);
    const done = scoped()
      .where(within('activities.done_at', p))
      .select([
        sql<number>`coalesce(activities.assigned_to, activities.created_by)`.as('user_id'),
        sql<number>`0`.as('created'),
        sql<number>`1`.as('done'),
      ]);
    return db
      .selectFrom(created.unionAll(done).as('events'))
      .innerJoin('users', 'users.id', 'events.user_id')
      .select([
        'users.id as user_id',
        'users.name',
        sql<number>`sum(events.created)`.as('created'),
        sql<number>`sum(events.done)`.as('done'),
      ])
      .groupBy(['users.id', 'users.name']);
  }

  function newLeadRows(actor: Actor, p: ResolvedPeriod, buckets: PeriodBucket[]) {
    const inner = db
      .selectFrom('leads')
      .where(readScope(actor, 'analytics', 'leads'))
      .where(within('leads.created_at', p))
      .select(bucketOf('leads.created_at', buckets, 'instant').as('b'));
    return db
      .selectFrom(inner.as('t'))
      .select(['t.b', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('t.b');
  }

  function wonRows(actor: Actor, p: ResolvedPeriod, buckets: PeriodBucket[]) {
    const inner = db
      .selectFrom('deals')
      .where(readScope(actor, 'analytics', 'deals'))
      .where('deals.status', '=', 'won')
      .where(within('deals.closed_at', p))
      .select([bucketOf('deals.closed_at', buckets, 'instant').as('b'), 'deals.currency', 'deals.value']);
    return db
      .selectFrom(inner.as('t'))
      .select([
        't.b',
        't.currency',
        (eb) => eb.fn.countAll<number>().as('count'),
        sumOf(sql`t.value`).as('value'),
      ])
      .groupBy(['t.b', 't.currency']);
  }

  function paidRows(actor: Actor, p: ResolvedPeriod, buckets: PeriodBucket[]) {
    const inner = completedPayments(actor, p).select([
      bucketOf('payments.paid_at', buckets, 'date').as('b'),
      'payments.currency',
      signedAmount.as('amount'),
    ]);
    return db
      .selectFrom(inner.as('t'))
      .select(['t.b', 't.currency', sumOf(sql`t.amount`).as('amount')])
      .groupBy(['t.b', 't.currency']);
  }

  function refuseCustomers(actor: Actor) {
    requireGrant(actor, 'analytics', 'read');
  }

  function scopeOf(actor: Actor) {
    return readGrant(actor, 'analytics') === 'assigned' ? ('assigned' as const) : ('organization' as const);
  }

  return {
    /** GET /analytics/summary: the period's figures, see the module comment for what each counts. */
    async summary(actor: Actor, raw: unknown) {
      refuseCustomers(actor);
      const period = periodFor(actor, raw);
      // One statement: each figure is a few rows, cheaper to read than another round trip would be.
      const figures = await db
        .selectNoFrom([
          rowsAsJson(db, leadRows(actor, period)).as('leads'),
          rowsAsJson(db, closedDealRows(actor, period)).as('deals'),
          rowsAsJson(db, openPipelineRows(actor)).as('pipeline'),
          rowsAsJson(db, revenueRows(actor, period)).as('revenue'),
          rowsAsJson(db, openIssueRows(actor)).as('issues'),
          rowsAsJson(db, activityRows(actor, period)).as('activities'),
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
    async timeseries(actor: Actor, raw: unknown) {
      refuseCustomers(actor);
      const q = timeseriesQuery.parse(raw);
      const { bucket, ...periodPart } = q;
      const period = periodFor(actor, periodPart);
      const buckets = bucketsOf(period, bucket);
      const series = await db
        .selectNoFrom([
          rowsAsJson(db, newLeadRows(actor, period, buckets)).as('leads'),
          rowsAsJson(db, wonRows(actor, period, buckets)).as('won'),
          rowsAsJson(db, paidRows(actor, period, buckets)).as('paid'),
        ])
        .executeTakeFirstOrThrow();
      const leads = readJsonRows(series.leads);
      const won = readJsonRows(series.won);
      const paid = readJsonRows(series.paid);
      const at = (i: number) => (r: { b: number }) => Number(r.b) === i;
      return {
        period,
        scope: scopeOf(actor),
        bucket,
        points: buckets.map((b, i) => {
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
        }),
      };
    },
  };
}

import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Actor } from '../domain/actor.ts';
import type { PeriodBucket, ResolvedPeriod } from '../domain/periods.ts';
import { readScope, totalsScope } from './scope.ts';

/**
 * The queries behind the statistics, one per figure, each limited to what the actor's analytics cover. The
 * service runs several of them as one statement, so each returns a query rather than its rows.
 */

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

export function leadRows(db: Db, actor: Actor, p: ResolvedPeriod) {
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
export function dealGroups<C extends 'deals.status' | 'deals.stage_id'>(db: Db, actor: Actor, by: C) {
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

export function closedDealRows(db: Db, actor: Actor, p: ResolvedPeriod) {
  return dealGroups(db, actor, 'deals.status')
    .where('deals.status', 'in', ['won', 'lost'])
    .where(within('deals.closed_at', p));
}

/**
 * Open deals by stage and currency. For the organization, or an employee's own deals, the sums come from
 * deal_pipeline_totals, which triggers keep per assignee (migration 0008), so the cost does not grow with
 * the number of deals. Any other scope sums the deals it may see.
 */
export function openPipelineGroups(db: Db, actor: Actor) {
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
  return dealGroups(db, actor, 'deals.stage_id').where('deals.status', '=', 'open');
}

/** The open pipeline's groups with the stage and pipeline each belongs to. */
export function openPipelineRows(db: Db, actor: Actor) {
  return db
    .selectFrom(openPipelineGroups(db, actor).as('groups'))
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
export function completedPayments(db: Db, actor: Actor, p: ResolvedPeriod) {
  return db
    .selectFrom('payments')
    .where(readScope(actor, 'analytics', 'payments'))
    .where('payments.status', '=', 'completed')
    .where('payments.paid_at', '>=', p.from)
    .where('payments.paid_at', '<=', p.to);
}

/** Completed payments dated in the period: incoming, refunded (outgoing) and the difference. */
export function revenueRows(db: Db, actor: Actor, p: ResolvedPeriod) {
  return completedPayments(db, actor, p)
    .select([
      'payments.currency',
      sumOf(sql`case when payments.direction = 'incoming' then payments.amount else 0 end`).as('incoming'),
      sumOf(sql`case when payments.direction = 'incoming' then 0 else payments.amount end`).as('refunds'),
      sumOf(signedAmount).as('net'),
    ])
    .groupBy('payments.currency');
}

export function openIssueRows(db: Db, actor: Actor) {
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
export function activityRows(db: Db, actor: Actor, p: ResolvedPeriod) {
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

export function newLeadRows(db: Db, actor: Actor, p: ResolvedPeriod, buckets: PeriodBucket[]) {
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

export function wonRows(db: Db, actor: Actor, p: ResolvedPeriod, buckets: PeriodBucket[]) {
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

export function paidRows(db: Db, actor: Actor, p: ResolvedPeriod, buckets: PeriodBucket[]) {
  const inner = completedPayments(db, actor, p).select([
    bucketOf('payments.paid_at', buckets, 'date').as('b'),
    'payments.currency',
    signedAmount.as('amount'),
  ]);
  return db
    .selectFrom(inner.as('t'))
    .select(['t.b', 't.currency', sumOf(sql`t.amount`).as('amount')])
    .groupBy(['t.b', 't.currency']);
}

import { PRIORITIES, type Priority } from '../domain/vocabulary.ts';

/** The rows the analytics queries return, shaped into the figures the API answers with. */

export function byCurrency<T extends { currency: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** A sum of amount × percent back in minor units, rounded half up. */
function percentOf(amountTimesPercent: bigint): number {
  return Number((amountTimesPercent + 50n) / 100n);
}

export function leadFigures(row: { new: number; converted: number; converted_of_new: number }) {
  const fresh = Number(row.new);
  const convertedOfNew = Number(row.converted_of_new);
  return {
    new: fresh,
    converted: Number(row.converted),
    convertedOfNew,
    /** Of the leads created in the period, the share converted by now (0..1); null when there were none. */
    conversionRate: fresh === 0 ? null : Math.round((convertedOfNew / fresh) * 10_000) / 10_000,
  };
}

export function closedDeals(rows: { status: string; currency: string; count: number; value: number }[]) {
  const outcome = (status: string) => {
    const mine = rows.filter((r) => r.status === status);
    return {
      count: mine.reduce((n, r) => n + Number(r.count), 0),
      value: byCurrency(mine.map((r) => ({ currency: r.currency, amount: Number(r.value) }))),
    };
  };
  return { won: outcome('won'), lost: outcome('lost') };
}

export interface StageGroup {
  stage_id: number;
  currency: string;
  count: number;
  value: number;
  stage_name: string;
  position: number;
  probability: number;
  pipeline_id: number;
  pipeline_name: string;
}

export function openPipeline(groups: StageGroup[]) {
  const stages = groups
    .map((g) => {
      const value = BigInt(g.value);
      return {
        pipelineId: g.pipeline_id,
        pipelineName: g.pipeline_name,
        stageId: g.stage_id,
        stageName: g.stage_name,
        position: g.position,
        probability: g.probability,
        currency: g.currency,
        count: Number(g.count),
        value,
        weighted: value * BigInt(g.probability),
      };
    })
    .sort(
      (a, b) =>
        a.pipelineId - b.pipelineId ||
        a.position - b.position ||
        a.stageId - b.stageId ||
        a.currency.localeCompare(b.currency),
    );
  const totals = new Map<string, { count: number; value: bigint; weighted: bigint }>();
  for (const s of stages) {
    const t = totals.get(s.currency) ?? { count: 0, value: 0n, weighted: 0n };
    totals.set(s.currency, {
      count: t.count + s.count,
      value: t.value + s.value,
      weighted: t.weighted + s.weighted,
    });
  }
  return {
    /** Weighted values use each stage's probability and are rounded half up to minor units. */
    stages: stages.map(({ position: _, weighted, value, ...s }) => ({
      ...s,
      value: Number(value),
      weightedValue: percentOf(weighted),
    })),
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({
        currency,
        count: t.count,
        value: Number(t.value),
        weightedValue: percentOf(t.weighted),
      })),
  };
}

export function revenue(rows: { currency: string; incoming: number; refunds: number; net: number }[]) {
  return byCurrency(rows).map((r) => ({
    currency: r.currency,
    incoming: Number(r.incoming),
    refunds: Number(r.refunds),
    net: Number(r.net),
  }));
}

export function openIssues(rows: { priority: string; count: number }[]) {
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  for (const r of rows) byPriority[r.priority as Priority] = Number(r.count);
  return { total: rows.reduce((n, r) => n + Number(r.count), 0), byPriority };
}

export function activityCounts(rows: { user_id: number; name: string; created: number; done: number }[]) {
  return rows
    .map((r) => ({ userId: r.user_id, name: r.name, created: Number(r.created), done: Number(r.done) }))
    .sort((a, b) => a.userId - b.userId);
}

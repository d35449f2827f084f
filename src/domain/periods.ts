import { invalid } from './errors.ts';

/**
 * Named reporting periods and custom date ranges, resolved in an organization's time zone into half-open
 * [start, end) ranges of stored UTC instants, plus the calendar dates they cover for date-only columns
 * (order dates, payment dates). Calendar periods are whole: "this_month" runs to the end of the month.
 */

/** The same names, in the same order, as the tool catalogue's period input. */
export const PERIOD_NAMES = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];

/** A named period, or an inclusive range of calendar dates (YYYY-MM-DD). */
export type PeriodSpec = PeriodName | { from: string; to: string };

export interface ResolvedPeriod {
  name: PeriodName | 'custom';
  timezone: string;
  /** First calendar day in the period. */
  from: string;
  /** Last calendar day in the period (inclusive). */
  to: string;
  /** First instant of `from` in the time zone, as stored ISO text. */
  start: string;
  /** First instant after `to` in the time zone (exclusive). */
  end: string;
}

export const BUCKET_SIZES = ['day', 'week', 'month'] as const;
export type BucketSize = (typeof BUCKET_SIZES)[number];

/** One step of a time series: a day, a week (Monday first) or a month, clipped to the period. */
export interface PeriodBucket {
  /** The calendar start of the whole bucket: the day, the week's Monday, or the month's first day. */
  key: string;
  from: string;
  to: string;
  start: string;
  end: string;
}

/** Beyond this a chart is unreadable and the SQL that buckets rows grows large; a bigger bucket is asked for. */
export const MAX_BUCKETS = 400;

const DAY_MS = 86_400_000;

/** A calendar date as days since 1970-01-01, so date arithmetic never meets a time zone. */
type Day = number;

function parseDay(text: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a date that does not round-trip does not exist.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function dayText(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function dayOf(year: number, month: number, date: number): Day {
  return Date.UTC(year, month - 1, date) / DAY_MS;
}

function partsOf(day: Day): { year: number; month: number; date: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

/** ISO weekday: Monday 0 ... Sunday 6 (1970-01-01 was a Thursday). */
function weekdayOf(day: Day): number {
  return (((day + 3) % 7) + 7) % 7;
}

function mondayOf(day: Day): Day {
  return day - weekdayOf(day);
}

function firstOfMonth(day: Day): Day {
  const { year, month } = partsOf(day);
  return dayOf(year, month, 1);
}

function addMonths(day: Day, months: number): Day {
  const { year, month, date } = partsOf(day);
  return Date.UTC(year, month - 1 + months, date) / DAY_MS;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall-clock reading in `timezone` at an instant, expressed as if it were UTC milliseconds. */
function wallClock(instant: number, timezone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timezone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
    instant - Math.floor(instant / 1000) * 1000,
  );
}

function offsetAt(instant: number, timezone: string): number {
  return wallClock(instant, timezone) - instant;
}

function localDay(instant: number, timezone: string): Day {
  return Math.floor(wallClock(instant, timezone) / DAY_MS);
}

/**
 * The first instant of a calendar day in a time zone. Where midnight is skipped by a daylight-saving jump the
 * day begins at the jump; where it happens twice, at the first. The offset in force at the true start is one
 * of those a day either side, and no instant of the day precedes its start, so the earliest candidate that
 * falls on the day is the start.
 */
function startOfDay(day: Day, timezone: string): number {
  const midnightAsUtc = day * DAY_MS;
  const candidates = [-DAY_MS, 0, DAY_MS]
    .map((shift) => midnightAsUtc - offsetAt(midnightAsUtc + shift, timezone))
    .filter((instant) => localDay(instant, timezone) === day);
  return Math.min(...candidates);
}

// Building an Intl formatter costs about as much as a database query, and this runs on every dated request.
const zones = new Map<string, string>();

/** The organization's time zone, or UTC when it has none or names one this runtime does not know. */
export function zoneOrUtc(timezone: string | null | undefined): string {
  if (!timezone) return 'UTC';
  let zone = zones.get(timezone);
  if (zone === undefined) {
    try {
      zone = new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
    } catch {
      zone = 'UTC';
    }
    // Names come from organization settings, but a bound keeps odd input from growing the map.
    if (zones.size < 1000) zones.set(timezone, zone);
  }
  return zone;
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone: "today" for date-only fields. */
export function localDate(instant: Date, timezone: string | null | undefined): string {
  return dayText(localDay(instant.getTime(), zoneOrUtc(timezone)));
}

/** Half-open [first, end) calendar days of a named period around `today`. */
function namedDays(name: PeriodName, today: Day): [Day, Day] {
  const quarterStart = (d: Day) => {
    const { year, month } = partsOf(d);
    return dayOf(year, month - ((month - 1) % 3), 1);
  };
  const yearStart = (d: Day) => dayOf(partsOf(d).year, 1, 1);
  switch (name) {
    case 'today':
      return [today, today + 1];
    case 'yesterday':
      return [today - 1, today];
    case 'this_week':
      return [mondayOf(today), mondayOf(today) + 7];
    case 'last_week':
      return [mondayOf(today) - 7, mondayOf(today)];
    case 'this_month':
      return [firstOfMonth(today), addMonths(firstOfMonth(today), 1)];
    case 'last_month':
      return [addMonths(firstOfMonth(today), -1), firstOfMonth(today)];
    case 'this_quarter':
      return [quarterStart(today), addMonths(quarterStart(today), 3)];
    case 'last_quarter':
      return [addMonths(quarterStart(today), -3), quarterStart(today)];
    case 'this_year':
      return [yearStart(today), addMonths(yearStart(today), 12)];
    case 'last_year':
      return [addMonths(yearStart(today), -12), yearStart(today)];
  }
}

function customDays(range: { from: string; to: string }): [Day, Day] {
  const from = parseDay(range.from);
  const to = parseDay(range.to);
  if (from === null) throw invalid(`from: "${range.from}" is not a calendar date as YYYY-MM-DD`);
  if (to === null) throw invalid(`to: "${range.to}" is not a calendar date as YYYY-MM-DD`);
  if (from > to) throw invalid(`The period starts (${range.from}) after it ends (${range.to})`);
  return [from, to + 1];
}

function periodOf(name: ResolvedPeriod['name'], [first, end]: [Day, Day], timezone: string): ResolvedPeriod {
  return {
    name,
    timezone,
    from: dayText(first),
    to: dayText(end - 1),
    start: new Date(startOfDay(first, timezone)).toISOString(),
    end: new Date(startOfDay(end, timezone)).toISOString(),
  };
}

/** Resolves a period for an organization whose clock reads `now`. */
export function resolvePeriod(
  spec: PeriodSpec,
  now: Date,
  timezone: string | null | undefined,
): ResolvedPeriod {
  const zone = zoneOrUtc(timezone);
  if (typeof spec === 'object') return periodOf('custom', customDays(spec), zone);
  if (!(PERIOD_NAMES as readonly string[]).includes(spec)) {
    throw invalid(`"${spec}" is not a period; use one of ${PERIOD_NAMES.join(', ')} or from/to dates`);
  }
  return periodOf(spec, namedDays(spec, localDay(now.getTime(), zone)), zone);
}

function bucketStart(day: Day, size: BucketSize): Day {
  if (size === 'day') return day;
  if (size === 'week') return mondayOf(day);
  return firstOfMonth(day);
}

function nextBucket(key: Day, size: BucketSize): Day {
  if (size === 'day') return key + 1;
  if (size === 'week') return key + 7;
  return addMonths(key, 1);
}

/** The period cut into consecutive days, weeks or months; the first and last are clipped to the period. */
export function bucketsOf(period: ResolvedPeriod, size: BucketSize): PeriodBucket[] {
  const first = parseDay(period.from)!;
  const end = parseDay(period.to)! + 1;
  const buckets: PeriodBucket[] = [];
  for (let key = bucketStart(first, size); key < end; key = nextBucket(key, size)) {
    if (buckets.length === MAX_BUCKETS) {
      throw invalid(
        `A ${size}-by-${size} series of ${period.from} to ${period.to} has more than ${MAX_BUCKETS} points; ` +
          'choose a larger bucket or a shorter period',
      );
    }
    const clipped: [Day, Day] = [Math.max(key, first), Math.min(nextBucket(key, size), end)];
    const { from, to, start, end: bucketEnd } = periodOf('custom', clipped, period.timezone);
    buckets.push({ key: dayText(key), from, to, start, end: bucketEnd });
  }
  return buckets;
}

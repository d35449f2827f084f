import { createRequire } from 'node:module';
import type * as Chrono from 'chrono-node';
import type { PeriodName, PeriodSpec } from '../../domain/periods.ts';

// chrono-node is some 270 modules: loaded when the first date is read rather than at start, it keeps a
// second or more off every cold start. Its CommonJS build loads synchronously, so reading stays synchronous.
const require = createRequire(import.meta.url);
let chronoLibrary: typeof Chrono | undefined;
const chrono = () => (chronoLibrary ??= require('chrono-node') as typeof Chrono);

/**
 * Periods ("this quarter", "last 30 days", "in March", "Q1 2026", "since 1 March") and single dates
 * ("tomorrow at 3pm", "next friday", "by 3 March"). Named periods the catalogue knows are passed by name, so
 * the tools resolve them in the organization's time zone; anything else becomes an inclusive from/to range
 * computed from the context's today. Weeks start on Monday, as in the reports.
 */

export type Period = PeriodSpec;

export interface PeriodHit {
  period: Period;
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;

/** A calendar date as days since 1970-01-01: date arithmetic that never meets a time zone. */
type Day = number;

function parseDay(iso: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(ms) ? ms / DAY_MS : null;
}

function dayText(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function dayOf(year: number, month: number, date: number): Day {
  return Date.UTC(year, month - 1, date) / DAY_MS;
}

function parts(day: Day) {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

function range(first: Day, last: Day): Period {
  return { from: dayText(first), to: dayText(last) };
}

function monthRange(year: number, month: number): Period {
  return range(dayOf(year, month, 1), dayOf(year, month + 1, 1) - 1);
}

function quarterRange(year: number, quarter: number): Period {
  return range(dayOf(year, quarter * 3 - 2, 1), dayOf(year, quarter * 3 + 1, 1) - 1);
}

function yearRange(year: number): Period {
  return range(dayOf(year, 1, 1), dayOf(year + 1, 1, 1) - 1);
}

function mondayOf(day: Day): Day {
  return day - ((((day + 3) % 7) + 7) % 7);
}

const MONTHS = [
  'jan(?:uary)?',
  'feb(?:ruary)?',
  'mar(?:ch)?',
  'apr(?:il)?',
  'may',
  'june?',
  'july?',
  'aug(?:ust)?',
  'sep(?:t(?:ember)?)?',
  'oct(?:ober)?',
  'nov(?:ember)?',
  'dec(?:ember)?',
];
const MONTH_ANY = MONTHS.join('|');

function monthNumber(word: string): number {
  return MONTHS.findIndex((m) => new RegExp(`^(?:${m})$`).test(word)) + 1;
}

function fullYear(text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  const digits = text.replace(/^'/, '');
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

type Rule = [RegExp, (m: RegExpExecArray, today: Day) => Period | null];

const UNIT_DAYS: Record<string, number> = { day: 1, week: 7, month: 30, year: 365 };

/**
 * Tried in order; the first that matches wins, so the longer phrasings ("last 30 days") come before the
 * shorter ones they contain ("last ... days" would otherwise never be reached past "last").
 */
const RULES: Rule[] = [
  [
    /\b(?:in |during |over |for |within )?the (?:last|past|previous) (\d{1,3}) (day|week|month|year)s?\b|\b(?:last|past|previous) (\d{1,3}) (day|week|month|year)s?\b/,
    (m, today) => {
      const count = Number(m[1] ?? m[3]);
      const unit = UNIT_DAYS[(m[2] ?? m[4])!]!;
      return count < 1 ? null : range(today - count * unit + 1, today);
    },
  ],
  [
    /\b(?:in |within )?the next (\d{1,3}) (day|week|month|year)s?\b|\bnext (\d{1,3}) (day|week|month|year)s?\b/,
    (m, today) => {
      const count = Number(m[1] ?? m[3]);
      const unit = UNIT_DAYS[(m[2] ?? m[4])!]!;
      return count < 1 ? null : range(today, today + count * unit - 1);
    },
  ],
  [/\b(?:year to date|ytd|so far this year)\b/, () => 'this_year'],
  [/\b(?:month to date|mtd|so far this month)\b/, () => 'this_month'],
  [/\b(?:quarter to date|qtd|so far this quarter)\b/, () => 'this_quarter'],
  [/\b(?:this|current|the current) (week|month|quarter|year)(?:'s)?\b/, (m) => `this_${m[1]}` as PeriodName],
  [
    /\b(?:last|previous|past|prior|the last|the past|the previous) (week|month|quarter|year)(?:'s)?\b/,
    (m) => `last_${m[1]}` as PeriodName,
  ],
  [
    /\bnext (week|month|quarter|year)(?:'s)?\b/,
    (m, today) => {
      const { year, month } = parts(today);
      switch (m[1]) {
        case 'week':
          return range(mondayOf(today) + 7, mondayOf(today) + 13);
        case 'month':
          return monthRange(year + Math.floor(month / 12), (month % 12) + 1);
        case 'quarter': {
          const q = Math.ceil(month / 3);
          return q === 4 ? quarterRange(year + 1, 1) : quarterRange(year, q + 1);
        }
        default:
          return yearRange(year + 1);
      }
    },
  ],
  [/\b(?:today|today's|todays|tonight)\b/, () => 'today'],
  [/\byesterday(?:'s)?\b/, () => 'yesterday'],
  [/\btomorrow(?:'s)?\b/, (_m, today) => range(today + 1, today + 1)],
  [
    /\bq([1-4])(?:\s*(?:of\s+)?('\d{2}|\d{4}))?\b/,
    (m, today) => quarterRange(fullYear(m[2], parts(today).year), Number(m[1])),
  ],
  [
    /\b(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?(?: (\d{4}))?\b/,
    (m, today) => {
      const q = ['first', 'second', 'third', 'fourth'].indexOf(m[1]!) + 1 || Number(m[1]![0]);
      return quarterRange(fullYear(m[2], parts(today).year), q);
    },
  ],
  [
    // A month alone is also a name ("Jan", "April") or a verb ("may", "march"), so it needs a preposition
    // or a year to count as a month.
    new RegExp(
      `\\b(?:(?:in|for|during|of|through|closing) (${MONTH_ANY})(?: (\\d{4}))?|(${MONTH_ANY}) (\\d{4}))\\b`,
    ),
    (m, today) => {
      const word = (m[1] ?? m[3])!;
      const month = monthNumber(word);
      if (month === 0) return null;
      return monthRange(fullYear(m[2] ?? m[4], parts(today).year), month);
    },
  ],
  [/\b(?:in|for|during|of|year) (20\d{2}|19\d{2})\b/, (m) => yearRange(Number(m[1]))],
];

/**
 * Blanks out document numbers ("ORD-2026-0012") and record ids ("lead 12", "#4") before reading dates, so
 * a year inside a number is not read as a year, nor an id as a day or an hour.
 */
function maskNumbers(text: string): string {
  return text
    .replace(/\b(?:iss|ord|pay)-\d{4}-\d+\b/gi, (s) => ' '.repeat(s.length))
    .replace(ID_AFTER_NOUN, (s, noun: string) => noun + ' '.repeat(s.length - noun.length))
    .replace(/#\s?\d+/g, (s) => ' '.repeat(s.length));
}

const ID_AFTER_NOUN =
  /\b(deals?|leads?|customers?|clients?|contacts?|issues?|tickets?|orders?|payments?|tasks?|activity|opportunity)\s*(?:number\s*|no\.?\s*|id\s*|#\s*)?\d+\b/gi;

/** The first period the text names, with where it stands. */
export function findPeriod(text: string, today: string): PeriodHit | null {
  const day = parseDay(today);
  if (day === null) return null;
  const masked = maskNumbers(text.toLowerCase());
  const since = sinceRange(masked, day);
  if (since) return since;
  let best: PeriodHit | null = null;
  for (const [re, build] of RULES) {
    const m = re.exec(masked);
    if (!m) continue;
    const period = build(m, day);
    if (period && (!best || m.index < best.start)) {
      best = { period, start: m.index, end: m.index + m[0].length };
    }
  }
  return best;
}

/** "since 1 March" and "between 1 and 15 March" / "from 1 March to 15 March" as ranges. */
function sinceRange(text: string, today: Day): PeriodHit | null {
  const since = /\bsince (.+)$/.exec(text);
  if (since) {
    const date = findDate(since[1]!, dayText(today), { future: false });
    if (date && date.start === 0) {
      const from = parseDay(date.date)!;
      if (from <= today) {
        return {
          period: range(from, today),
          start: since.index,
          end: since.index + 6 + date.end,
        };
      }
    }
  }
  const between = /\b(?:between|from) (.+?) (?:and|to|until|till|through) (.+)$/.exec(text);
  if (between) {
    const first = findDate(between[1]!, dayText(today), { future: false });
    const second = findDate(between[2]!, dayText(today), { future: false });
    if (first && second && first.start === 0 && second.start === 0) {
      const [a, b] = [parseDay(first.date)!, parseDay(second.date)!];
      if (a <= b) return { period: range(a, b), start: between.index, end: text.length };
    }
  }
  return null;
}

export interface DateHit {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm when the text names a time of day. */
  time?: string;
  start: number;
  end: number;
}

/**
 * chrono reads words that are not dates here: a lone "sun" or "sat", "a day", durations ("for 2 hours"),
 * and bare month names that stand for a whole month rather than its first day.
 */
function isDate(text: string): boolean {
  const t = text.toLowerCase().trim();
  if (/^(?:sun|sat|mon|tue|wed|thu|fri|a day|now|noon|midnight)$/.test(t)) return false;
  if (/^for\b/.test(t)) return false;
  if (/^(?:in |by |on )?(?:[a-z]+)$/.test(t) && monthNumber(t.replace(/^(?:in|by|on) /, '')) > 0) {
    return false;
  }
  return true;
}

/**
 * The first date the text names. `future` says which way an ambiguous date leans: a due date ("friday",
 * "3 March") lies ahead, a payment date behind. The reference is noon of today in local time and results
 * are read in local time, so the answer does not depend on the machine's time zone.
 */
export function findDate(text: string, today: string, options: { future: boolean }): DateHit | null {
  const day = parseDay(today);
  if (day === null) return null;
  const d = new Date(day * DAY_MS);
  const reference = new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12);
  const masked = maskNumbers(text);
  let results: Chrono.ParsedResult[];
  try {
    results = chrono().en.casual.parse(masked, reference, { forwardDate: options.future });
  } catch {
    return null;
  }
  const result = results.find((r) => isDate(r.text));
  if (!result) return null;
  const when = result.start.date();
  // chrono picks the nearest "3 March" or "friday"; for something that already happened it is the last one.
  if (!options.future && when.getTime() > reference.getTime() + DAY_MS / 2) {
    if (!result.start.isCertain('year') && result.start.isCertain('month')) {
      when.setFullYear(when.getFullYear() - 1);
    } else if (result.start.isCertain('weekday') && !result.start.isCertain('day'))
      when.setDate(when.getDate() - 7);
  }
  const date = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const hit: DateHit = { date, start: result.index, end: result.index + result.text.length };
  if (result.start.isCertain('hour')) hit.time = `${pad(when.getHours())}:${pad(when.getMinutes())}`;
  return hit;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

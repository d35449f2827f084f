import { preferredLanguages } from './i18n.ts';

/**
 * Display helpers shared by every page: numbers and dates in the person's locale (the browser's languages),
 * moments in the organization's time zone so everyone in it reads the same day and hour.
 */

/** The browser's preferred locales, best first; Intl picks the first it supports. */
export const LOCALES: readonly string[] = preferredLanguages();

/** The organization's IANA time zone, once known; until then (and for an unknown name) the browser's own. */
let timeZone: string | undefined;

export function setTimeZone(zone: string | undefined): void {
  timeZone = zone && isTimeZone(zone) ? zone : undefined;
}

export function currentTimeZone(): string {
  return timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(options: Intl.DateTimeFormatOptions, zone = currentTimeZone()): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES, { ...options, timeZone: zone });
    formatters.set(key, format);
  }
  return format;
}

const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
const DAY_AND_TIME: Intl.DateTimeFormatOptions = { ...DAY, hour: '2-digit', minute: '2-digit' };
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Dates without a time ("2026-11-19") are calendar days: shown as written, never shifted by a time zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (CALENDAR_DAY.test(value)) return dateTimeFormat(DAY, 'UTC').format(new Date(`${value}T00:00:00Z`));
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : dateTimeFormat(DAY).format(at);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : dateTimeFormat(DAY_AND_TIME).format(at);
}

const counts = new Intl.NumberFormat(LOCALES);
const percents = new Intl.NumberFormat(LOCALES, { style: 'percent', maximumFractionDigits: 0 });

/** 1234 -> "1,234" (or "1.234", "1 234"… as the locale writes it). */
export function formatCount(value: number): string {
  return counts.format(value);
}

/** A share from 0 to 1: 0.256 -> "26%". */
export function formatPercent(share: number): string {
  return percents.format(share);
}

/** "in_progress" -> "In progress", "bank_transfer" -> "Bank transfer". */
export function humanize(value: string | null | undefined): string {
  if (!value) return '—';
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function options<T extends string>(values: readonly T[]): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: humanize(value) }));
}

/** The wall-clock fields of a moment in the organization's time zone. */
function wallClock(at: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const fields = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  } as const;
  const parts: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    ...fields,
    hourCycle: 'h23',
    timeZone: currentTimeZone(),
  });
  for (const part of format.formatToParts(at)) parts[part.type] = Number(part.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
  };
}

/** For <input type="datetime-local">, which wants a wall-clock time without a zone: the organization's. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const w = wallClock(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** A wall-clock time typed in the organization's time zone, as the moment it names. */
export function fromLocalInput(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at that moment, measured twice so a time just after a clock change lands right.
  const offsetAt = (t: number) => {
    const w = wallClock(new Date(t));
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - t;
  };
  let at = asUtc - offsetAt(asUtc);
  at = asUtc - offsetAt(at);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

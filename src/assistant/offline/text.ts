import { alternation, perLanguage } from './language.ts';

/**
 * The normaliser every other part of the engine reads through. A request is kept twice, character for
 * character: `raw` as typed (names and free text keep their case) and `text` lower-cased, so a pattern
 * matched on `text` can cut the same span out of `raw`.
 */

export interface Utterance {
  readonly raw: string;
  readonly text: string;
}

/** A span of the request: what it says as typed, and where it sits. */
export interface Span {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const SMART_QUOTES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201F': '"',
  '\u00AB': '"',
  '\u00BB': '"',
};

/** Lower-cases one character at a time, keeping any character whose lower case is longer (Turkish İ). */
function lowerAligned(raw: string): string {
  let out = '';
  for (const ch of raw) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

export function utterance(input: string): Utterance {
  const raw = input
    .replace(/[\u2018\u2019\u201B\u2032\u201C\u201D\u201F\u00AB\u00BB]/g, (q) => SMART_QUOTES[q] ?? q)
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!?]+$/, '');
  return { raw, text: lowerAligned(raw) };
}

/** A shorter utterance cut from a longer one; both views stay aligned because they are cut together. */
function slice(u: Utterance, start: number, end = u.text.length): Utterance {
  const raw = u.raw.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const trail = raw.length - raw.trimEnd().length;
  return {
    raw: raw.slice(lead, raw.length - trail),
    text: u.text.slice(start + lead, end - trail),
  };
}

/**
 * Blanks out spans already used (a date, an amount) with spaces of the same length, so later extractors do
 * not read them twice and every position stays valid.
 */
export function blank(u: Utterance, spans: ReadonlyArray<{ start: number; end: number }>): Utterance {
  let raw = u.raw;
  let text = u.text;
  for (const s of spans) {
    const gap = ' '.repeat(Math.max(0, s.end - s.start));
    raw = raw.slice(0, s.start) + gap + raw.slice(s.end);
    text = text.slice(0, s.start) + gap + text.slice(s.end);
  }
  return { raw, text };
}

function withIndices(re: RegExp): RegExp {
  return re.hasIndices ? re : new RegExp(re.source, `${re.flags}d`);
}

/** The first match of `re` on the lower-cased text, with every capture group cut from the typed text. */
export function find(
  u: Utterance,
  re: RegExp,
  from = 0,
): { whole: Span; groups: Array<Span | undefined> } | null {
  const pattern = withIndices(new RegExp(re.source, re.flags.replace('g', '')));
  const m = pattern.exec(u.text.slice(from));
  if (!m?.indices) return null;
  const span = (pair: [number, number] | undefined): Span | undefined =>
    pair
      ? { value: u.raw.slice(pair[0] + from, pair[1] + from), start: pair[0] + from, end: pair[1] + from }
      : undefined;
  return {
    whole: span(m.indices[0])!,
    groups: Array.from({ length: m.length - 1 }, (_, i) => span(m.indices?.[i + 1])),
  };
}

/** Titles and subjects read as labels in lists, so they start with a capital; the rest stays as typed. */
export function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** Trims the punctuation and joining words a captured phrase tends to drag along at either end. */
export function tidy(s: string): string {
  return s
    .replace(/^[\s,;:\-–—]+/, '')
    .replace(/[\s,;:\-–—]+$/, '')
    .replace(/^(?:that|which|saying|says|to say)\s+/i, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

const courtesy = perLanguage((w) => ({
  opener: new RegExp(`^(?:${alternation(w.courtesyOpeners)})\\b[\\s,]*`),
  closer: new RegExp(`[\\s,]*\\b(?:${alternation(w.courtesyClosers)})$`),
}));

/** Drops the courtesy around a request ("could you please ... thanks") so rules see the request itself. */
export function stripCourtesy(u: Utterance): Utterance {
  const { opener, closer } = courtesy();
  let start = 0;
  let rest = u.text;
  for (let m = opener.exec(rest); m && m[0].length > 0; m = opener.exec(rest)) {
    start += m[0].length;
    rest = rest.slice(m[0].length);
  }
  const suffix = closer.exec(rest);
  const end = suffix ? u.text.length - suffix[0].length : u.text.length;
  return slice(u, start, Math.max(start, end));
}

/**
 * Verbs that begin a new request (the language's requestStarts). Only these split "create a lead named Ann
 * and show my deals" in two, so "Tom and Jerry" or "called and asked for a refund" stay whole.
 */
const splitter = perLanguage((w) => {
  const start = `(?:${alternation(w.requestStarts)})\\b`;
  const join = alternation(w.joiners);
  return new RegExp(
    `\\s*(?:[,;]|\\.(?=\\s))\\s*(?:(?:${join})\\s+)*(?=${start})|\\s+(?:${join})(?:\\s+(?:${join}))?\\s+(?=${start})`,
    'g',
  );
});

/**
 * Splits a message into requests. Quoted text and anything after the first colon (a note or comment the
 * user is dictating) is never split, because there "and update the ticket" is part of what they said.
 */
export function splitRequests(u: Utterance): Utterance[] {
  const colon = u.text.search(/:(?!\d)/);
  const limit = colon === -1 ? u.text.length : colon;
  const quoted = quotedRanges(u.text);
  const cuts: Array<[number, number]> = [];
  for (const m of u.text.matchAll(splitter())) {
    const at = m.index;
    if (at >= limit || quoted.some(([s, e]) => at > s && at < e)) continue;
    cuts.push([at, at + m[0].length]);
  }
  const parts: Utterance[] = [];
  let from = 0;
  for (const [s, e] of cuts) {
    parts.push(slice(u, from, s));
    from = e;
  }
  parts.push(slice(u, from));
  return parts.filter((p) => p.text.length > 0);
}

/** Positions of text in quotes. An apostrophe inside a word ("Acme's", "don't") does not open a quote. */
export function quotedRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const re = /(^|[\s:(,])(["'])(.+?)\2(?=$|[\s,.;:!?)])/g;
  for (const m of text.matchAll(re)) {
    const open = m.index + m[1]!.length;
    ranges.push([open, open + m[2]!.length * 2 + m[3]!.length]);
  }
  return ranges;
}

/** The first quoted phrase at or after `from`, without its quotes. */
export function quoted(u: Utterance, from = 0): Span | null {
  for (const [s, e] of quotedRanges(u.text)) {
    if (s >= from) return { value: u.raw.slice(s + 1, e - 1).trim(), start: s, end: e };
  }
  return null;
}

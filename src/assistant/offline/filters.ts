import type { Clause } from './interpretation.ts';
import { alternation, perLanguage } from './language.ts';
import type { RecordType } from './lexicon.ts';
import { type Money, statedAmount } from './money.ts';
import { nameAt } from './names.ts';
import { findPeriod, type PeriodHit } from './periods.ts';
import { type Ref, refsIn } from './refs.ts';
import { find, type Span } from './text.ts';

/**
 * Extractors shared by the intents: who a request is about ("my", "assigned to Sara"), how many, which
 * period and in what role (created, closing, due, paid), amount bounds, a customer named as a party, and
 * text to match.
 */

export type UserRef = 'me' | string;

/** The filters' cue words, from the current language. */
const cues = perLanguage((w) => {
  const plurals = alternation(w.records.flatMap((r) => r.plural));
  return {
    possessive: new RegExp(`(?:^|\\s)([A-Z][\\p{L}-]+)'s\\s+(?:[a-z-]+\\s+){0,3}?(?:${plurals})\\b`, 'u'),
    limitBefore: new RegExp(`\\b(?:${alternation(w.limitWords)})\\s+(\\d{1,4})\\b`),
    limitCount: new RegExp(`(?:^|\\s)(\\d{1,4})\\s+(?:[a-z-]+\\s+){0,3}?(?:${plurals})\\b`),
    min: new RegExp(`\\b(?:${alternation(w.amountAtLeast)})\\s*|(?:>=?|≥)\\s*`),
    max: new RegExp(`\\b(?:${alternation(w.amountAtMost)})\\s*|(?:<=?|≤)\\s*`),
    query: new RegExp(`\\b(?:${alternation(w.queryCues)})\\s+`),
    mine: new RegExp(
      `\\b(?:${alternation(w.ownWords)})\\b|\\b(?:${alternation([...w.assignedCues, ...w.forWords])}) (?:${alternation(w.meWords)})\\b`,
    ),
    assigned: new RegExp(`\\b(?:${alternation(w.assignedCues)})\\s+`),
    me: new RegExp(`^(?:${alternation(w.meWords)})\\b`),
  };
});

/**
 * "my deals", "deals assigned to me", "tasks I have", "Sara's deals", "deals owned by Sara". A customer's
 * "my" is not an assignment (customers are never assignees; the tools already limit them to their own
 * records), so it adds no filter for them.
 */
export function assignee(c: Clause): UserRef | undefined {
  const { text } = c.u;
  const { mine, assigned } = cues();
  const me = mine.test(text);
  if (me) return c.ctx.role === 'customer' ? undefined : 'me';
  const named = find(c.u, assigned);
  if (named) return nameAt(c.u, named.whole.end)?.value;
  const possessive = cues().possessive.exec(c.u.raw);
  return possessive ? possessive[1] : undefined;
}

/** "assign it to Sara", "assigned to me", "hand it over to Sara": who a new or changed record should belong to. */
export function assignTo(c: Clause): UserRef | undefined {
  const m = find(
    c.u,
    /\b(?:re)?assign(?:ed)?(?:\s+(?:it|this|them|him|her))?(?:\s+over)?\s+to\s+|\bgive (?:it\s+)?to\s+|\bhand (?:it\s+)?(?:over\s+)?to\s+|^(?:give|hand|pass)\s+(?:(?:it|this|them|(?:the )?(?:deal|lead|issue|ticket|customer|client)\s*#?\s*\d*)\s+)?(?:over\s+)?to\s+/,
  );
  if (!m) return undefined;
  if (cues().me.test(c.u.text.slice(m.whole.end))) return 'me';
  return nameAt(c.u, m.whole.end)?.value;
}

/** "top 5 deals", "first 10 leads", "last 3 orders", "5 biggest deals": how many to show, at most 100. */
export function listLimit(c: Clause): number | undefined {
  const { limitBefore, limitCount } = cues();
  const m = limitBefore.exec(c.u.text) ?? limitCount.exec(c.u.text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 ? Math.min(n, 100) : undefined;
}

/** The period the request names, if any. */
export function periodIn(c: Clause): PeriodHit | null {
  return findPeriod(c.u.text, c.ctx.today);
}

/** Whether the words just before a period tie it to closing ("closing this month", "expected to close in Q1"). */
export function isClosingPeriod(c: Clause, hit: PeriodHit): boolean {
  const before = c.u.text.slice(0, hit.start);
  return /\b(?:clos(?:e|es|ing)|expected|to close|close date|closure)\b[\w\s]{0,20}$/.test(before);
}

/** "over 10k", "at least $5,000", "below 1000", "between 1k and 5k". */
export function amountBounds(c: Clause): { min?: Money; max?: Money } {
  const { text } = c.u;
  const bounds: { min?: Money; max?: Money } = {};
  const between = /\bbetween\s+(\S+(?:\s\S+)?)\s+and\s+/.exec(text);
  if (between) {
    const low = statedAmount(text, between.index + 'between'.length);
    const high = low ? statedAmount(text, low.end) : null;
    if (low && high) return { min: low, max: high };
  }
  const min = cues().min.exec(text);
  if (min) {
    const amount = statedAmount(text, min.index);
    if (amount && amount.start <= min.index + min[0].length + 1) bounds.min = amount;
  }
  const max = cues().max.exec(text);
  if (max) {
    const amount = statedAmount(text, max.index);
    if (amount && amount.start <= max.index + max[0].length + 1) bounds.max = amount;
  }
  return bounds;
}

/** Text to match names against: "named John", "called 'Acme'", "starting with Ac", "matching web". */
export function queryIn(c: Clause): string | undefined {
  const m = find(c.u, cues().query);
  return m ? nameAt(c.u, m.whole.end)?.value : undefined;
}

/**
 * A customer the request names as a party: "deals for Acme", "orders from customer 5", "call with John".
 * An id reference to a customer wins over a name. `cues` are the joining words that may introduce it.
 */
export function partyIn(c: Clause, cues = 'for|with|from|of|by'): number | string | undefined {
  const byId = refsIn(c.u).find((r) => r.type === 'customer' && r.kind === 'id');
  if (byId) return byId.ref;
  const m = find(c.u, new RegExp(`\\b(?:${cues})\\s+(?:(?:the )?(?:customer|client|company)\\s+)?`));
  if (!m) return undefined;
  return nameAt(c.u, m.whole.end)?.value;
}

/** The first reference of one of `types`, or a bare "#23" when the request is about that type. */
export function refOf(c: Clause, types: RecordType[], bareType?: RecordType): Ref | undefined {
  const refs = refsIn(c.u);
  const typed = refs.find((r) => r.type !== null && types.includes(r.type) && r.kind !== 'name');
  if (typed) return typed;
  if (bareType) {
    const bare = refs.find((r) => r.type === null);
    if (bare) return { ...bare, type: bareType };
  }
  return refs.find((r) => r.type !== null && types.includes(r.type));
}

/** The free text after a colon or a dash: "comment on issue 4: customer called". */
export function afterColon(c: Clause): Span | null {
  const m = find(c.u, /(?::(?!\d)|\s[-–—]\s)\s*(.+)$/);
  const span = m?.groups[0];
  return span?.value.trim() ? { ...span, value: span.value.trim() } : null;
}

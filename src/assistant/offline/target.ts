import { type Clarify, type Clause, clarify } from './interpretation.ts';
import { nounsIn, type RecordType } from './lexicon.ts';
import { pronounRef, refsIn } from './refs.ts';
import { NOT_YET_CREATED, WHICH_RECORD, whichRecord } from './wording.ts';

/**
 * Which record a change, deletion, note or comment is about. In order: a number or id the request gives
 * ("deal 23", "ORD-2026-0012", "#23"), a record it names ("customer Acme Corp", "the Acme deal"), a pronoun
 * ("it", "this deal") pointing at the conversation's last record, and finally the last record itself when
 * the request names none ("mark as won").
 */

export interface Target {
  type: RecordType;
  ref: number | string;
  /** Where the reference stands (0, 0 when implied), so the rest of the request can be read without it. */
  start: number;
  end: number;
}

function fromLast(c: Clause, wanted: RecordType | null): Target | Clarify {
  const last = c.last;
  if (last === 'pending') return clarify(NOT_YET_CREATED);
  if (!last) return clarify(wanted ? whichRecord(wanted) : WHICH_RECORD);
  if (wanted && last.type !== wanted) return clarify(whichRecord(wanted));
  return { type: last.type, ref: last.id, start: 0, end: 0 };
}

/**
 * `types` limits what may be meant (a comment only goes on an issue); `fallback` is the type a bare "#23"
 * takes when the request names no type at all.
 */
export function targetOf(c: Clause, types?: RecordType[], fallback?: RecordType): Target | Clarify {
  const allowed = (t: RecordType | null) => t !== null && (!types || types.includes(t));
  const refs = refsIn(c.u);
  const explicit = refs.find((r) => r.kind !== 'name' && allowed(r.type));
  if (explicit) return { type: explicit.type!, ref: explicit.ref, start: explicit.start, end: explicit.end };
  const bare = refs.find((r) => r.type === null);
  const nouns = nounsIn(c.u.text).filter((n) => allowed(n.type));
  if (bare) {
    const type = nouns[0]?.type ?? fallback ?? (c.last && c.last !== 'pending' ? c.last.type : undefined);
    if (type && allowed(type)) return { type, ref: bare.ref, start: bare.start, end: bare.end };
    return clarify(WHICH_RECORD);
  }
  const pronoun = pronounRef(c.u.text);
  const named = refs.find((r) => r.kind === 'name' && allowed(r.type));
  if (named && (!pronoun || named.start < pronoun.start)) {
    return { type: named.type!, ref: named.ref, start: named.start, end: named.end };
  }
  if (pronoun) {
    const wanted = pronoun.type ?? (types?.length === 1 ? types[0]! : null);
    const target = fromLast(c, wanted);
    return 'clarify' in target ? target : { ...target, start: pronoun.start, end: pronoun.end };
  }
  const noun = nouns[0];
  if (noun) return fromLast(c, noun.type);
  return fromLast(c, types?.length === 1 ? types[0]! : null);
}

export function isTarget(t: Target | Clarify): t is Target {
  return !('clarify' in t);
}

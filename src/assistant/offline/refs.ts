import { alternation, perLanguage } from './language.ts';
import { type RecordType, refWords } from './lexicon.ts';
import { nameAt } from './names.ts';
import type { Utterance } from './text.ts';

/**
 * References to records: "deal 23", "deal #23", "#23", "order number 12", "ORD-2026-0012",
 * "ISS-2026-0003", "lead named 'Mary Ann'", "customer Acme Corp", "the Acme deal", and pronouns ("it",
 * "this deal") that point at the record the conversation is about.
 */

export interface Ref {
  /** Null for a bare "#23", whose type comes from the rest of the request. */
  type: RecordType | null;
  /** An id, a document number (upper case) or a name, as the tool catalogue takes them. */
  ref: number | string;
  kind: 'id' | 'number' | 'name';
  start: number;
  end: number;
}

const DOCUMENT_TYPES: Record<string, RecordType> = { iss: 'issue', ord: 'order', pay: 'payment' };

/** "ORD-2026-0012": the numbers issues, orders and payments carry. */
export function documentNumbers(text: string): Ref[] {
  const refs: Ref[] = [];
  for (const m of text.matchAll(/\b(iss|ord|pay)-(\d{4})-(\d{1,9})\b/gi)) {
    refs.push({
      type: DOCUMENT_TYPES[m[1]!.toLowerCase()]!,
      ref: m[0].toUpperCase(),
      kind: 'number',
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return refs;
}

/** A positive id the catalogue accepts; "0" or a 30-digit number is no id at all. */
function asId(digits: string): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
}

/** The reference shapes, filled with the current language's words. */
const patterns = perLanguage((w) => {
  const nouns = alternation(Object.keys(w.refWords));
  return {
    typed: new RegExp(
      `\\b(${nouns})s?\\s*(?:(?:${alternation(w.refLinks)})\\s*|#\\s*)?(\\d{1,12})(?![\\p{L}\\p{N}%$€£]|[.,]\\d)`,
      'gu',
    ),
    after: new RegExp(`\\b(${nouns})(?: (?:${alternation(w.nameLinks)}))?\\s+`, 'g'),
    before: new RegExp(
      `\\b[Tt]he ([A-Z0-9][\\p{L}\\p{N}&'.-]*\\s(?:[\\p{L}\\p{N}&'.-]+\\s){0,3})(${nouns})\\b`,
      'gu',
    ),
    pointed: new RegExp(
      `\\b(?:${alternation(w.pointers)}) (${nouns}|one)\\b(?!\\s*(?:#|\\d|${alternation(w.nameLinks)}))`,
    ),
    pronoun: new RegExp(`\\b(?:${alternation(w.pronouns)})\\b|\\b(?:${alternation(w.pronounsAtEnd)})$`),
  };
});

/**
 * "deal 23", "ticket #4", "order number 12", "lead id 7", and bare "#23". A number followed by a unit or a
 * multiplier ("lead 5k", "deal 5%") is an amount, not an id.
 */
export function idRefs(text: string): Ref[] {
  const refs: Ref[] = [];
  const nouns = refWords();
  for (const m of text.matchAll(patterns().typed)) {
    const id = asId(m[2]!);
    if (id !== null) {
      refs.push({ type: nouns[m[1]!]!, ref: id, kind: 'id', start: m.index, end: m.index + m[0].length });
    }
  }
  for (const m of text.matchAll(/(?:^|[\s(,])#\s?(\d{1,12})\b/g)) {
    const start = m.index + m[0].indexOf('#');
    const id = asId(m[1]!);
    if (id !== null && !refs.some((r) => start >= r.start && start < r.end)) {
      refs.push({ type: null, ref: id, kind: 'id', start, end: m.index + m[0].length });
    }
  }
  return refs;
}

/**
 * Records named rather than numbered: "lead named 'Mary Ann'", "customer Acme Corp", "deal 'Website
 * redesign'", and "the Acme deal" when the name is capitalised (lower-case words there are just
 * adjectives: "the big deal").
 */
export function nameRefs(u: Utterance): Ref[] {
  const refs: Ref[] = [];
  const { after, before } = patterns();
  const nouns = refWords();
  for (const m of u.text.matchAll(after)) {
    const name = nameAt(u, m.index + m[0].length);
    if (name && !/^#?\d+$/.test(name.value)) {
      refs.push({ type: nouns[m[1]!]!, ref: name.value, kind: 'name', start: m.index, end: name.end });
    }
  }
  for (const m of u.raw.matchAll(before)) {
    const type = nouns[m[2]!.toLowerCase()];
    if (type) {
      refs.push({ type, ref: m[1]!.trim(), kind: 'name', start: m.index, end: m.index + m[0].length });
    }
  }
  return refs;
}

/** Every reference, explicit ones first where two overlap. */
export function refsIn(u: Utterance): Ref[] {
  const explicit = [...documentNumbers(u.text), ...idRefs(u.text)];
  const overlaps = (r: Ref) => explicit.some((e) => r.start < e.end && e.start < r.end);
  return [...explicit, ...nameRefs(u).filter((r) => !overlaps(r))].sort((a, b) => a.start - b.start);
}

export interface PronounRef {
  /** The type the words themselves name ("this deal"), if any. */
  type: RecordType | null;
  start: number;
  end: number;
}

/**
 * "it", "its", "this one", "this deal", "the lead", and a trailing "this"/"that" ("delete that"). A "that"
 * mid-sentence is usually a conjunction ("saying that ..."), so it only counts in those positions.
 */
export function pronounRef(text: string): PronounRef | null {
  const { pointed, pronoun } = patterns();
  const typed = pointed.exec(text);
  const plain = pronoun.exec(text);
  const hit = [typed, plain]
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => a.index - b.index)[0];
  if (!hit) return null;
  const word = hit === typed ? hit[1]! : '';
  return { type: refWords()[word] ?? null, start: hit.index, end: hit.index + hit[0].length };
}

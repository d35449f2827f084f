import { alternation, perLanguage } from './language.ts';
import { findAmounts } from './money.ts';
import { find, quoted, type Span, tidy, type Utterance } from './text.ts';

/**
 * Names, titles and contact details. A name is either quoted ("lead named 'Mary Ann'") or the words after a
 * cue up to the first word that starts the next part of the request ("John from Facebook", "Acme Corp with
 * email ..."). That boundary list is what keeps "named John from Facebook" from naming "John from Facebook".
 */

/** Where names end and what never begins one, from the current language. */
const nameWords = perLanguage((w) => ({
  stops: new Set(w.nameStops),
  notNames: new Set([...w.nameStops, ...w.notNames]),
  phone: new RegExp(
    `\\b(?:${alternation(w.phoneLabels)})(?: (?:${alternation(w.phoneLabels)}))?(?: is)?[:\\s]\\s*(\\+?\\d[\\d\\s().-]{4,22}\\d)`,
  ),
}));

const MAX_NAME_WORDS = 6;

/**
 * The name starting at `from`: quoted text, or up to six words that stop at a boundary word, an amount,
 * an email address or punctuation that ends a phrase.
 */
export function nameAt(u: Utterance, from: number): Span | null {
  const rest = u.text.slice(from);
  const skip = rest.length - rest.trimStart().length;
  const start = from + skip;
  const q = quoted(u, start);
  if (q && q.start === start) return q.value ? q : null;
  const token = /[^\s]+/g;
  token.lastIndex = start;
  const { stops, notNames } = nameWords();
  let end = start;
  let count = 0;
  for (let m = token.exec(u.text); m; m = token.exec(u.text)) {
    const piece = m[0];
    const bare = piece.replace(/[,;:!?)(]+$/, '').replace(/'s$/, '');
    if (count === 0 && (notNames.has(bare) || /^#?\d+$|^(?:iss|ord|pay)-\d{4}-\d+$/.test(bare))) {
      return null;
    }
    if (count > 0 && stops.has(bare)) break;
    if (bare.includes('@') || /^[(]/.test(piece)) break;
    if (findAmounts(piece).some((a) => a.explicit)) break;
    end = m.index + piece.replace(/[,;:!?)]+$/, '').length;
    count += 1;
    if (count === MAX_NAME_WORDS || /[,;:!?)]$/.test(piece)) break;
  }
  if (count === 0) return null;
  const value = tidy(u.raw.slice(start, end)).replace(/'s$/, '');
  return value ? { value, start, end } : null;
}

/** A name after a cue word: "named X", "called 'X'", "name: X". */
export function namedAfter(u: Utterance, cue: RegExp): Span | null {
  const m = find(u, cue);
  return m ? nameAt(u, m.whole.end) : null;
}

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/;

export function emailIn(u: Utterance): Span | null {
  const m = find(u, EMAIL);
  return m ? { ...m.whole, value: m.whole.value.toLowerCase() } : null;
}

/** A phone number after a cue ("phone 555 1234", "tel: +44 20 7946 0958") or written with a leading +. */
export function phoneIn(u: Utterance): Span | null {
  const m = find(u, nameWords().phone) ?? find(u, /(?:^|\s)(\+\d[\d\s().-]{6,22}\d)/);
  const span = m?.groups[0];
  return span ? { ...span, value: span.value.trim() } : null;
}

/** The text after a labelled colon ("notes: ...", "description: ...") up to the end. */
export function labelled(u: Utterance, labels: string): Span | null {
  const m = find(u, new RegExp(`\\b(?:${labels})\\s*[:=-]\\s*(.+)$`));
  const span = m?.groups[0];
  return span && tidy(span.value) ? { ...span, value: tidy(span.value) } : null;
}

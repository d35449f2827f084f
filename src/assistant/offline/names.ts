import { findAmounts } from './money.ts';
import { find, quoted, type Span, tidy, type Utterance } from './text.ts';

/**
 * Names, titles and contact details. A name is either quoted ("lead named 'Mary Ann'") or the words after a
 * cue up to the first word that starts the next part of the request ("John from Facebook", "Acme Corp with
 * email ..."). That boundary list is what keeps "named John from Facebook" from naming "John from Facebook".
 */

const BOUNDARY_WORDS = [
  'and',
  'or',
  'but',
  'from',
  'at',
  'with',
  'worth',
  'for',
  'who',
  'whose',
  'which',
  'that',
  'email',
  'e-mail',
  'mail',
  'phone',
  'tel',
  'mobile',
  'cell',
  'source',
  'via',
  'through',
  'in',
  'on',
  'by',
  'to',
  'about',
  'regarding',
  're',
  'assigned',
  'assign',
  'valued',
  'value',
  'budget',
  'priority',
  'stage',
  'closing',
  'closes',
  'due',
  'because',
  'as',
  'is',
  'was',
  'are',
  'has',
  'have',
  'tomorrow',
  'today',
  'tonight',
  'yesterday',
  'next',
  'this',
  'last',
  'saying',
  'says',
  'titled',
  'called',
  'named',
  'estimated',
  'expected',
  'amount',
  'into',
  'over',
  'above',
  'under',
  'below',
  'please',
  'now',
  'then',
  'status',
  'score',
  'notes',
  'note',
  'until',
  'before',
  'after',
  'since',
  'per',
  'each',
  'company',
  'based',
  'located',
  'living',
  'deal',
  'deals',
  'lead',
  'leads',
  'customer',
  'customers',
  'issue',
  'issues',
  'order',
  'orders',
  'payment',
  'payments',
  'task',
  'tasks',
  'if',
  'so',
  'when',
  'where',
  'while',
  'asap',
];
const BOUNDARY = new Set(BOUNDARY_WORDS);

/** Words that never begin a name even where a name is expected ("customer is ...", "lead for me"). */
const NOT_A_NAME = new Set([
  ...BOUNDARY_WORDS,
  'a',
  'an',
  'the',
  'me',
  'my',
  'mine',
  'our',
  'your',
  'it',
  'its',
  'them',
  'their',
  'this',
  'that',
  'these',
  'those',
  'all',
  'any',
  'every',
  'some',
  'new',
  'details',
  'info',
  'information',
  'list',
  'record',
  'number',
  'id',
  'here',
  'there',
  'someone',
  'somebody',
  'anyone',
  'everyone',
  'everything',
  'something',
  'how',
  'what',
  'why',
  'you',
  'we',
  'i',
  'us',
  'him',
  'her',
  'he',
  'she',
  'they',
  'high',
  'low',
  'medium',
  'urgent',
  'open',
  'won',
  'lost',
  'closed',
  'no',
  'more',
  'less',
  'least',
  'most',
]);

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
  let end = start;
  let count = 0;
  for (let m = token.exec(u.text); m; m = token.exec(u.text)) {
    const piece = m[0];
    const bare = piece.replace(/[,;:!?)(]+$/, '').replace(/'s$/, '');
    if (count === 0 && (NOT_A_NAME.has(bare) || /^#?\d+$|^(?:iss|ord|pay)-\d{4}-\d+$/.test(bare))) {
      return null;
    }
    if (count > 0 && BOUNDARY.has(bare)) break;
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
  const m =
    find(
      u,
      /\b(?:phone|tel|telephone|mobile|cell|number|ph)(?: number)?(?: is)?[:\s]\s*(\+?\d[\d\s().-]{4,22}\d)/,
    ) ?? find(u, /(?:^|\s)(\+\d[\d\s().-]{6,22}\d)/);
  const span = m?.groups[0];
  return span ? { ...span, value: span.value.trim() } : null;
}

/** The text after a labelled colon ("notes: ...", "description: ...") up to the end. */
export function labelled(u: Utterance, labels: string): Span | null {
  const m = find(u, new RegExp(`\\b(?:${labels})\\s*[:=-]\\s*(.+)$`));
  const span = m?.groups[0];
  return span && tidy(span.value) ? { ...span, value: tidy(span.value) } : null;
}

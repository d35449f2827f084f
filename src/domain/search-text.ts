/**
 * The words search matches, made the same way for what is stored and what is typed, so both databases index
 * the same text: folded to lower case without accents ("José" is "jose"), split at anything that is not a
 * letter or a digit. The full-text indexes then only need to find words by their start.
 */

/** Letters that keep no accent-free base after Unicode decomposition. */
const FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
};

/** Lower case, accents removed. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðþłı]/g, (c) => FOLDS[c] ?? c);
}

/** The folded words of a text. */
export function searchWords(text: string | null | undefined): string[] {
  if (!text) return [];
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * A phone's digits, and what is left of them after each group the number was written in ("+1 (555) 010-2233"
 * gives 15550102233, 5550102233, 0102233, 2233), so a number typed with or without its country or area code
 * is found by its start.
 */
function phoneTerms(phone: string): string[] {
  const groups = phone.split(/\D+/).filter((g) => g.length > 0);
  return groups.map((_, i) => groups.slice(i).join(''));
}

/** A document number's words ("iss", "2026", "0003") and its bare sequence ("3"). */
function numberTerms(number: string): string[] {
  const words = searchWords(number);
  const sequence = words.at(-1);
  return sequence && /^\d+$/.test(sequence) ? [...words, String(Number(sequence))] : words;
}

/** What a record is found by. */
export interface SearchableParts {
  /** Names, titles, companies, references: found by the start of any of their words. */
  texts?: (string | null | undefined)[];
  emails?: (string | null | undefined)[];
  phones?: (string | null | undefined)[];
  numbers?: (string | null | undefined)[];
  tags?: string[];
}

/** The space-separated terms stored for a record; each is letters and digits only. */
export function searchTerms(parts: SearchableParts): string {
  const terms = new Set<string>();
  const add = (words: string[]) => {
    for (const w of words) terms.add(w);
  };
  for (const t of parts.texts ?? []) add(searchWords(t));
  for (const e of parts.emails ?? []) add(searchWords(e));
  for (const p of parts.phones ?? []) if (p) add(phoneTerms(p));
  for (const n of parts.numbers ?? []) if (n) add(numberTerms(n));
  for (const t of parts.tags ?? []) add(searchWords(t));
  return [...terms].join(' ');
}

/** The columns of each kind of record that search reads. */
export interface SearchableRow {
  name?: string | null;
  title?: string | null;
  subject?: string | null;
  company?: string | null;
  company_name?: string | null;
  email?: string | null;
  phone?: string | null;
  number?: string | null;
  reference?: string | null;
  /** JSON array of strings, as customers store them. */
  tags?: string | null;
}

/** Tables whose records carry search terms, and the columns their terms come from. */
export const SEARCH_COLUMNS = {
  customers: ['name', 'company_name', 'email', 'phone', 'tags'],
  leads: ['name', 'company', 'email', 'phone'],
  deals: ['title'],
  issues: ['number', 'title'],
  orders: ['number'],
  payments: ['number', 'reference'],
  activities: ['subject'],
} as const satisfies Record<string, readonly (keyof SearchableRow)[]>;

export type SearchTable = keyof typeof SEARCH_COLUMNS;

/** The stored terms of a row of any searchable table. */
export function rowSearchTerms(row: SearchableRow): string {
  return searchTerms({
    texts: [row.name, row.title, row.subject, row.company, row.company_name, row.reference],
    emails: [row.email],
    phones: [row.phone],
    numbers: [row.number],
    tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
  });
}

/** What a search for `q` looks for: every word must start a term, or, typed like a phone, its digits. */
export interface SearchQuery {
  words: string[];
  /** The digits of a query typed like a phone number ("(555) 010-22"), matched as one term. */
  digits: string | null;
}

const MAX_WORDS = 8;

export function parseSearch(q: string): SearchQuery {
  const words = [...new Set(searchWords(q))].slice(0, MAX_WORDS);
  const digits = q.replace(/\D/g, '');
  const phoneLike = /^[\d\s+().\-/]+$/.test(q.trim()) && words.length > 1 && digits.length >= 6;
  return { words, digits: phoneLike ? digits : null };
}

/** A document number typed in any of its forms: "ISS-2026-0003", "ord 12", "#0003", "3". */
export interface NumberQuery {
  prefix: string | null;
  year: number | null;
  sequence: number;
}

export function parseNumberQuery(q: string): NumberQuery | null {
  const m = /^(iss|ord|pay)?[\s#-]*(?:(\d{4})[\s-]+)?#?(\d{1,9})$/i.exec(q.trim());
  if (!m) return null;
  return { prefix: m[1]?.toUpperCase() ?? null, year: m[2] ? Number(m[2]) : null, sequence: Number(m[3]) };
}

/** Whether a stored number ("ISS-2026-0003") is the one a number query names. */
export function isNumber(number: string, query: NumberQuery): boolean {
  const m = /^([A-Z]+)-(\d{4})-(\d+)$/.exec(number);
  if (!m) return false;
  return (
    (query.prefix === null || query.prefix === m[1]) &&
    (query.year === null || query.year === Number(m[2])) &&
    query.sequence === Number(m[3])
  );
}

import {
  ADDRESS_WORDS,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  DEPARTMENT_WORDS,
  FAX,
  FREE_MAIL,
  LABELS,
  NAME_PARTICLES,
  TITLE_WORDS,
} from './card-words.ts';

/**
 * The fields of a business card from the text read off it: contact details by their shape, then the name,
 * title and company among the remaining lines by the words they hold (card-words.ts) and by the email's
 * domain and local part, which often repeat the company and the name.
 */

export interface CardFields {
  name?: string;
  title?: string;
  company?: string;
  email?: string;
  phone?: string;
  website?: string;
}

const EMAIL = /[\p{L}\d._%+-]+@[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}/iu;
const WEBSITE = /\b(?:https?:\/\/)?(?:www\.)?[a-z\d][a-z\d-]*(?:\.[a-z\d-]+)*\.[a-z]{2,}(?:\/\S*)?/i;
const PHONE = /\+?\(?\d[\d\s()./-]{5,}\d/g;
const LETTER = /\p{L}/gu;

/** Removes what accents and case do to a word, to compare a name with an email's local part. */
const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z\d]/g, '');

const lettersIn = (s: string) => s.match(LETTER)?.length ?? 0;

/** Splits a card's text into its pieces: lines, and parts of a line set apart by a bar or a bullet. */
function pieces(text: string): string[] {
  return text
    .split(/\r?\n|\s[|¦•·—–]\s/)
    .map((p) =>
      p
        .replace(/\s+/g, ' ')
        // OCR frames text with stray marks; a piece starts at a letter, digit, + or ( and ends at one or a dot.
        .replace(/^[^\p{L}\d+(]+|[^\p{L}\d).]+$/gu, '')
        .trim(),
    )
    .filter((p) => p.length > 0);
}

function findEmail(piece: string): string | null {
  const fixed = piece.replace(/\s*@\s*/g, '@').replace(/\s*\((?:at)\)\s*/gi, '@');
  const found = EMAIL.exec(fixed)?.[0];
  return found ? found.replace(/\.+$/, '').toLowerCase() : null;
}

/** A phone as the services take it: digits, spaces and + ( ) . / - only, extension dropped. */
function findPhone(piece: string): string | null {
  if (FAX.test(piece)) return null;
  const body = piece.replace(LABELS, '').replace(/\b(?:ext|x)\.?\s*\d+$/i, '');
  for (const match of body.matchAll(PHONE)) {
    const digits = match[0].replace(/\D/g, '').length;
    if (digits >= 7 && digits <= 15) return match[0].replace(/\s+/g, ' ').trim();
  }
  return null;
}

function findWebsite(piece: string): string | null {
  if (piece.includes('@')) return null;
  const body = piece.replace(LABELS, '');
  const found = WEBSITE.exec(body)?.[0];
  if (!found) return null;
  // A dot inside a company's name ("Acme Co.Ltd") is no address: the address must be most of the piece.
  const marked = /^(?:https?:\/\/|www\.)/i.test(found);
  return marked || found.length >= lettersIn(body) * 0.8 ? found.replace(/\.$/, '').toLowerCase() : null;
}

const wordsOf = (piece: string) =>
  piece
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[,;:]+$/, ''));

function isAddress(piece: string): boolean {
  const words = wordsOf(piece);
  const numbered = /\d/.test(piece);
  return (numbered && words.some((w) => ADDRESS_WORDS.has(w))) || /\b\d{4,5}\s+\p{Lu}\p{L}+/u.test(piece);
}

/** How much a piece reads as a company's name: a legal form at its end weighs most, the email's domain too. */
function companyScore(piece: string, domain: string | null): number {
  const words = wordsOf(piece);
  let score = 0;
  const last = words.slice(-2);
  if (last.some((w) => COMPANY_SUFFIXES.has(w))) score += 3;
  if (words.some((w) => COMPANY_WORDS.has(w))) score += 1;
  const squashed = plain(piece);
  if (domain && squashed.length >= 3 && (squashed.startsWith(domain) || domain.startsWith(squashed))) {
    score += 3;
  }
  return score;
}

function titleScore(piece: string): number {
  const words = wordsOf(piece);
  const titles = words.filter((w) => TITLE_WORDS.has(w)).length;
  if (titles === 0) return 0;
  return 2 + titles + words.filter((w) => DEPARTMENT_WORDS.has(w)).length;
}

/** A person's name: two to four capitalised words of letters, nothing a title or company is made of. */
function nameScore(piece: string, local: string[]): number {
  if (/[\d@/]/.test(piece)) return 0;
  const words = piece.split(/\s+/);
  const core = words.filter((w) => !NAME_PARTICLES.has(w));
  if (core.length < 2 || core.length > 4) return 0;
  const shaped = core.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w) && lettersIn(w) >= 1);
  if (!shaped) return 0;
  const lower = wordsOf(piece);
  if (lower.some((w) => TITLE_WORDS.has(w) || COMPANY_SUFFIXES.has(w) || COMPANY_WORDS.has(w))) return 0;
  const plainWords = core.map(plain);
  const echoed = local.filter((part) => plainWords.some((w) => w === part || w.startsWith(part))).length;
  return 2 + echoed * 2;
}

/** "MARIA GONZALEZ" as "Maria Gonzalez"; a name written in mixed case is kept as written. */
function nameCase(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .split(' ')
    .map((w, i) =>
      i > 0 && NAME_PARTICLES.has(w)
        ? w
        : w.replace(/(^|[-'’])(\p{L})/gu, (_, sep, c) => sep + c.toUpperCase()),
    )
    .join(' ');
}

/** The parts of an email's local part that may be a name: "maria.gonzalez" gives maria and gonzalez. */
function localParts(email: string | undefined): string[] {
  if (!email) return [];
  return (email.split('@')[0] ?? '')
    .split(/[._-]+/)
    .map(plain)
    .filter((p) => p.length >= 2);
}

/** The company's word in an email or web address, unless it is a mail provider anyone can use. */
function domainWord(email: string | undefined, website: string | undefined): string | null {
  const host = email?.split('@')[1] ?? website?.replace(/^(?:https?:\/\/)?(?:www\.)?/i, '').split('/')[0];
  if (!host || FREE_MAIL.has(host.toLowerCase())) return null;
  return plain(host.split('.')[0] ?? '') || null;
}

/** "Maria Gonzalez, Head of Purchasing" is a name and a title on one line. */
function splitNameAndTitle(piece: string): string[] {
  const at = piece.search(/,\s|\s-\s/);
  if (at < 0) return [piece];
  const first = piece.slice(0, at).trim();
  const rest = piece
    .slice(at)
    .replace(/^,\s|^\s-\s/, '')
    .trim();
  return titleScore(rest) > 0 && titleScore(first) === 0 ? [first, rest] : [piece];
}

export function readCard(text: string): CardFields {
  const fields: CardFields = {};
  const words: string[] = [];
  for (const piece of pieces(text)) {
    const email = findEmail(piece);
    if (email) {
      fields.email ??= email;
      continue;
    }
    const website = findWebsite(piece);
    if (website) {
      fields.website ??= website;
      continue;
    }
    const phone = findPhone(piece);
    if (phone || FAX.test(piece)) {
      if (phone) fields.phone ??= phone;
      continue;
    }
    if (isAddress(piece)) continue;
    // What is left is words; a piece mostly of other marks is noise the camera saw.
    const letters = lettersIn(piece);
    if (letters < 2 || letters < piece.replace(/\s/g, '').length * 0.6) continue;
    words.push(...splitNameAndTitle(piece));
  }

  const domain = domainWord(fields.email, fields.website);
  const local = localParts(fields.email);
  const scored = words.map((piece) => {
    const company = companyScore(piece, domain);
    // Two capitalised words that are also the company's ("Blue Harbor") are not a person.
    return { piece, company, title: titleScore(piece), name: company > 0 ? 0 : nameScore(piece, local) };
  });
  const best = (key: 'company' | 'title' | 'name', taken: string[]) =>
    scored
      .filter((s) => s[key] > 0 && !taken.includes(s.piece))
      .reduce<(typeof scored)[number] | null>((top, s) => (top && top[key] >= s[key] ? top : s), null)?.piece;

  const name = best('name', []);
  const title = best('title', name ? [name] : []);
  const company = best(
    'company',
    [name, title].filter((p): p is string => p !== undefined),
  );
  if (name) fields.name = nameCase(name);
  else if (local.length >= 2 && local.length <= 3 && local.every((p) => /^[a-z]+$/.test(p))) {
    fields.name = local.map((p) => p[0]!.toUpperCase() + p.slice(1)).join(' ');
  }
  if (title) fields.title = title;
  if (company) fields.company = company;
  return fields;
}

/** Enough for a lead: someone to call it by, and a way to reach them. */
export function looksLikeCard(fields: CardFields): boolean {
  return Boolean((fields.name || fields.company) && (fields.email || fields.phone));
}

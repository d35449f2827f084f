import type { CardFields } from './card-fields.ts';

/**
 * A person correcting what was read off a card before confirming: "email is maria@x.com", "title: CEO",
 * "change the company to Blue Harbor". Only sentences of that shape are corrections; anything else is left
 * to the assistant as an ordinary message.
 */

export type CardField = keyof CardFields;

/** What people call each field, longest first within a field so "job title" wins over "title". */
const FIELD_NAMES: [CardField, string][] = [
  ['email', 'e-mail address|email address|e-mail|email|mail'],
  ['phone', 'phone number|telephone|mobile|phone|cell|tel|number'],
  ['website', 'web site|website|site|url|web'],
  ['title', 'job title|position|title|role|job'],
  ['company', 'company name|organisation|organization|company|employer|firm|business'],
  ['name', 'full name|her name|his name|name'],
];

const FIELD = FIELD_NAMES.map(([, names]) => names).join('|');
const OWNER = '(?:the |his |her |their |its )?';
const LEAD_IN = '^(?:please\\s+)?';
/** "No, …", "Sorry, …" before the correction itself. */
const APOLOGY = /^(?:no|nope|oops|sorry|actually|wait)\b[,.!]?\s*/i;
const CHANGE = new RegExp(
  `${LEAD_IN}(?:change|set|make|correct|fix|update)\\s+${OWNER}(${FIELD})\\s+(?:to|as|into)\\s+(.+)$`,
  'i',
);
const STATEMENT = new RegExp(`${LEAD_IN}${OWNER}(${FIELD})\\s*(?:is|should be|=|:|->)\\s*(.+)$`, 'i');
const BARE_EMAIL = /^[\p{L}\d._%+-]+@[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}$/iu;
/** Clauses of one message: "title: CEO; company: Acme", "email is x and phone is y". */
const CLAUSES = new RegExp(
  `\\s*(?:[;\\n]|,|\\s+and)\\s*(?:and\\s+)?(?=${OWNER}(?:${FIELD})\\s*(?:is|:|=))`,
  'i',
);

function fieldNamed(said: string): CardField | null {
  const word = said.toLowerCase().replace(/^(?:his|her) /, '');
  for (const [field, names] of FIELD_NAMES) {
    if (new RegExp(`^(?:${names})$`).test(word)) return field;
  }
  return null;
}

/** The value as meant: quotes and a closing full stop (not one ending "Inc.") taken off. */
function meantValue(field: CardField, raw: string): string {
  const unquoted = raw
    .trim()
    .replace(/^["'“‘]|["'”’]$/g, '')
    .trim();
  const keepsDot = field === 'company' || field === 'title';
  return keepsDot ? unquoted : unquoted.replace(/[.!]+$/, '');
}

function clause(text: string): Partial<CardFields> | null {
  const said = text.trim();
  if (BARE_EMAIL.test(said)) return { email: said.toLowerCase() };
  const match = CHANGE.exec(said) ?? STATEMENT.exec(said);
  if (!match) return null;
  const field = fieldNamed(match[1]!);
  const value = meantValue(field ?? 'name', match[2]!);
  if (!field || value.length === 0 || value.length > 200) return null;
  return { [field]: field === 'email' ? value.toLowerCase() : value };
}

/** The fields a message changes, or null when it is no correction (every clause must be one). */
export function cardCorrections(text: string): Partial<CardFields> | null {
  if (text.length > 500) return null;
  const changes: Partial<CardFields> = {};
  for (const part of text.trim().replace(APOLOGY, '').split(CLAUSES)) {
    const found = clause(part);
    if (!found) return null;
    Object.assign(changes, found);
  }
  return Object.keys(changes).length > 0 ? changes : null;
}

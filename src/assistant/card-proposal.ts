import type { CardFields } from '../media/card-fields.ts';
import type { Toolbox } from './toolbox.ts';

/**
 * A business card as a proposal: a new lead, or, when a lead or customer with the card's email or phone is
 * already on record, a note on that record instead of a duplicate. Everything goes through the toolbox, so
 * searches respect the person's permissions and the write waits for their confirmation.
 */

/** What came with the card besides its fields: the caption the person wrote. */
export interface CardContext {
  caption: string;
  /** Notes of a proposed lead that are none of the card's lines (a model's words), kept on a correction. */
  otherNotes?: string;
}

/** The lead fields a card has no column for travel in its notes, one labelled line each. */
const NOTE_LINES = { title: 'Title', website: 'Website', caption: 'Note' } as const;
const FROM_A_CARD = 'From a business card.';

/** A caption that says where the card was handed over names the lead's source. */
const SOURCES: [RegExp, string][] = [
  [
    /\b(?:trade ?(?:fair|show)|fair|expo|exhibition|conference|summit|congress|convention|meetup|event|booth|webinar)\b/i,
    'event',
  ],
  [/\breferr(?:al|ed)\b|\brecommended\b/i, 'referral'],
  [/\blinked ?in\b/i, 'linkedin'],
];

export function leadInput(card: CardFields, context: CardContext) {
  const notes = [
    card.title && `${NOTE_LINES.title}: ${card.title}`,
    card.website && `${NOTE_LINES.website}: ${card.website}`,
    context.caption && `${NOTE_LINES.caption}: ${context.caption}`,
    context.otherNotes,
    FROM_A_CARD,
  ].filter(Boolean);
  const source = SOURCES.find(([cue]) => cue.test(context.caption))?.[1];
  return {
    name: (card.name ?? card.company)!,
    ...(card.company && { company: card.company }),
    ...(card.email && { email: card.email }),
    ...(card.phone && { phone: card.phone }),
    ...(source && { source }),
    notes: notes.join('\n'),
  };
}

/** The card and caption back out of a proposed lead, so a correction can propose it again. */
export function cardOf(input: Record<string, unknown>): { card: CardFields; context: CardContext } {
  const text = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : undefined);
  const notes = text('notes') ?? '';
  const line = (label: string) => new RegExp(`^${label}: (.+)$`, 'm').exec(notes)?.[1];
  const card: CardFields = {};
  for (const [field, value] of [
    ['name', text('name')],
    ['company', text('company')],
    ['email', text('email')],
    ['phone', text('phone')],
    ['title', line(NOTE_LINES.title)],
    ['website', line(NOTE_LINES.website)],
  ] as const) {
    if (value) card[field] = value;
  }
  const ours = new RegExp(
    `^(?:(?:${Object.values(NOTE_LINES).join('|')}): .*|${FROM_A_CARD.replace('.', '\\.')})$`,
  );
  const otherNotes = notes
    .split('\n')
    .filter((l) => l.trim() && !ours.test(l))
    .join('\n');
  return { card, context: { caption: line(NOTE_LINES.caption) ?? '', ...(otherNotes && { otherNotes }) } };
}

/** "Maria Gonzalez, Head of Purchasing at Blue Harbor Logistics, maria@…, +1 415 555 0142". */
export function describeCard(card: CardFields): string {
  const role = [card.title, card.company && `at ${card.company}`].filter(Boolean).join(' ');
  return [card.name ?? card.company, role, card.email, card.phone].filter(Boolean).join(', ');
}

const digitsOf = (phone: string) => phone.replace(/\D/g, '').replace(/^0+/, '');

/** Two ways of writing one number: with or without the country or trunk prefix, the rest is the same. */
function samePhone(a: string, b: string): boolean {
  const [short, long] = [digitsOf(a), digitsOf(b)].sort((x, y) => x.length - y.length) as [string, string];
  return short.length >= 7 && long.endsWith(short);
}

/** The last groups of a phone, seven digits or more: a search finds the number by them however it was stored. */
function phoneTail(phone: string): string | null {
  const groups = phone.split(/\D+/).filter(Boolean);
  const tail: string[] = [];
  while (groups.length > 0 && tail.join('').length < 7) tail.unshift(groups.pop()!);
  return tail.join('').length >= 7 ? tail.join(' ') : null;
}

export interface KnownContact {
  type: 'lead' | 'customer';
  id: number;
  name: string;
  /** What the card and the record share. */
  by: 'email' | 'phone number';
}

type Matches = Partial<Record<'lead' | 'customer', { id: number; label: string }[]>>;

/** A lead or customer the person may read whose email or phone is the card's. */
export async function knownContact(box: Toolbox, card: CardFields): Promise<KnownContact | null> {
  const types = ['lead', 'customer'] as const;
  if (card.email) {
    const found = await box.call('search_records', { query: card.email, types: [...types] });
    // An email query finds exact addresses first, and a record's label shows its email.
    for (const type of types) {
      const match = found.ok
        ? (found.result as Matches)[type]?.find((m) => m.label.toLowerCase().includes(card.email!))
        : undefined;
      if (match) return { type, id: match.id, name: match.label.replace(/ \(.*$/, ''), by: 'email' };
    }
  }
  const tail = card.phone && phoneTail(card.phone);
  if (!card.phone || !tail) return null;
  const found = await box.call('search_records', { query: tail, types: [...types] });
  if (!found.ok) return null;
  for (const type of types) {
    for (const candidate of ((found.result as Matches)[type] ?? []).slice(0, 3)) {
      const record = await box.call(`get_${type}`, { [type]: candidate.id });
      const stored = record.ok ? (record.result as { phone?: string | null; name: string }) : null;
      if (stored?.phone && samePhone(stored.phone, card.phone))
        return { type, id: candidate.id, name: stored.name, by: 'phone number' };
    }
  }
  return null;
}

/** Proposes the card's lead, or a note on the record it already is; returns the words of the reply. */
export async function proposeCard(box: Toolbox, card: CardFields, context: CardContext): Promise<string> {
  const known = await knownContact(box, card);
  if (known) {
    const body = [describeCard(card), context.caption].filter(Boolean).join('\n');
    const noted = await box.call('log_activity', {
      type: 'note',
      subject: 'Met again: business card received',
      body,
      [known.type]: known.id,
    });
    if (!noted.ok)
      return `${known.name} is already in your records, and I couldn't note the card: ${noted.error}`;
    return `${known.name} is already in your records as a ${known.type} with this ${known.by}, so instead of a duplicate I'll note that you met again: ${describeCard(card)}.`;
  }
  const created = await box.call('create_lead', leadInput(card, context));
  if (!created.ok) return `I read the card, but couldn't propose the lead: ${created.error}`;
  return [
    `Create lead ${describeCard(card)}.`,
    'To fix a field before confirming, write it, e.g. "title: CEO" or "email is maria@example.com".',
  ].join('\n');
}

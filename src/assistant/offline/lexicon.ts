import {
  type ACTIVITY_TYPES,
  DEFAULT_STAGES,
  LEAD_SOURCES,
  type LeadSource,
  normaliseLeadSource,
} from '../../domain/vocabulary.ts';
import type { RECORD_TYPES } from '../../tools/values.ts';

/**
 * The words the engine knows: what each record is called, and the closed sets (stages, statuses,
 * priorities, categories, methods) with the synonyms people use for them. Values always come from
 * domain/vocabulary.ts, so a new status there is one synonym entry away from being understood.
 */

export type RecordType = (typeof RECORD_TYPES)[number];
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface NounHit {
  type: RecordType;
  /** For activity words ("call", "tasks"), which kind of activity. */
  activity?: ActivityType;
  plural: boolean;
  word: string;
  start: number;
  end: number;
}

const NOUNS: Array<{ type: RecordType; activity?: ActivityType; pattern: string }> = [
  { type: 'deal', pattern: 'deals?|opportunit(?:y|ies)|opps?' },
  { type: 'lead', pattern: 'leads?|prospects' },
  { type: 'customer', pattern: 'customers?|clients?|contacts?' },
  {
    type: 'issue',
    pattern: 'issues?|tickets?|complaints?|support requests?|support cases?|bugs?|problems?',
  },
  { type: 'order', pattern: 'orders?' },
  { type: 'payment', pattern: 'payments?|transactions?' },
  {
    type: 'activity',
    activity: 'task',
    pattern: 'tasks?|to-?dos?|to do(?:s| list)?|reminders?|follow-? ?ups?',
  },
  { type: 'activity', activity: 'call', pattern: 'calls?|phone calls?' },
  { type: 'activity', activity: 'meeting', pattern: 'meetings?|appointments?' },
  { type: 'activity', activity: 'note', pattern: 'notes?' },
  { type: 'activity', activity: 'email', pattern: 'e-?mails?' },
  { type: 'activity', pattern: 'activit(?:y|ies)|agenda' },
];

const NOUN_PATTERN = new RegExp(`\\b(?:${NOUNS.map((n) => `(${n.pattern})`).join('|')})\\b`, 'g');

const PLURAL_ONLY = new Set(['prospects', 'agenda', 'to do list']);

/** Every record word in the text, in order. */
export function nounsIn(text: string, from = 0): NounHit[] {
  const hits: NounHit[] = [];
  for (const m of text.slice(from).matchAll(NOUN_PATTERN)) {
    const index = m.slice(1).findIndex((g) => g !== undefined);
    const noun = NOUNS[index];
    if (!noun) continue;
    const word = m[0];
    const hit: NounHit = {
      type: noun.type,
      plural: PLURAL_ONLY.has(word) || /(?:s|ies)$/.test(word.replace(/\b(?:support|phone) /, '')),
      word,
      start: m.index + from,
      end: m.index + from + word.length,
    };
    if (noun.activity) hit.activity = noun.activity;
    hits.push(hit);
  }
  return hits;
}

/** Singular words naming a record right before its id ("deal 23", "ticket #4"). */
export const REF_NOUNS: Record<string, RecordType> = {
  deal: 'deal',
  opportunity: 'deal',
  opp: 'deal',
  lead: 'lead',
  prospect: 'lead',
  customer: 'customer',
  client: 'customer',
  contact: 'customer',
  issue: 'issue',
  ticket: 'issue',
  case: 'issue',
  complaint: 'issue',
  bug: 'issue',
  order: 'order',
  payment: 'payment',
  activity: 'activity',
  task: 'activity',
  call: 'activity',
  meeting: 'activity',
  note: 'activity',
};

/* ---------- pipeline stages and deal outcomes ---------- */

/** Stage names as the default pipeline spells them, lower-cased; the tools match stages in any case. */
const DEFAULT_STAGE_NAMES = DEFAULT_STAGES.map((s) => s.name.toLowerCase());

const STAGE_SYNONYMS: Record<string, string> = {
  negotiating: 'negotiation',
  negotiations: 'negotiation',
  proposals: 'proposal',
  'proposal sent': 'proposal',
  quote: 'proposal',
  quoted: 'proposal',
  qualification: 'qualified',
  won: 'closed won',
  win: 'closed won',
  'closed-won': 'closed won',
  'closed/won': 'closed won',
  lost: 'closed lost',
  lose: 'closed lost',
  'closed-lost': 'closed lost',
  'closed/lost': 'closed lost',
};

/** A default stage name for a phrase ("negotiating" -> "negotiation", "won" -> "closed won"), else null. */
export function knownStage(phrase: string): string | null {
  const key = phrase
    .toLowerCase()
    .replace(/\b(?:the|stage|phase|column)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (DEFAULT_STAGE_NAMES.includes(key)) return key;
  return STAGE_SYNONYMS[key] ?? null;
}

/* ---------- statuses, priorities, categories ---------- */

/** Status words per record type; the key is what people say, the value what the schema takes. */
const STATUS_WORDS = {
  deal: {
    open: 'open',
    active: 'open',
    won: 'won',
    'closed won': 'won',
    lost: 'lost',
    'closed lost': 'lost',
  },
  lead: {
    new: 'new',
    contacted: 'contacted',
    qualified: 'qualified',
    unqualified: 'unqualified',
    disqualified: 'unqualified',
    converted: 'converted',
  },
  customer: {
    active: 'active',
    inactive: 'inactive',
    prospect: 'prospect',
    prospects: 'prospect',
    prospective: 'prospect',
    churned: 'churned',
  },
  issue: {
    open: 'open',
    'in progress': 'in_progress',
    'in-progress': 'in_progress',
    ongoing: 'in_progress',
    'being worked on': 'in_progress',
    resolved: 'resolved',
    fixed: 'resolved',
    solved: 'resolved',
    closed: 'closed',
  },
  order: {
    draft: 'draft',
    drafts: 'draft',
    confirmed: 'confirmed',
    shipped: 'shipped',
    delivered: 'delivered',
    completed: 'completed',
    complete: 'completed',
    fulfilled: 'completed',
    cancelled: 'cancelled',
    canceled: 'cancelled',
  },
  payment: {
    pending: 'pending',
    completed: 'completed',
    complete: 'completed',
    successful: 'completed',
    failed: 'failed',
    declined: 'failed',
    refunded: 'refunded',
  },
} as const;

export type StatusType = keyof typeof STATUS_WORDS;

/** The first status word of a record type in the text, as the schema spells it. */
export function statusIn<T extends StatusType>(
  type: T,
  text: string,
): (typeof STATUS_WORDS)[T][keyof (typeof STATUS_WORDS)[T]] | undefined {
  const table = STATUS_WORDS[type] as Record<string, string>;
  const keys = Object.keys(table).sort((a, b) => b.length - a.length);
  const m = new RegExp(`\\b(${keys.join('|')})\\b`).exec(text);
  return m ? (table[m[1]!] as (typeof STATUS_WORDS)[T][keyof (typeof STATUS_WORDS)[T]]) : undefined;
}

export type PriorityValue = 'low' | 'medium' | 'high' | 'urgent';

/**
 * A priority only where the word is tied to priority ("high priority", "priority: low", "urgent"), so
 * "high value deals" is not read as a priority.
 */
export function priorityIn(text: string): PriorityValue | undefined {
  const m =
    /\b(low|medium|normal|high|urgent|critical|top)[- ]?prio(?:rity)?\b/.exec(text) ??
    /\bprio(?:rity)?(?: level)?(?: is| of| to| as|:|=)?\s*(low|medium|normal|high|urgent|critical)\b/.exec(
      text,
    ) ??
    /\b(urgent|critical)\b/.exec(text);
  if (!m) return undefined;
  const word = m[1]!;
  if (word === 'normal') return 'medium';
  if (word === 'critical') return 'urgent';
  if (word === 'top') return 'high';
  return word as PriorityValue;
}

export type IssueCategory =
  | 'general'
  | 'technical'
  | 'billing'
  | 'product'
  | 'delivery'
  | 'account'
  | 'other';

const CATEGORY_WORDS: Record<string, IssueCategory> = {
  general: 'general',
  technical: 'technical',
  tech: 'technical',
  software: 'technical',
  billing: 'billing',
  invoice: 'billing',
  invoicing: 'billing',
  payment: 'billing',
  product: 'product',
  delivery: 'delivery',
  shipping: 'delivery',
  account: 'account',
  login: 'account',
  other: 'other',
};

/** A category named as a kind of issue: "billing issue", "technical problems", "category: delivery". */
export function categoryIn(text: string): IssueCategory | undefined {
  const words = Object.keys(CATEGORY_WORDS).join('|');
  const m =
    new RegExp(
      `\\b(${words})(?: support)? (?:issues?|tickets?|problems?|complaints?|questions?|requests?|bugs?)\\b`,
    ).exec(text) ?? new RegExp(`\\bcategory(?: is| to| as|:|=)?\\s*(${words})\\b`).exec(text);
  if (m) return CATEGORY_WORDS[m[1]!];
  return /\bbugs?\b/.test(text) ? 'technical' : undefined;
}

export type PaymentMethod = 'cash' | 'card' | 'bank_transfer' | 'check' | 'mobile' | 'online' | 'other';

const METHOD_PATTERNS: Array<[RegExp, PaymentMethod]> = [
  [/\b(?:in |by |with |via )?cash\b/, 'cash'],
  [/\b(?:credit |debit )?cards?\b|\bvisa\b|\bmastercard\b|\bamex\b/, 'card'],
  [/\bbank transfer\b|\bwire(?: transfer)?\b|\bbank\b|\btransfer\b|\bsepa\b|\bach\b/, 'bank_transfer'],
  [/\bche(?:ck|que)s?\b/, 'check'],
  [/\bmobile\b|\bapple pay\b|\bgoogle pay\b/, 'mobile'],
  [/\bonline\b|\bpaypal\b|\bstripe\b/, 'online'],
];

export function paymentMethodIn(text: string): PaymentMethod | undefined {
  return METHOD_PATTERNS.find(([re]) => re.test(text))?.[1];
}

/* ---------- lead sources ---------- */

const SOURCE_PHRASES = [
  ...LEAD_SOURCES.filter((s) => s !== 'other').map((s) => s.replace('_', ' ')),
  'fb',
  'meta',
  'linked in',
  'ig',
  'insta',
  'google ads',
  'adwords',
  'web site',
  'web form',
  'contact form',
  'seo',
  'referrals',
  'word of mouth',
  'recommendation',
  'e-mail',
  'newsletter',
  'cold calling',
  'cold-call',
  'events',
  'conference',
  'trade show',
  'tradeshow',
  'webinar',
  'meetup',
  'partners',
  'reseller',
  'affiliate',
  'tg',
];

/** A known channel at the very start of `text` ("facebook ...", "a trade show ..."), with its length. */
export function sourceAt(text: string): { source: LeadSource; length: number } | null {
  const m = new RegExp(
    `^(?:an? |the |our )?(${[...SOURCE_PHRASES].sort((a, b) => b.length - a.length).join('|')})(?:\\s+(?:ads?|campaign|page|post))?\\b`,
  ).exec(text);
  if (!m) return null;
  const source = normaliseLeadSource(m[1]!);
  return source === 'other' ? null : { source, length: m[0].length };
}

/** A known channel named right before a word, as in "facebook leads". */
export function sourceBefore(text: string, end: number): LeadSource | null {
  const before = text.slice(0, end).trimEnd();
  for (const phrase of [...SOURCE_PHRASES].sort((a, b) => b.length - a.length)) {
    if (before.endsWith(phrase) && /(?:^|\s)$/.test(before.slice(0, before.length - phrase.length))) {
      const source = normaliseLeadSource(phrase);
      if (source !== 'other') return source;
    }
  }
  return null;
}

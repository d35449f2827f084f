import type {
  ACTIVITY_TYPES,
  CUSTOMER_STATUSES,
  DEAL_STATUSES,
  ISSUE_CATEGORIES,
  ISSUE_STATUSES,
  LEAD_STATUSES,
  LeadSource,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  Priority,
} from '../../../domain/vocabulary.ts';
import type { RECORD_TYPES } from '../../../tools/values.ts';

/**
 * The shape of a language's data for the offline engine. The engine scores every intent on the evidence a
 * request gives (phrases and facts below) and acts on the best one; a language is one file of this shape.
 *
 * A phrase is words separated by spaces; each word matches a token written that way or having that lemma
 * ("move" matches "moved"), and "*" matches any one word.
 */

/** What the engine can tell about a request besides its words. */
export type Fact =
  /** A record number or id: "deal 23", "#4", "ORD-2026-0012". */
  | 'ref'
  /** A record number or id among the first words: "deal 23 is won", "ORD-2026-0012". */
  | 'refFirst'
  /** A record type word: "deal", "tickets", "tasks". */
  | 'noun'
  /** A plural record word: "deals", "tasks". */
  | 'plural'
  /** A plural record word with only modifiers before it: "overdue tasks", "my open deals". */
  | 'verbless'
  /** "it", "this deal", "them". */
  | 'pronoun'
  /** An amount of money, "$3k", "1,200". */
  | 'amount'
  | 'email'
  /** An issue the request points at: an issue number, or "it" after an issue. */
  | 'issue'
  /** A deal the request points at: a deal number or name, or the conversation's last deal. */
  | 'deal'
  /** A stage of the pipeline named: "proposal", "negotiation". */
  | 'stage'
  /** A status, priority, category or stage of the record named first ("lead 3 is qualified now"). */
  | 'statusWord'
  /** A deal's end told in other words: "signed", "fell through". */
  | 'outcome'
  /** Words of something gone wrong: "broken", "never arrived", "charged twice". */
  | 'problem'
  /** Text after a colon. */
  | 'colon'
  /** The person is a customer of the business. */
  | 'customer'
  /** The person works for the business (owner or employee). */
  | 'staff'
  /** The request opens with a verb that changes or creates something. */
  | 'writeVerb';

export type Weighted = Array<[phrase: string, weight: number]>;

export interface IntentCues {
  /** What the intent does, in a few words, for the question asked when two intents tie. */
  gloss: string;
  /** Phrases the request opens with. */
  opens?: Weighted;
  /** Phrases anywhere in the request. */
  has?: Weighted;
  /** The whole request, word for word. */
  whole?: Weighted;
  /** Evidence from facts: each present fact adds its weight. */
  facts?: Partial<Record<Fact, number>>;
  /** Facts the intent cannot do without. */
  needs?: Fact[];
  /** Whether facts alone, with no cue word, can carry the intent ("deal 23", "overdue tasks"). */
  factsSuffice?: boolean;
  /** Facts of which the intent needs at least one. */
  needsAny?: Fact[];
  /** Facts that rule the intent out. */
  not?: Fact[];
}

export interface Language<Intent extends string> {
  intents: Record<Intent, IntentCues>;
  /** A request whose best intent scores under this is not understood. */
  minScore: number;
  /** Lead sources a request implies without naming the channel: "a client recommended her" -> referral. */
  impliedSources: Array<[phrase: string, source: LeadSource]>;
  /** A deal's end stated as a fact: "signed" -> closed won, "fell through" -> closed lost. */
  dealOutcomes: Array<[phrase: string, stage: string]>;
  /** Words of a problem, for a complaint told as a story. */
  problems: string[];
  /** Courtesy that opens or closes a complaint and is not part of its title ("please help"). */
  complaintCourtesy: string[];
  /** The words the slot readers take values from. */
  words: SlotWords;
}

export type RecordType = (typeof RECORD_TYPES)[number];
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** One record word: "deal" and "deals", or "to do list" with only a plural. */
export interface RecordWord {
  type: RecordType;
  /** For activity words ("call", "tasks"), which kind of activity. */
  activity?: ActivityType;
  singular: string[];
  plural: string[];
}

/** What people say for each value a record's status takes; the value is what the schema takes. */
export interface StatusWords {
  deal: Record<string, (typeof DEAL_STATUSES)[number]>;
  lead: Record<string, (typeof LEAD_STATUSES)[number]>;
  customer: Record<string, (typeof CUSTOMER_STATUSES)[number]>;
  issue: Record<string, (typeof ISSUE_STATUSES)[number]>;
  order: Record<string, (typeof ORDER_STATUSES)[number]>;
  payment: Record<string, (typeof PAYMENT_STATUSES)[number]>;
}

/**
 * The language-specific part of reading values out of a request. The readers (lexicon.ts, refs.ts,
 * money.ts, text.ts) hold only the shapes (a word before a number, a word before a record word); every
 * word they look for is here. Phrases are lower case; a space matches one space.
 */
export interface SlotWords {
  /** Words for the kinds of record, as they are listed and named ("deals", "support tickets"). */
  records: RecordWord[];
  /** Singular words naming a record right before its number ("deal 23", "ticket #4"). */
  refWords: Record<string, RecordType>;
  /** Words between a record word and its number: "order number 12", "lead id 7". */
  refLinks: string[];
  /** Words between a record word and its name: "lead named Ann". */
  nameLinks: string[];
  /** Words that point at a record already in mind when put before a record word: "this deal". */
  pointers: string[];
  /** Words that stand for the record in mind on their own: "it", "this one". */
  pronouns: string[];
  /** Words that stand for the record in mind only at the end of a request: "delete that". */
  pronounsAtEnd: string[];
  /** What people call a pipeline stage besides its name: "negotiating" -> "negotiation". */
  stages: Record<string, string>;
  /** Words around a stage's name that are not part of it: "the proposal stage". */
  stageFillers: string[];
  statuses: StatusWords;
  priorities: {
    values: Record<string, Priority>;
    /** The word for priority itself, which ties a value to it: "high priority", "priority: low". */
    labels: string[];
    /** Words between the label and the value: "priority is high". */
    links: string[];
    /** Values that mean a priority even alone: "urgent". */
    alone: string[];
  };
  categories: {
    values: Record<string, (typeof ISSUE_CATEGORIES)[number]>;
    /** Record words a category names a kind of: "billing issue", "delivery problems". */
    kinds: string[];
    /** Words between a category and the record word: "technical support issue". */
    kindFillers: string[];
    labels: string[];
    /** Words that alone imply a category: "bug" -> technical. */
    implied: Record<string, (typeof ISSUE_CATEGORIES)[number]>;
  };
  /** Payment methods by the words for them; the first listed method with a word in the request wins. */
  paymentMethods: Array<[phrase: string, method: (typeof PAYMENT_METHODS)[number]]>;
  /** Channels a lead comes from, named: "linkedin", "a trade show", "word of mouth". */
  sources: Array<[phrase: string, source: LeadSource]>;
  /** Words that may open a channel's name: "a trade show", "our website". */
  sourceOpeners: string[];
  /** Words after a channel that belong to it: "facebook ads", "linkedin post". */
  sourceTrailers: string[];
  /** Currency words; undefined leaves the organization's own currency ("dollars", "bucks"). */
  currencies: Record<string, string | undefined>;
  /** Multiplier words, as powers of ten: "thousand" 3, "grand" 3, "million" 6. */
  multipliers: Record<string, number>;
  /** Words after which a bare number is an amount: "worth 5000", "a payment of 3000". */
  amountCues: string[];
  /** Courtesy that opens a request and is not part of it: "could you please". */
  courtesyOpeners: string[];
  /** Courtesy that closes a request: "thanks". */
  courtesyClosers: string[];
  /** Opening words that start a second request in one message: "... and show my deals". */
  requestStarts: string[];
  /** Words joining two requests: "and", "then". */
  joiners: string[];
  /** Words that end a name read without quotes: "John from Facebook" stops at "from". */
  nameStops: string[];
  /** Words that never begin a name, besides nameStops: "the", "me", "someone". */
  notNames: string[];
  /** Words by which the person says a record is theirs: "my deals", "tasks I have". */
  ownWords: string[];
  /** Words for the person themself: "assigned to me". */
  meWords: string[];
  /** Words before the person a record belongs to: "assigned to Sara", "owned by me". */
  assignedCues: string[];
  /** Short words that tie a record to the person before meWords only: "tasks for me". */
  forWords: string[];
  /** Words allowed before a plural record word in a list asked for without a verb: "my open deals". */
  listModifiers: string[];
  /** Words before how many to show: "top 5", "first 10". */
  limitWords: string[];
  /** Words before a lower bound of an amount: "over 10k", "at least 5,000". */
  amountAtLeast: string[];
  /** Words before an upper bound of an amount: "under 1000", "up to 5k". */
  amountAtMost: string[];
  /** Words before text to match names against: "named John", "starting with Ac". */
  queryCues: string[];
  /** Words a phone number follows: "phone 555 1234", "tel: +44 ...". */
  phoneLabels: string[];
}

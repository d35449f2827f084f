import type { LeadSource } from '../../../domain/vocabulary.ts';

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
}

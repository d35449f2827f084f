import { isDeepStrictEqual } from 'node:util';
import type { LeadSource } from '../../domain/vocabulary.ts';
import { comment, logActivity, note, pastActivity, remind } from './activity.ts';
import { createCustomer, createDeal, createIssue, createLead, createOrder, recordPayment } from './create.ts';
import { partyIn } from './filters.ts';
import { type Clause, call, clarify, compact, type Outcome } from './interpretation.ts';
import { language as currentLanguage, type EngineLanguage, perLanguage } from './language.ts';
import type { Intent } from './lexicon/en.ts';
import type { Fact } from './lexicon/types.ts';
import {
  type ActivityType,
  knownStage,
  type NounHit,
  nounsIn,
  priorityIn,
  type RecordType,
  statusIn,
} from './lexicon.ts';
import { findAmounts } from './money.ts';
import { analyse, type Token } from './nlp.ts';
import { getRecord, listRecords, search, stats } from './read.ts';
import { pronounRef, refsIn } from './refs.ts';
import { decide, opensWith, phraseIn, scoreIntents } from './scoring.ts';
import { complaint, stateOfDeal } from './statements.ts';
import { blank } from './text.ts';
import { convert, remove, update } from './update.ts';
import { CAPABILITIES_HELP, GREETING_HELP, NOT_UNDERSTOOD, WHICH_RECORD } from './wording.ts';

/**
 * Chooses what a request asks for by scored evidence (lexicon/en.ts), then builds the call with the slot
 * readers of the intent it chose. The intents' order carries no meaning: the best-supported one that can
 * be built wins, and two equally supported ones that would do different things are asked about.
 */

export interface Help {
  help: string;
}

export type RuleOutcome = Outcome | Help | null;

/** What one request of a message says, read once for every intent. */
export interface Reading {
  c: Clause;
  tokens: Token[];
  facts: Set<Fact>;
}

/** Words allowed before a record word in a list asked for without a verb, from the current language. */
const modifiers = perLanguage((w) => new Set(w.listModifiers));

/** "my deals", "open issues", "overdue tasks": a plural record word with only modifiers before it. */
function verblessNoun(c: Clause): NounHit | undefined {
  const noun = nounsIn(c.u.text)[0];
  if (!noun?.plural) return undefined;
  const before = c.u.text.slice(0, noun.start).trim().split(/\s+/).filter(Boolean);
  // A capitalised possessive is a person: "Sara's deals".
  const possessive = (w: string, i: number) => /^\p{L}+'s$/u.test(w) && i === 0 && /^\p{Lu}/u.test(c.u.raw);
  const allowed = modifiers();
  return before.every((w, i) => allowed.has(w) || /^\d{1,3}$/.test(w) || possessive(w, i)) ? noun : undefined;
}

function stageNamed(tokens: readonly Token[]): boolean {
  return tokens.some((t, i) => {
    const two = tokens[i + 1] ? `${t.lower} ${tokens[i + 1]!.lower}` : '';
    return knownStage(t.lower) !== null || (two !== '' && knownStage(two) !== null);
  });
}

/** Whether the request gives a record of this type a status, priority, category or stage. */
function statusOfType(type: RecordType, text: string, facts: ReadonlySet<Fact>): boolean {
  switch (type) {
    case 'deal':
      return facts.has('stage') || facts.has('outcome');
    case 'issue':
      return (
        statusIn('issue', text) !== undefined ||
        priorityIn(text) !== undefined ||
        /\b(?:is|was) (?:a|an) \w+ (?:issue|problem|matter|question)\b/.test(text)
      );
    case 'lead':
    case 'customer':
      return statusIn(type, text) !== undefined;
    default:
      return false;
  }
}

/** Intents whose opening verbs make a request a command to change something. */
const WRITERS: Intent[] = ['create', 'update', 'delete'];

/** The facts of a request the lexicon's intents weigh. */
function factsOf(c: Clause, tokens: Token[], language: EngineLanguage): Set<Fact> {
  const facts = new Set<Fact>();
  const refs = refsIn(c.u);
  const explicit = refs.filter((r) => r.kind !== 'name');
  const pronoun = pronounRef(c.u.text);
  const nouns = nounsIn(c.u.text);
  const last = c.last && c.last !== 'pending' ? c.last : undefined;
  if (explicit.length > 0) facts.add('ref');
  const namedFirst = refs.some(
    (r) => r.kind === 'name' && r.start <= 4 && /\b(?:named|called)\b|['"]/.test(c.u.text),
  );
  if (explicit.some((r) => r.start <= 4) || namedFirst) {
    facts.add('refFirst');
  }
  if (nouns.length > 0) facts.add('noun');
  if (nouns.some((n) => n.plural)) facts.add('plural');
  if (verblessNoun(c)) facts.add('verbless');
  if (pronoun) facts.add('pronoun');
  if (findAmounts(blank(c.u, refs).text).length > 0) facts.add('amount');
  if (tokens.some((t) => t.type === 'email')) facts.add('email');
  const typed = refs.filter((r) => r.type !== null);
  if (typed.some((r) => r.type === 'issue') || (last?.type === 'issue' && typed.length === 0)) {
    facts.add('issue');
  }
  if (typed.some((r) => r.type === 'deal') || (last?.type === 'deal' && pronoun && typed.length === 0)) {
    facts.add('deal');
  }
  if (stageNamed(tokens)) facts.add('stage');
  if (language.dealOutcomes.some(([p]) => phraseIn(p, tokens))) facts.add('outcome');
  if (language.problems.some((p) => phraseIn(p, tokens))) facts.add('problem');
  if (/:(?!\d)/.test(c.u.text)) facts.add('colon');
  const first = explicit[0];
  if (first?.type && first.start <= 4 && statusOfType(first.type, c.u.text, facts)) facts.add('statusWord');
  facts.add(c.ctx.role === 'customer' ? 'customer' : 'staff');
  if (WRITERS.some((i) => opensWith(language, i, tokens))) {
    facts.add('writeVerb');
  }
  return facts;
}

function createFor(c: Clause, noun: NounHit): Outcome {
  switch (noun.type) {
    case 'lead':
      return createLead(c, noun);
    case 'customer':
      return createCustomer(c, noun);
    case 'deal':
      return createDeal(c, noun);
    case 'issue':
      return createIssue(c);
    case 'order':
      return createOrder(c);
    case 'payment':
      return recordPayment(c);
    case 'activity':
      return noun.activity === 'note' ? note(c) : logActivity(c, noun.activity ?? 'task');
  }
}

/** A record word within the few words after the opening verb ("create a new high priority issue"). */
function createdNoun(c: Clause): NounHit | undefined {
  const asWhat = /\bas (?:a |an )?(?:new )?(lead|customer|client|prospect)\b/.exec(c.u.text);
  if (asWhat) return nounsIn(c.u.text, asWhat.index)[0];
  const opening = nounsIn(c.u.text)[0];
  if (opening?.start === 0 && !opening.plural) return opening;
  const verbEnd = c.u.text.search(/\s|$/);
  const noun = nounsIn(c.u.text, verbEnd)[0];
  if (!noun) return undefined;
  const between = c.u.text.slice(verbEnd, noun.start).trim().split(/\s+/).filter(Boolean);
  return between.length <= 5 ? noun : undefined;
}

/** "a client recommended her to us": a lead's source implied by what the request tells of it. */
function impliedSource(r: Reading, name: string): LeadSource | undefined {
  const told = r.tokens.filter((t) => !name.toLowerCase().split(' ').includes(t.lower));
  return currentLanguage().impliedSources.find(([phrase]) => phraseIn(phrase, told))?.[1];
}

function create(r: Reading): Outcome | null {
  const { c } = r;
  const noun = createdNoun(c);
  if (!noun || (noun.plural && /^new\b/.test(c.u.text))) return null;
  const out = createFor(c, noun);
  if ('tool' in out && out.tool === 'create_lead') {
    const input = out.input as { name: string; source?: string };
    const source = input.source ? undefined : impliedSource(r, input.name);
    if (source) return call('create_lead', { ...input, source });
  }
  return out;
}

/** The record a "show" is about when it is one record: "show deal 23", "ORD-2026-0012", "show it". */
function singleRecord(c: Clause): Outcome | null {
  const refs = refsIn(c.u);
  const first = refs[0];
  const noun = nounsIn(c.u.text)[0];
  if (first && first.type === null && c.u.text.replace(/[#\s]|\d/g, '') === '') return clarify(WHICH_RECORD);
  if (first?.type) {
    // "payments for order 12" lists payments: a plural record word before the reference wins.
    if (noun?.plural && noun.start < first.start) return null;
    return getRecord(first.type, first.ref);
  }
  const pronoun = pronounRef(c.u.text);
  const more =
    /^(?:details|info|more|more info|more details|show more|show details|tell me more|the details)$/.test(
      c.u.text,
    );
  if (
    (pronoun || more) &&
    c.last &&
    c.last !== 'pending' &&
    (!noun || !pronoun || noun.start >= pronoun.start)
  ) {
    return getRecord(c.last.type, c.last.id);
  }
  return null;
}

const PAST_ACTIVITY =
  /^(?:log (?:that )?)?(?:i |we )?(?:just )?(?:(called|phoned|rang)|(emailed|e-mailed|mailed|wrote to)|(met(?: with)?|had (?:a )?(?:meeting|lunch|coffee) with|sat down with)|(spoke (?:with|to)|talked (?:with|to)|had (?:a )?(?:call|chat) with))\s+/;

/** "I called Acme", "met with Globex": the verb says the kind, the words after it who and what. */
function pastActivityOf(c: Clause): Outcome | null {
  const m = PAST_ACTIVITY.exec(c.u.text);
  if (!m) return null;
  const type: ActivityType = m[1] || m[4] ? 'call' : m[2] ? 'email' : 'meeting';
  return pastActivity(c, type, m[0].length);
}

/** What is still owed: the orders, whose rows carry what is unpaid, for one customer when one is named. */
function balance(r: Reading): Outcome {
  const named = r.c.ctx.role === 'customer' ? undefined : partyIn(r.c, 'of|for|from|by');
  const proper = r.tokens.findIndex((t, i) => i > 0 && t.pos === 'PROPN');
  const customer = named ?? (r.c.ctx.role === 'customer' || proper < 0 ? undefined : r.tokens[proper]!.value);
  return call('list_orders', compact({ customer }));
}

/** "what's overdue", "anything overdue for me?": late activities, the person's own when they say so. */
function overdue(c: Clause): Outcome {
  const noun = nounsIn(c.u.text)[0];
  if (noun && noun.type !== 'activity') return listRecords(c, noun);
  const listed = listRecords(
    c,
    noun ?? { type: 'activity', plural: true, word: 'activities', start: 0, end: 0 },
  );
  if (!('tool' in listed)) return listed;
  const mine = /\b(?:me|my|mine|i)\b/.test(c.u.text) && c.ctx.role !== 'customer';
  return call('list_activities', { ...listed.input, overdue: true, ...(mine ? { assignedTo: 'me' } : {}) });
}

/** "look up jane@example.com", "who has the email ...": an email is searched as it is. */
function searchFor(r: Reading): Outcome | null {
  const email = r.tokens.find((t) => t.type === 'email');
  if (email) return call('search_records', { query: email.value });
  const query = r.c.u.raw.replace(
    /^\s*(?:find|search(?: for)?|look up|lookup|look for|locate|where is|where's|who is|who's|do we know|is there anything (?:called|named)|anything (?:called|named))\s+/i,
    '',
  );
  return search(query);
}

const AGENDA: NounHit = { type: 'activity', plural: true, word: 'agenda', start: 0, end: 0 };

const BUILDERS: Record<Intent, (r: Reading) => RuleOutcome> = {
  greeting: () => ({ help: GREETING_HELP }),
  help: () => ({ help: CAPABILITIES_HELP }),
  how_to: () => ({ help: NOT_UNDERSTOOD }),
  whoami: () => call('whoami', {}),
  remind: (r) => remind(r.c),
  comment: (r) => comment(r.c),
  add_to_issue: (r) => comment(r.c),
  note: (r) => note(r.c),
  payment: (r) => recordPayment(r.c),
  payment_fact: (r) => recordPayment(r.c),
  report_problem: (r) => createIssue(r.c),
  complaint: (r) => complaint(r.c, r.tokens, currentLanguage()),
  delete: (r) => remove(r.c),
  convert: (r) => convert(r.c),
  past_activity: (r) => pastActivityOf(r.c),
  update: (r) => update(r.c),
  state_outcome: (r) => stateOfDeal(r.c, r.tokens, currentLanguage()),
  record_state: (r) => {
    // Only the facts told count: a statement that changes nothing leaves the request to other intents.
    const out = r.facts.has('deal') ? stateOfDeal(r.c, r.tokens, currentLanguage()) : update(r.c);
    return out && 'tool' in out ? out : null;
  },
  create,
  stats: (r) => stats(r.c),
  balance,
  overdue: (r) => overdue(r.c),
  show: (r) => singleRecord(r.c),
  list: (r) => {
    const noun = r.facts.has('verbless') ? verblessNoun(r.c) : nounsIn(r.c.u.text)[0];
    return noun ? listRecords(r.c, noun) : null;
  },
  agenda: (r) => listRecords(r.c, AGENDA),
  search: searchFor,
};

export function readingOf(c: Clause, language: EngineLanguage = currentLanguage()): Reading {
  const tokens = analyse(c.u.raw).tokens.filter((t) => t.type !== 'punctuation');
  return { c, tokens, facts: factsOf(c, tokens, language) };
}

/** The scored intents of a request, best first (exported for tests and tuning reports). */
export function scoresOf(c: Clause, language: EngineLanguage = currentLanguage()) {
  const r = readingOf(c, language);
  return scoreIntents(language, r.tokens, c.u.text.trim(), r.facts);
}

/** One request to a call, a help reply, a question back, or null when nothing in it is understood. */
export function applyIntents(c: Clause, language: EngineLanguage = currentLanguage()): RuleOutcome {
  const r = readingOf(c, language);
  const scored = scoreIntents(language, r.tokens, c.u.text.trim(), r.facts);
  const decision = decide(scored, language.minScore, (intent) => BUILDERS[intent](r), isDeepStrictEqual);
  if (decision.kind === 'chosen') return decision.result;
  if (decision.kind === 'tie') {
    const [a, b] = decision.intents.map((i) => language.intents[i].gloss);
    return clarify(`I'm not sure what you want: should I ${a}, or ${b}? Please say it another way.`);
  }
  return null;
}

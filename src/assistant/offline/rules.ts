import { comment, logActivity, note, pastActivity, remind } from './activity.ts';
import { createCustomer, createDeal, createIssue, createLead, createOrder, recordPayment } from './create.ts';
import { type Clause, call, clarify, type Outcome } from './interpretation.ts';
import { type ActivityType, type NounHit, nounsIn } from './lexicon.ts';
import { getRecord, listRecords, search, stats } from './read.ts';
import { documentNumbers, pronounRef, refsIn } from './refs.ts';
import { convert, remove, update } from './update.ts';
import { CAPABILITIES_HELP, GREETING_HELP, NOT_UNDERSTOOD, WHICH_RECORD } from './wording.ts';

/**
 * The intent table. Each rule names the words that trigger it and how it builds its call; the first rule
 * whose trigger matches and whose builder returns something wins. Order is precedence: specific phrasings
 * ("comment on issue 4") come before the general ones they would also match ("add ... issue").
 */

export interface Help {
  help: string;
}

export type RuleOutcome = Outcome | Help | null;

export interface IntentRule {
  name: string;
  when: RegExp | ((c: Clause) => boolean);
  build: (c: Clause) => RuleOutcome;
}

/** Verbs that ask to see something. */
const LIST_VERB =
  /^(?:show|list|display|view|see|get|give|fetch|pull up|bring up|find|search(?: for)?|look up|look for|lookup|what|what's|whats|which|who|any|are there|is there|do i have|do we have|check|tell me|i want|i need|how many|count|browse|print|report)\b/;

/** Verbs that make something new. */
const CREATE_VERB =
  /^(?:create|add|new|register|log|record|open (?=an?\b|new\b)|make|enter|raise (?=an?\b|new\b)|file|submit|report|schedule|book|set up|arrange|plan|put in|note down|jot down|write down|capture|save|i have an? new|we have an? new|there's an? new|there is an? new|got an? new)\b/;

/** Verbs that change a record that exists. */
const UPDATE_VERB =
  /^(?:update|change|set(?! up)|move|mark|assign|reassign|rename|edit|modify|put|push|advance|progress|escalate|bump|close|resolve|fix|solve|reopen|re-open|start working on|start on|begin working on|pick up|qualify|disqualify|unqualify|raise the priority|lower the priority|win|lose|drag|shift|postpone|delay)\b/;

const DELETE_VERB = /^(?:delete|remove|erase|drop|trash|destroy|discard|purge|get rid of|wipe)\b/;

/** Words allowed before a record word in a request without a verb: "my open deals", "overdue tasks". */
const MODIFIERS = new Set(
  `my mine our all the open closed won lost new active inactive overdue today's todays this week's weeks recent latest newest
  oldest biggest largest smallest top first last high low medium urgent priority high-priority low-priority pending completed
  done upcoming unpaid paid draft confirmed shipped delivered cancelled canceled refunded failed qualified unqualified
  contacted converted churned prospect support billing technical product delivery account general hot cold big small
  facebook linkedin instagram twitter google website referral email telegram partner event business individual in progress
  in-progress resolved unresolved outstanding incoming card cash bank`.split(/\s+/),
);

function firstNoun(c: Clause, from = 0): NounHit | undefined {
  return nounsIn(c.u.text, from)[0];
}

/** A record word within the few words after the verb ("create a new high priority issue"). */
function nounAfterVerb(c: Clause, verb: RegExp): NounHit | undefined {
  const m = verb.exec(c.u.text);
  if (!m) return undefined;
  const noun = firstNoun(c, m[0].length);
  if (!noun) return undefined;
  const between = c.u.text.slice(m[0].length, noun.start).trim().split(/\s+/).filter(Boolean);
  return between.length <= 5 ? noun : undefined;
}

/** "my deals", "open issues", "overdue tasks": a list asked for with no verb at all. */
function verblessNoun(c: Clause): NounHit | undefined {
  const noun = firstNoun(c);
  if (!noun) return undefined;
  // Only a plural reads as a list without a verb: "overdue tasks" is a request, "call me maybe" is not.
  if (!noun.plural) return undefined;
  const before = c.u.text.slice(0, noun.start).trim().split(/\s+/).filter(Boolean);
  // A capitalised possessive is a person: "Sara's deals".
  const possessive = (w: string, i: number) => /^\p{L}+'s$/u.test(w) && i === 0 && /^\p{Lu}/u.test(c.u.raw);
  return before.every((w, i) => MODIFIERS.has(w) || /^\d{1,3}$/.test(w) || possessive(w, i))
    ? noun
    : undefined;
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

/** The record a "show" is about when it is one record: "show deal 23", "ORD-2026-0012", "show it". */
function singleRecord(c: Clause): Outcome | null {
  const refs = refsIn(c.u);
  const first = refs[0];
  const noun = firstNoun(c);
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

function pastActivityOf(c: Clause): RuleOutcome {
  const m = PAST_ACTIVITY.exec(c.u.text);
  if (!m) return null;
  const type: ActivityType = m[1] || m[4] ? 'call' : m[2] ? 'email' : 'meeting';
  return pastActivity(c, type, m[0].length);
}

/** "deal 23 is won", "we lost deal 5 because ...", "lead 7 is now qualified". */
const STATUS_STATEMENT =
  /^(?:we |i )?(?:won|lost) (?:deal\b|it\b|this\b|that\b|the (?:[\w-]+ )?deal\b|#)|^(?:the )?(?:deal|lead|issue|ticket|customer|client)\s*#?\s*\d+\s+(?:is|was|has been|got)\s+(?:now\s+)?(?:won|lost|qualified|unqualified|contacted|resolved|closed|fixed|churned|inactive|active)\b/;

export const RULES: IntentRule[] = [
  {
    name: 'greeting',
    when: /^(?:|hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|start|\/start|thanks|thank you|ok|okay)$/,
    build: () => ({ help: GREETING_HELP }),
  },
  {
    name: 'help',
    when: /^(?:help|\/help|\?|menu|commands|options|what can you do|what can i (?:say|ask|do)|what do you do|how does (?:this|it) work)\b/,
    build: () => ({ help: CAPABILITIES_HELP }),
  },
  {
    // Questions about how to do something are not requests to do it ("show me how to cook pasta").
    name: 'how-to question',
    when: /\bhow (?:do|can|could|should|would) (?:i|you|we|one)\b|\bhow to\b|\bteach me\b|\bexplain\b|^what(?:'s| is| are) (?:a|an)\b|\bdifference between\b|\bwhat does .+ mean\b/,
    build: () => ({ help: NOT_UNDERSTOOD }),
  },
  {
    name: 'whoami',
    when: /^(?:who am i|whoami|who is this|what(?:'s| is) my (?:role|name|email|account|login)|which (?:organi[sz]ation|org|company|team|account) (?:am i|is this)|my (?:role|profile|account)$|am i (?:an? )?(?:owner|admin|employee))\b/,
    build: () => call('whoami', {}),
  },
  {
    name: 'reminder',
    when: /^(?:remind|set (?:up )?(?:a )?reminder|reminder|don'?t let me forget|remember to)\b/,
    build: remind,
  },
  {
    name: 'comment on an issue',
    when: /^(?:(?:add|post|leave|write|put)\s+(?:a |an |my )?)?(?:comment|reply|respond|response|answer)\b/,
    build: comment,
  },
  {
    name: 'note on a record',
    when: /^(?:(?:add|log|write|make|leave|put|attach|record|take|jot down|create|save)\s+(?:a |an |the |this |my )?(?:quick |short |new )?)?notes?\b/,
    build: note,
  },
  {
    name: 'record a payment',
    when: (c) =>
      (/^(?:record|log|register|add|enter|create|new|book|capture|process|take|receive[d]?|got|we got|we received|collect(?:ed)?)\b/.test(
        c.u.text,
      ) &&
        nounAfterVerb(c, /^\S+(?: \S+)?/)?.type === 'payment') ||
      /^(?:we |i )?(?:received|got|collected)\b.*\d/.test(c.u.text) ||
      /^(?:an? )?payment (?:of|for)\b.*\b(?:received|paid|came in|arrived)\b/.test(c.u.text) ||
      /^pay\b/.test(c.u.text) ||
      /^(?:record|log|issue|process) (?:an? )?refund\b|^(?:we |i )?refunded\b.*\d/.test(c.u.text) ||
      /^[\p{L}][\p{L}\p{N}&.' -]{0,60}? (?:has |have |just )?paid\b.*\d/u.test(c.u.text),
    build: recordPayment,
  },
  {
    // "customer 5 has a problem with their invoice", "I have an issue with my order".
    name: 'problem reported',
    when: /^(?:i |we |(?:the )?(?:customer|client)\s*#?\s*\d+ |[\p{L}]+ )?(?:has|have|is having|are having|got) (?:a |an )?(?:problem|issue|trouble|bug)s?\b/u,
    build: createIssue,
  },
  { name: 'delete', when: DELETE_VERB, build: remove },
  { name: 'convert a lead', when: /^convert\b/, build: convert },
  { name: 'activity that happened', when: PAST_ACTIVITY, build: pastActivityOf },
  {
    name: 'change a record',
    when: (c) => UPDATE_VERB.test(c.u.text) && !/^(?:set up|put in)\b/.test(c.u.text),
    build: update,
  },
  { name: 'state an outcome', when: STATUS_STATEMENT, build: update },
  {
    name: 'create a record',
    when: (c) => CREATE_VERB.test(c.u.text),
    build: (c) => {
      const asWhat = /\bas (?:a |an )?(?:new )?(lead|customer|client|prospect)\b/.exec(c.u.text);
      const noun = asWhat ? firstNoun(c, asWhat.index) : nounAfterVerb(c, CREATE_VERB);
      if (!noun || (noun.plural && /^new\b/.test(c.u.text))) return null;
      return createFor(c, noun);
    },
  },
  {
    // After the writes, so "remind me to send the monthly report" is a reminder, not a report.
    name: 'statistics',
    when: (c) =>
      !CREATE_VERB.test(c.u.text) &&
      !UPDATE_VERB.test(c.u.text) &&
      refsIn(c.u).length === 0 &&
      /\b(?:stats|statistics|kpis?|metrics|dashboard|analytics|revenue|turnover|income|earnings|performance|numbers|figures|overview|summary|report|how (?:are|were|is|was|did|have) (?:we|things|business|sales|i|the business|our sales)|how's (?:business|it going|sales)|(?:total )?sales (?:this|last|for|in|so far)|pipeline value|win rate|conversion rate)\b/.test(
        c.u.text,
      ),
    build: stats,
  },
  {
    name: 'one record',
    when: (c) =>
      LIST_VERB.test(c.u.text) ||
      /^(?:open|details|info|more|status of|what's|whats|how is|how's|tell me (?:more )?about|more about|more on|the details)\b/.test(
        c.u.text,
      ) ||
      refsIn(c.u).some(
        (r) => r.start <= 4 && (r.kind !== 'name' || /\b(?:named|called)\b|['"]/.test(c.u.text)),
      ) ||
      documentNumbers(c.u.text).length > 0,
    build: singleRecord,
  },
  {
    name: 'list records',
    when: (c) => LIST_VERB.test(c.u.text) || verblessNoun(c) !== undefined,
    build: (c) => {
      const noun = LIST_VERB.test(c.u.text) ? firstNoun(c) : verblessNoun(c);
      return noun ? listRecords(c, noun) : null;
    },
  },
  {
    name: 'agenda',
    when: /^(?:what(?:'s| is)? (?:on )?|show (?:me )?)?(?:my|the) (?:agenda|schedule|calendar|plate)\b|^what do i have\b|^what(?:'s| is) next\b/,
    build: (c) => listRecords(c, { type: 'activity', plural: true, word: 'agenda', start: 0, end: 0 }),
  },
  {
    name: 'search',
    when: /^(?:find|search(?: for)?|look up|lookup|look for|locate|where is|where's|who is|who's)\s+/,
    build: (c) =>
      search(
        c.u.raw.replace(
          /^\s*(?:find|search(?: for)?|look up|lookup|look for|locate|where is|where's|who is|who's)\s+/i,
          '',
        ),
      ),
  },
];

/** Runs the table over one request. */
export function applyRules(c: Clause): RuleOutcome {
  for (const rule of RULES) {
    const triggered = typeof rule.when === 'function' ? rule.when(c) : rule.when.test(c.u.text);
    if (!triggered) continue;
    const outcome = rule.build(c);
    if (outcome !== null) return outcome;
  }
  return null;
}

import type { OfflineContext } from './interpretation.ts';
import type { RecordType } from './lexicon.ts';

/**
 * What the engine says when it does not act: the help text (examples chosen for what the role may do, so a
 * customer is never shown requests that would only be refused) and the questions it asks back.
 */

const EXAMPLES: Record<OfflineContext['role'], string[]> = {
  owner: [
    'Show my deals closing this month',
    'Create a lead named Ann from LinkedIn',
    'Move deal 23 to negotiation',
    'Record a payment of 3000 for order ORD-2026-0012',
    'Remind me to call John tomorrow at 10am',
    'How are we doing this quarter?',
  ],
  employee: [
    'Show my deals',
    'Create a lead named Ann from LinkedIn',
    'Move deal 23 to negotiation',
    'Log a call with Acme about pricing',
    'What are my tasks for today?',
    'High priority issues',
  ],
  customer: [
    'Show my open issues',
    'Create a support issue: my order arrived damaged',
    'Comment on issue ISS-2026-0003: it happened again today',
    'Show my orders',
    'Show my payments',
    'Who am I?',
  ],
};

export const NOT_UNDERSTOOD =
  "Sorry, I didn't catch that. I can look things up and make changes for you. Try, for example:";
export const GREETING_HELP = 'Hello! Here are some things you can ask me:';
export const CAPABILITIES_HELP = 'I can find, create and update your records. For example:';

export function helpReply(role: OfflineContext['role'], opening = NOT_UNDERSTOOD): string {
  return [opening, ...EXAMPLES[role].map((e) => `• ${e}`)].join('\n');
}

const EXAMPLE_REF: Record<RecordType, string> = {
  customer: "'customer 12' or 'customer Acme Corp'",
  lead: "'lead 5'",
  deal: "'deal 23'",
  issue: "'issue ISS-2026-0003' or 'issue 4'",
  order: "'order ORD-2026-0012' or 'order 12'",
  payment: "'payment 7'",
  activity: "'task 9'",
};

/** "Which deal? Say its number, e.g. 'deal 23'" */
export function whichRecord(type: RecordType): string {
  return `Which ${type}? Say its number, e.g. ${EXAMPLE_REF[type]}.`;
}

export const WHICH_RECORD =
  "Which record do you mean? Say its type and number, e.g. 'deal 23', 'lead 5' or 'order ORD-2026-0012'.";

/** When "it" would mean a record created earlier in the same message, whose id is not known yet. */
export const NOT_YET_CREATED =
  "I can't refer to a record I haven't created yet. Send the first request on its own, then say what to do with it.";

import { READS } from './en-reads.ts';
import { TALK } from './en-talk.ts';
import { EN_WORDS } from './en-words.ts';
import { WRITES } from './en-writes.ts';
import type { Language } from './types.ts';

/**
 * English for the offline engine: the cues of every intent with how much each one counts, and the words
 * behind the facts the engine reads. Weights: an opening verb phrase that names the act is 4 to 6, a cue
 * elsewhere 1 to 3, and a fact that fits the act 1 or 2.
 */

export type Intent =
  | 'greeting'
  | 'help'
  | 'how_to'
  | 'whoami'
  | 'remind'
  | 'comment'
  | 'add_to_issue'
  | 'note'
  | 'payment'
  | 'payment_fact'
  | 'report_problem'
  | 'complaint'
  | 'delete'
  | 'convert'
  | 'past_activity'
  | 'update'
  | 'state_outcome'
  | 'record_state'
  | 'create'
  | 'stats'
  | 'balance'
  | 'overdue'
  | 'show'
  | 'list'
  | 'agenda'
  | 'search';

export const EN: Language<Intent> = {
  minScore: 2,
  // In this order: the order intents are listed in is kept.
  intents: { ...TALK, ...WRITES, ...READS },
  impliedSources: [
    ['recommended', 'referral'],
    ['recommend', 'referral'],
    ['recommendation', 'referral'],
    ['refer', 'referral'],
    ['referred', 'referral'],
    ['introduced', 'referral'],
    ['word of mouth', 'referral'],
    ['expo', 'event'],
    ['fair', 'event'],
    ['exhibition', 'event'],
    ['booth', 'event'],
    ['trade show', 'event'],
    ['conference', 'event'],
    ['webinar', 'event'],
    ['meetup', 'event'],
    ['met him at', 'event'],
    ['met her at', 'event'],
    ['met them at', 'event'],
    ['google', 'google'],
    ['form on our site', 'website'],
    ['our website', 'website'],
    ['our site', 'website'],
    ['web form', 'website'],
    ['contact form', 'website'],
    ['instagram', 'instagram'],
    ['facebook', 'facebook'],
    ['linkedin', 'linkedin'],
    ['twitter', 'twitter'],
    ['telegram', 'telegram'],
    ['partner', 'partner'],
    ['partners', 'partner'],
    ['reseller', 'partner'],
    ['resellers', 'partner'],
    ['cold call', 'cold_call'],
    ['cold called', 'cold_call'],
    ['newsletter', 'email'],
  ],
  dealOutcomes: [
    ['signed', 'closed won'],
    ['sign', 'closed won'],
    ['we closed', 'closed won'],
    ['closed it', 'closed won'],
    ['won', 'closed won'],
    ['fell through', 'closed lost'],
    ['fall through', 'closed lost'],
    ['is dead', 'closed lost'],
    ['is off', 'closed lost'],
    ['lost', 'closed lost'],
    ['lose', 'closed lost'],
    ['went cold', 'closed lost'],
  ],
  problems: [
    'broken',
    'break',
    'crack',
    'cracked',
    'damaged',
    'damage',
    'missing',
    'miss',
    'leak',
    'leaks',
    'jam',
    'jamming',
    'wrong',
    'never arrived',
    'never arrive',
    'not arrived',
    'charged twice',
    'charge twice',
    'twice',
    'stopped working',
    'stop work',
    'does not work',
    "doesn't work",
    'not working',
    'will not',
    'cannot',
    "can't",
    'ca not',
    'unable',
    'crash',
    'crashes',
    'fail',
    'fails',
    'failing',
    'faulty',
    'defective',
    'late',
    'error',
    'refund',
    'something be wrong',
    'flicker',
    'overcharged',
    'billed',
  ],
  complaintCourtesy: [
    'please help',
    'can someone help',
    'can you help',
    'what can you do',
    'help please',
    'i need help',
    'please',
    'help',
  ],
  words: EN_WORDS,
};

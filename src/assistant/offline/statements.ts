import { type Clause, call, clarify, compact, type Outcome } from './interpretation.ts';
import type { Intent } from './lexicon/en.ts';
import type { Language } from './lexicon/types.ts';
import { knownStage } from './lexicon.ts';
import type { Token } from './nlp.ts';
import { pronounRef, refsIn } from './refs.ts';
import { phraseIn } from './scoring.ts';
import { capitalise, tidy } from './text.ts';
import { whichRecord } from './wording.ts';

/** Requests told as facts rather than commands: a deal's new stage, a customer's problem. */

/** The stage a statement puts a deal in: an outcome in other words first, then a stage named. */
function statedStage(tokens: readonly Token[], language: Language<Intent>): string | null {
  const outcome = language.dealOutcomes.find(([p]) => phraseIn(p, tokens));
  if (outcome) return outcome[1];
  for (let i = 0; i < tokens.length; i++) {
    const two = tokens[i + 1] ? knownStage(`${tokens[i]!.lower} ${tokens[i + 1]!.lower}`) : null;
    const one = knownStage(tokens[i]!.lower);
    // "lead" is a stage's name, but in a statement it is the record.
    const stage = two ?? (tokens[i]!.lower === 'lead' ? null : one);
    if (stage) return stage;
  }
  return null;
}

/** "deal 31 is now in negotiation", "we lost deal 27 to a competitor", "it's in negotiation now". */
export function stateOfDeal(c: Clause, tokens: readonly Token[], language: Language<Intent>): Outcome | null {
  const stage = statedStage(tokens, language);
  if (!stage) return null;
  const deal = refsIn(c.u).find((r) => r.type === 'deal');
  const last = c.last && c.last !== 'pending' && c.last.type === 'deal' ? c.last : undefined;
  const ref = deal?.ref ?? (pronounRef(c.u.text) && last ? last.id : undefined);
  if (ref === undefined) return clarify(whichRecord('deal'));
  return call('move_deal_stage', { deal: ref, stage });
}

const TITLE_LIMIT = 120;

/** "Globex says the app crashes": who reported it, and what. */
const REPORTED =
  /^([A-Z][\p{L}\p{N}&'. -]{0,60}?) (?:says|said|reports|reported|tells us|told us|complains|complained)(?: that)? (.+)$/u;

/** A problem told as a story: the story, without its courtesy, is the issue's title. */
export function complaint(c: Clause, _tokens: readonly Token[], language: Language<Intent>): Outcome | null {
  let text = c.u.raw.trim();
  let customer: string | undefined;
  const reported = c.ctx.role === 'customer' ? null : REPORTED.exec(text);
  if (reported) {
    customer = reported[1]!.trim();
    text = reported[2]!;
  }
  for (const phrase of language.complaintCourtesy) {
    const head = new RegExp(`^${phrase}\\b[\\s,.!:;-]*`, 'i');
    const tail = new RegExp(`[\\s,.!;-]*\\b${phrase}[\\s?.!]*$`, 'i');
    text = text.replace(head, '').replace(tail, '');
  }
  const story = capitalise(tidy(text.replace(/[?!.]+$/, '')));
  if (story.length < 3) return null;
  const title = story.length <= TITLE_LIMIT ? story : `${story.slice(0, TITLE_LIMIT - 1).trimEnd()}…`;
  return call('create_issue', compact({ title, description: title === story ? undefined : story, customer }));
}

import { afterColon, assignTo } from './filters.ts';
import { type Clause, call, clarify, compact, type Outcome } from './interpretation.ts';
import {
  categoryIn,
  knownStage,
  nounsIn,
  type PriorityValue,
  priorityIn,
  sourceAt,
  statusIn,
} from './lexicon.ts';
import { findAmounts, statedAmount } from './money.ts';
import { emailIn, labelled, nameAt, phoneIn } from './names.ts';
import { findDate } from './periods.ts';
import { pronounRef, refsIn } from './refs.ts';
import { isTarget, type Target, targetOf } from './target.ts';
import { blank, find, quoted, tidy, type Utterance } from './text.ts';
import { WHICH_RECORD, whichRecord } from './wording.ts';

/** Changes to existing records, stage moves, lead conversion and deletion. */

/** The request with the target reference blanked out, so its words and digits are not read as values. */
function restOf(c: Clause, target: Target): Clause {
  return target.end > target.start ? { ...c, u: blank(c.u, [target]) } : c;
}

const REASON = /\b(?:because|reason:?|due to|since|as they|as the customer|as we)\s+(.+)$/;

function reasonIn(c: Clause): string | undefined {
  const m = find(c.u, REASON)?.groups[0]?.value ?? afterColon(c)?.value;
  return m ? tidy(m) : undefined;
}

/** Words that move a deal through the pipeline rather than edit its fields. */
const MOVE_VERB = /^(?:move|advance|push|progress|put|drag|shift|bump)\b|\bstage\b/;

/** The request up to a stated reason, so "because they went with a rival" is never read as a stage. */
function withoutReason(u: Utterance): Utterance {
  const m = REASON.exec(u.text);
  return m ? { raw: u.raw.slice(0, m.index), text: u.text.slice(0, m.index) } : u;
}

/** The stage phrase after the last "to", "into" or "as" ("update the stage of deal 23 to negotiation"). */
function stagePhrase(c: Clause): string | null {
  const u = withoutReason(c.u);
  const m =
    find(u, /^.*\b(?:to|into|as)\s+(?:the\s+)?(.+?)(?:\s+(?:stage|phase|column))?$/) ??
    find(u, /\bstage(?: is)?:?\s+(.+)$/);
  const phrase = m?.groups[0]?.value;
  return phrase ? tidy(phrase.replace(/^['"]|['"]$/g, '')) : null;
}

/** Won or lost, or a default stage: "mark it as won", "close deal 5 as lost", "move it to proposal". */
function knownMove(c: Clause): { stage: string; reason?: string } | null {
  const outcome = /\b(closed[- ]won|won|win|closed[- ]lost|lost|lose)\b/.exec(withoutReason(c.u).text);
  const phrase = stagePhrase(c);
  const stage = outcome ? knownStage(outcome[1]!.replace('-', ' ')) : phrase ? knownStage(phrase) : null;
  return stage ? compact({ stage, reason: reasonIn(c) }) : null;
}

/** Any stage name the user's pipeline may have, when the request is clearly a move ("move deal 23 to Demo"). */
function customMove(c: Clause): { stage: string; reason?: string } | null {
  const stage = stagePhrase(c);
  if (!stage || !MOVE_VERB.test(c.u.text) || stage.split(' ').length > 4) return null;
  if (findAmounts(stage).some((a) => a.explicit) || /^(?:me|him|her|them|someone)\b/i.test(stage)) {
    return null;
  }
  return compact({ stage, reason: reasonIn(c) });
}

function moneyAfter(u: Utterance, cue: RegExp): number | undefined {
  const m = cue.exec(u.text);
  return m ? statedAmount(u.text, m.index)?.amount : undefined;
}

/** A new title: "rename deal 23 to 'Pilot'", "set the title of deal 23 to Pilot project". */
function newTitle(u: Utterance): string | undefined {
  const m = find(u, /\b(?:rename[ds]?|title|call it|name)(?: (?:it|this))?(?: to| as|:)?\s+(?!to\b)/);
  if (!m) return undefined;
  const after = tidy(u.raw.slice(m.whole.end).replace(/^(?:to|as)\s+/i, ''));
  return quoted({ raw: after, text: after.toLowerCase() })?.value ?? (after || undefined);
}

function newDate(c: Clause): string | undefined {
  if (
    !/\b(?:clos\w*|close date|expected|push(?:ed)?|postpone[d]?|delay(?:ed)?|move the date|due)\b/.test(
      c.u.text,
    )
  ) {
    return undefined;
  }
  return findDate(c.u.raw, c.ctx.today, { future: true })?.date;
}

function updateDeal(c: Clause, deal: number | string): Outcome {
  const assignee = assignTo(c);
  if (/^(?:re)?assign\b/.test(c.u.text) && assignee) {
    return call('update_deal', { deal, assignedTo: assignee });
  }
  const move = knownMove(c);
  if (move) return call('move_deal_stage', { deal, ...move });
  if (/^close\b/.test(c.u.text)) {
    return clarify(`Was it won or lost? Say e.g. 'mark deal ${deal} as won' or 'mark deal ${deal} as lost'.`);
  }
  const changes = compact({
    title: newTitle(c.u),
    value: moneyAfter(c.u, /\b(?:value|worth|amount|price|size)\b/),
    priority: priorityIn(c.u.text),
    expectedCloseDate: newDate(c),
    assignedTo: assignee,
    notes: labelled(c.u, 'notes?')?.value,
  });
  if (Object.keys(changes).length > 0) return call('update_deal', { deal, ...changes });
  const custom = customMove(c);
  if (custom) return call('move_deal_stage', { deal, ...custom });
  return clarify(
    `What should change on deal ${deal}? For example: 'move deal ${deal} to negotiation' or 'set deal ${deal} value to 5000'.`,
  );
}

function leadStatus(text: string): ReturnType<typeof statusIn<'lead'>> {
  if (/^(?:dis|un)qualify\b/.test(text)) return 'unqualified';
  if (/^qualify\b/.test(text)) return 'qualified';
  return statusIn('lead', text);
}

function updateLead(c: Clause, lead: number | string): Outcome {
  const { text } = c.u;
  const score = /\bscore\b(?:\s+(?:to|of|=|:|is|as|at))?\s+(\d{1,3})\b/.exec(text);
  const source = find(c.u, /\bsource(?: to| is| as|:)?\s+/);
  const changes = compact({
    status: leadStatus(text),
    score: score && Number(score[1]) <= 100 ? Number(score[1]) : undefined,
    source: source
      ? (sourceAt(text.slice(source.whole.end))?.source ?? nameAt(c.u, source.whole.end)?.value)
      : undefined,
    estimatedValue: moneyAfter(c.u, /\b(?:value|worth|budget|estimated|amount)\b/),
    notes: labelled(c.u, 'notes?')?.value,
    assignedTo: assignTo(c),
  });
  if (Object.keys(changes).length === 0 && knownMove(c)) {
    return clarify(
      `Leads have no stages. Say 'convert lead ${lead}' to make it a customer with a deal, or e.g. 'mark lead ${lead} as qualified'.`,
    );
  }
  if (Object.keys(changes).length === 0) {
    return clarify(`What should change on lead ${lead}? For example: 'mark lead ${lead} as contacted'.`);
  }
  return call('update_lead', { lead, ...changes });
}

/** "lower it", "raise its priority", "ISS-... is not urgent": a priority moved without naming one. */
function relativePriority(text: string): PriorityValue | undefined {
  if (/^lower\b|\bnot (?:that |so |very )?(?:urgent|important|critical)\b/.test(text)) return 'low';
  if (/^(?:raise|escalate)\b/.test(text)) return 'high';
  return undefined;
}

/** "issue 5 is a delivery problem": a category stated with the record. */
function statedCategory(text: string): ReturnType<typeof categoryIn> {
  const m = /\b(?:is|was) (?:a|an) (\w+) (?:issue|problem|matter|question|thing)\b/.exec(text);
  return m ? categoryIn(`category ${m[1]}`) : undefined;
}

function issueStatus(text: string): ReturnType<typeof statusIn<'issue'>> {
  if (/^close\b/.test(text)) return 'closed';
  if (/^(?:resolve|fix|solve)\b/.test(text)) return 'resolved';
  if (/^re-?open\b/.test(text)) return 'open';
  if (/^(?:start(?: working)? on|begin(?: working)? on|pick up|take)\b/.test(text)) return 'in_progress';
  return statusIn('issue', text);
}

function lastWord(text: string): string {
  return text.trim().split(/\s+/).at(-1) ?? '';
}

function updateIssue(c: Clause, issue: number | string): Outcome {
  const status = issueStatus(c.u.text);
  const resolution =
    status === 'resolved' || status === 'closed'
      ? (afterColon(c)?.value ??
        find(c.u, /\b(?:with (?:the )?resolution|resolution:?|by|because|fixed by)\s+(.+)$/)?.groups[0]
          ?.value)
      : undefined;
  const changes = compact({
    status,
    priority: relativePriority(c.u.text) ?? priorityIn(c.u.text),
    category: /\bcategor/.test(c.u.text)
      ? (categoryIn(c.u.text) ?? categoryIn(`category ${lastWord(c.u.text)}`))
      : statedCategory(c.u.text),
    assignedTo: assignTo(c),
    resolution: resolution ? tidy(resolution) : undefined,
  });
  if (Object.keys(changes).length === 0 && knownMove(c)) return clarify(whichRecord('deal'));
  if (Object.keys(changes).length === 0) {
    return clarify(
      `What should change on issue ${issue}? For example: 'close issue ${issue}' or 'set issue ${issue} priority to high'.`,
    );
  }
  return call('update_issue', { issue, ...changes });
}

function updateCustomer(c: Clause, customer: number | string): Outcome {
  const city = find(c.u, /\b(?:city(?: to| is|:)?|moved to|relocated to)\s+/);
  const rename = /^rename\b|\bname to\b/.test(c.u.text) ? newTitle(c.u) : undefined;
  const changes = compact({
    name: rename,
    email: /\be-?mail\b|@/.test(c.u.text) ? emailIn(c.u)?.value : undefined,
    phone: phoneIn(c.u)?.value,
    city: city ? nameAt(c.u, city.whole.end)?.value : undefined,
    status: statusIn('customer', c.u.text),
    notes: labelled(c.u, 'notes?')?.value,
    assignedTo: assignTo(c),
  });
  if (Object.keys(changes).length === 0 && knownMove(c)) return clarify(whichRecord('deal'));
  if (Object.keys(changes).length === 0) {
    return clarify(
      `What should change on customer ${customer}? For example: 'set customer ${customer} email to ann@acme.test'.`,
    );
  }
  return call('update_customer', { customer, ...changes });
}

/** "move deal 23 to negotiation", "mark it as won", "close issue ISS-2026-0003", "assign lead 5 to Sara". */
/** Whether the request points at any record at all; "close the window" or "move to Canada" does not. */
function aboutARecord(c: Clause): boolean {
  return refsIn(c.u).length > 0 || pronounRef(c.u.text) !== null || nounsIn(c.u.text).length > 0;
}

/** "move Bluebird espresso machines to negotiation": a deal named, not numbered, before the stage. */
function namedDeal(c: Clause): Target | null {
  if (refsIn(c.u).length > 0 || pronounRef(c.u.text) || nounsIn(c.u.text).length > 0) return null;
  const m = /^(\S+\s+)(?:the\s+)?(\p{Lu}[\p{L}\p{N}&'. -]{0,80}?)\s+(?:to|into|as)\s+\S/u.exec(c.u.raw);
  if (!m) return null;
  const start = m[1]!.length;
  return { type: 'deal', ref: m[2]!.trim(), start, end: start + m[2]!.length };
}

export function update(c: Clause): Outcome | null {
  if (!aboutARecord(c) && !knownMove(c)) return null;
  const target = namedDeal(c) ?? targetOf(c);
  // Only deals have stages, so "move it to proposal" with nothing to point at asks which deal.
  if (!isTarget(target)) {
    return target.clarify === WHICH_RECORD && knownMove(c) ? clarify(whichRecord('deal')) : target;
  }
  const rest = restOf(c, target);
  switch (target.type) {
    case 'deal':
      return updateDeal(rest, target.ref);
    case 'lead':
      return updateLead(rest, target.ref);
    case 'issue':
      return updateIssue(rest, target.ref);
    case 'customer':
      return updateCustomer(rest, target.ref);
    default:
      return clarify(
        `I can't change ${target.type === 'activity' ? 'activities' : `${target.type}s`} from here yet. Open it in the web app, or ask me to list or show it.`,
      );
  }
}

/** "delete lead 5", "remove it", "delete ISS-2026-0003". Always one record, named exactly. */
export function remove(c: Clause): Outcome | null {
  if (!aboutARecord(c)) return null;
  if (/\b(?:all|every|everything|each)\b/.test(c.u.text)) {
    return clarify("I delete one record at a time. Say which, e.g. 'delete lead 5'.");
  }
  const target = targetOf(c);
  if (!isTarget(target)) return target;
  return call('delete_record', { type: target.type, record: target.ref });
}

/** "convert lead 5", "convert it into a customer with a deal worth 5k". */
export function convert(c: Clause): Outcome {
  const target = targetOf(c, ['lead'], 'lead');
  const named = isTarget(target) ? null : find(c.u, /^convert\s+(?!(?:it|this|that|the)\b)/);
  const name = named ? nameAt(c.u, named.whole.end) : null;
  if (!isTarget(target) && !name) return target;
  const lead = isTarget(target) ? target.ref : name!.value;
  const rest = isTarget(target) ? restOf(c, target) : c;
  const wantsDeal =
    /\b(?:deal|opportunity)\b/.test(rest.u.text) && !/\b(?:no|without)(?: a)? deal\b/.test(rest.u.text);
  const title = find(rest.u, /\b(?:deal|opportunity)\s+(?:named|called|titled)\s+/);
  const dealValue = wantsDeal ? statedAmount(rest.u.text)?.amount : undefined;
  return call(
    'convert_lead',
    compact({
      lead,
      createDeal: wantsDeal || undefined,
      dealTitle: title ? nameAt(rest.u, title.whole.end)?.value : undefined,
      dealValue,
    }),
  );
}

import type { ToolInput } from '../../tools/index.ts';
import {
  amountBounds,
  assignee,
  isClosingPeriod,
  listLimit,
  partyIn,
  periodIn,
  queryIn,
  refOf,
} from './filters.ts';
import { type Clause, call, clarify, compact, type Outcome } from './interpretation.ts';
import {
  categoryIn,
  knownStage,
  type NounHit,
  paymentMethodIn,
  priorityIn,
  type RecordType,
  sourceAt,
  sourceBefore,
  statusIn,
} from './lexicon.ts';
import { find } from './text.ts';

/** Read requests: lists with filters, one record, search, statistics and "who am I". */

/**
 * A stage filter: a default stage named anywhere ("deals in negotiation", "proposal deals"), "lead" only
 * when called a stage (it is also a record), or any stage in quotes after "stage".
 */
function stageFilter(c: Clause): string | undefined {
  const { text } = c.u;
  const named = /\b(qualified|proposals?|negotiation|negotiating|negotiations|qualification)\b/.exec(text);
  if (named) return knownStage(named[1]!) ?? undefined;
  if (/\b(?:in|at) (?:the )?lead stage\b|\bstage:? lead\b/.test(text)) return 'lead';
  const custom = find(
    c.u,
    /\b(?:in|at) (?:the )?stage ['"]?([^'"]+?)['"]?$|\bin (?:the )?['"]([^'"]+)['"] stage\b/,
  );
  const value = custom?.groups[0]?.value ?? custom?.groups[1]?.value;
  return value ? (knownStage(value) ?? value.trim()) : undefined;
}

function dealSort(text: string): ToolInput<'list_deals'>['sort'] {
  if (
    /\b(?:biggest|largest|top|highest[- ]value|most valuable|highest|by (?:deal )?(?:value|size|amount))\b/.test(
      text,
    )
  ) {
    return 'value_desc';
  }
  if (/\b(?:smallest|lowest[- ]value|least valuable|lowest)\b/.test(text)) return 'value_asc';
  if (/\boldest\b/.test(text)) return 'oldest';
  if (/\b(?:newest|latest|most recent|recent|last \d+)\b/.test(text)) return 'newest';
  return undefined;
}

function listDeals(c: Clause): Outcome {
  const { text } = c.u;
  const hit = periodIn(c);
  const closing = hit !== null && isClosingPeriod(c, hit);
  const bounds = amountBounds(c);
  const status = statusIn('deal', text);
  return call(
    'list_deals',
    compact({
      stage: stageFilter(c),
      status,
      priority: priorityIn(text),
      assignedTo: assignee(c),
      customer: partyIn(c, 'for|with|of|from'),
      minValue: bounds.min?.amount,
      maxValue: bounds.max?.amount,
      createdIn: hit && !closing ? hit.period : undefined,
      closingIn: hit && closing ? hit.period : undefined,
      query: queryIn(c),
      sort: dealSort(text),
      limit: listLimit(c),
    }),
  );
}

function leadSource(c: Clause, noun: NounHit): string | undefined {
  const cue =
    /\b(?:from|via|through|source(?: is)?:?|came from|coming from|found us (?:on|through|via))\s+/.exec(
      c.u.text,
    );
  if (cue) {
    const known = sourceAt(c.u.text.slice(cue.index + cue[0].length));
    if (known) return known.source;
  }
  return sourceBefore(c.u.text, noun.start) ?? undefined;
}

function listLeads(c: Clause, noun: NounHit): Outcome {
  const { text } = c.u;
  const hit = periodIn(c);
  // "new leads this week" asks for leads created this week, not for those still in status "new".
  const status = statusIn('lead', text.replace(/\bnew\b/, hit ? '' : 'new'));
  const score =
    /\bscore (?:of |above |over |at least |>=? ?|greater than |more than |higher than )?(\d{1,3})\b/.exec(
      text,
    );
  return call(
    'list_leads',
    compact({
      status,
      source: leadSource(c, noun),
      assignedTo: assignee(c),
      minScore: score && Number(score[1]) <= 100 ? Number(score[1]) : undefined,
      createdIn: hit?.period,
      query: queryIn(c),
      limit: listLimit(c),
    }),
  );
}

function customerKind(text: string): 'business' | 'individual' | undefined {
  if (/\b(?:business|businesses|company|companies|corporate|b2b|organi[sz]ations?)\b/.test(text)) {
    return 'business';
  }
  if (/\b(?:individual|individuals|private|personal|consumer|consumers|people|persons|b2c)\b/.test(text)) {
    return 'individual';
  }
  return undefined;
}

function listCustomers(c: Clause): Outcome {
  const { text } = c.u;
  return call(
    'list_customers',
    compact({
      status: statusIn('customer', text),
      kind: customerKind(text),
      assignedTo: assignee(c),
      createdIn: periodIn(c)?.period,
      query: queryIn(c),
      limit: listLimit(c),
    }),
  );
}

function listIssues(c: Clause): Outcome {
  const { text } = c.u;
  return call(
    'list_issues',
    compact({
      status: statusIn('issue', text),
      priority: priorityIn(text),
      category: categoryIn(text),
      assignedTo: assignee(c),
      customer: partyIn(c, 'for|from|of|by'),
      createdIn: periodIn(c)?.period,
      query: queryIn(c),
      limit: listLimit(c),
    }),
  );
}

/** Orders carry no payment state in the catalogue, so "unpaid orders" is answered honestly, not guessed. */
const UNPAID = /\b(?:unpaid|not paid|outstanding|overdue|owing|open balance|balance due)\b/;

function listOrders(c: Clause): Outcome {
  const { text } = c.u;
  if (UNPAID.test(text)) {
    return clarify(
      "I can't filter orders by what is still owed yet. I can list orders by status (e.g. 'confirmed orders'), " +
        "or show payments (e.g. 'pending payments', 'payments for order 12').",
    );
  }
  return call(
    'list_orders',
    compact({
      status: statusIn('order', text),
      customer: partyIn(c, 'for|from|of|by'),
      createdIn: periodIn(c)?.period,
      minTotal: amountBounds(c).min?.amount,
      limit: listLimit(c),
    }),
  );
}

function listPayments(c: Clause): Outcome {
  const { text } = c.u;
  return call(
    'list_payments',
    compact({
      order: refOf(c, ['order'])?.ref,
      customer: partyIn(c, 'from|for|of'),
      status: statusIn('payment', text),
      method: paymentMethodIn(text),
      paidIn: periodIn(c)?.period,
      limit: listLimit(c),
    }),
  );
}

function activityDone(text: string): boolean | undefined {
  if (
    /\b(?:not done|incomplete|unfinished|open|pending|outstanding|upcoming|remaining|to do|left)\b/.test(text)
  ) {
    return false;
  }
  if (/\b(?:done|completed|finished|closed|ticked off)\b/.test(text)) return true;
  return undefined;
}

function listActivities(c: Clause, noun: NounHit): Outcome {
  const { text } = c.u;
  const overdue = /\b(?:overdue|late|past due|missed)\b/.test(text);
  return call(
    'list_activities',
    compact({
      type: noun.activity,
      assignedTo: assignee(c),
      done: overdue ? undefined : activityDone(text),
      overdue: overdue || undefined,
      dueIn: periodIn(c)?.period,
      customer: refOf(c, ['customer'])?.ref ?? partyIn(c, 'with|for|of'),
      lead: refOf(c, ['lead'])?.ref,
      deal: refOf(c, ['deal'])?.ref,
      limit: listLimit(c),
    }),
  );
}

const LISTS: Record<RecordType, (c: Clause, noun: NounHit) => Outcome> = {
  deal: listDeals,
  lead: listLeads,
  customer: listCustomers,
  issue: listIssues,
  order: listOrders,
  payment: listPayments,
  activity: listActivities,
};

/** The list tool call for the kind of record a request names. */
export function listRecords(c: Clause, noun: NounHit): Outcome {
  return LISTS[noun.type](c, noun);
}

/** One record by reference. Payments and activities have no single-record tool, so their lists stand in. */
export function getRecord(type: RecordType, ref: number | string): Outcome {
  switch (type) {
    case 'customer':
      return call('get_customer', { customer: ref });
    case 'lead':
      return call('get_lead', { lead: ref });
    case 'deal':
      return call('get_deal', { deal: ref });
    case 'issue':
      return call('get_issue', { issue: ref });
    case 'order':
      return call('get_order', { order: ref });
    case 'payment':
      return clarify(
        "I can't open a single payment, but I can list them, e.g. 'payments for order 12' or 'payments this month'.",
      );
    case 'activity':
      return clarify("I can't open a single activity, but I can list them, e.g. 'my tasks for today'.");
  }
}

export function stats(c: Clause): Outcome {
  return call('get_stats', compact({ period: periodIn(c)?.period }));
}

/** "find Acme", "search for john@example.com", "look up Acme Corp". */
export function search(query: string): Outcome | null {
  const cleaned = query
    .trim()
    .replace(/^(?:me|for|up)\s+/i, '')
    .replace(/^["']|["']$/g, '')
    .trim();
  // "find me a good recipe", "search for something to eat": not a record anyone named.
  if (
    !cleaned ||
    /^(?:a|an|some|any|all|every|out|how|what|why|where|when|the|something|anything|everything|nothing|my|your|our|more|other|stuff)\b/i.test(
      cleaned,
    )
  ) {
    return null;
  }
  if (cleaned.split(/\s+/).length > 6 || cleaned.length > 200) return null;
  return call('search_records', { query: cleaned });
}

import { z } from 'zod';
import type { Actor } from '../domain/actor.ts';
import type { Tool } from '../tools/index.ts';
import { TOOL_GROUPS, type ToolGroup, toolsFor } from '../tools/index.ts';
import type { RecordPointer } from './conversation-store.ts';
import { declarationChars } from './model-schema.ts';

/**
 * Which tools a model is offered for a request. Every offered tool's schema is paid for on every model
 * call, so a request gets the general tools plus the groups it is about (by its words, else by what the
 * conversation was last about), and a `use_tools` tool to load other groups when it needs them.
 */

/** Groups a request may start with; more is rare, and the model can switch with use_tools. */
export const MAX_GROUPS = 2;

/** A role whose whole catalogue is about this small (in JSON characters) is offered all of it. */
const SMALL_CATALOGUE_CHARS = 6_000;

/** The groups besides `general`: what a request can be about. */
export type Subject = Exclude<ToolGroup, 'general'>;

const WORDS: Record<Subject, RegExp> = {
  customers: /\b(customers?|clients?|accounts?|contacts?|companies|company)\b/i,
  leads: /\b(leads?|prospects?|qualif\w*|convert\w*)\b/i,
  deals: /\b(deals?|pipeline|stages?|opportunit\w*|negotiation|proposal|won|lost|closing)\b/i,
  issues: /\b(issues?|tickets?|support|complaints?|problems?|bugs?|ISS-\d)/i,
  sales:
    /\b(orders?|payments?|paid|pay|invoices?|refunds?|ORD-\d|PAY-\d|balance|outstanding|received \$?\d|in cash|by card|bank transfer)/i,
  activities:
    /\b(activit\w*|tasks?|calls?|called|meetings?|met with|e-?mail(ed|s)?|spoke|talked|notes?|follow[- ]?ups?|remind\w*|to-?dos?|agenda|schedule|calendar|what do I have)\b/i,
};

/** "Move it to proposal", "comment on this": the request is about the conversation's last record. */
const REFERS_BACK = /\b(it|its|this|that|him|her)\b/i;

export const SUBJECTS = Object.keys(WORDS) as [Subject, ...Subject[]];

/** The tool a model calls to switch subjects mid-request. */
export const USE_TOOLS = {
  name: 'use_tools',
  description: `Load the tools of other subjects when the ones you have do not cover the request: ${SUBJECTS.join(', ')} (sales = orders and payments). Replaces the subjects loaded before.`,
  input: z.object({ groups: z.array(z.enum(SUBJECTS)).min(1) }),
};

const GROUP_OF_RECORD: Record<RecordPointer['type'], Subject> = {
  customer: 'customers',
  lead: 'leads',
  deal: 'deals',
  issue: 'issues',
  order: 'sales',
  payment: 'sales',
  activity: 'activities',
};

/** The groups a text is about, in the order they are first mentioned. */
export function groupsMentioned(text: string): Subject[] {
  const found: { group: Subject; at: number }[] = [];
  for (const [group, words] of Object.entries(WORDS) as [Subject, RegExp][]) {
    const at = text.search(words);
    if (at >= 0) found.push({ group, at });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.group);
}

/** The groups a request starts with: its own words, else the conversation's last subject. */
export function groupsFor(
  text: string,
  context: { lastRecord: RecordPointer | null; earlierUserMessages: string[] },
): ToolGroup[] {
  let groups = groupsMentioned(text);
  const last = context.lastRecord ? GROUP_OF_RECORD[context.lastRecord.type] : null;
  if (last && (groups.length === 0 || REFERS_BACK.test(text)))
    groups = [last, ...groups.filter((g) => g !== last)];
  for (const earlier of context.earlierUserMessages.toReversed()) {
    if (groups.length > 0) break;
    groups = groupsMentioned(earlier);
  }
  return ['general', ...groups.slice(0, MAX_GROUPS)];
}

/** The role's tools in the given groups, or all of them when the role's catalogue is small anyway. */
export function toolsInGroups(actor: Pick<Actor, 'role'>, groups: readonly ToolGroup[]): Tool[] {
  const allowed = toolsFor(actor);
  if (allowed.reduce((sum, t) => sum + declarationChars(t), 0) <= SMALL_CATALOGUE_CHARS) return allowed;
  const wanted = new Set<Tool>(groups.flatMap((g) => TOOL_GROUPS[g] as readonly Tool[]));
  return allowed.filter((t) => wanted.has(t));
}

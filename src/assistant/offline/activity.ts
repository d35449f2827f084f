import { afterColon, assignTo, type UserRef } from './filters.ts';
import { type Clause, call, clarify, compact, type Outcome } from './interpretation.ts';
import type { ActivityType, RecordType } from './lexicon.ts';
import { labelled, nameAt } from './names.ts';
import { type DateHit, findDate } from './periods.ts';
import { refsIn } from './refs.ts';
import { isTarget, targetOf } from './target.ts';
import { blank, capitalise, find, quoted, type Span, tidy, type Utterance } from './text.ts';
import { WHICH_RECORD, whichRecord } from './wording.ts';

/** Activities (calls, meetings, emails, tasks, reminders), notes on records, and comments on issues. */

const LABEL: Record<ActivityType, string> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  note: 'Note',
  task: 'Task',
  telegram: 'Telegram message',
};

const SUBJECT_LIMIT = 120;

/** A short label for lists, and the full text as the body when it does not fit. */
function subjectAndBody(text: string): { subject: string; body?: string } {
  const subject = capitalise(tidy(text));
  if (subject.length <= SUBJECT_LIMIT) return { subject };
  return { subject: `${subject.slice(0, SUBJECT_LIMIT - 1).trimEnd()}…`, body: tidy(text) };
}

/**
 * The date of an activity with the little word that introduces it ("by friday", "on 3 March"), so both
 * leave the subject together. Due dates lean forward; a logged call or email happened already.
 */
function activityDate(
  c: Clause,
  future: boolean,
): { hit: DateHit; span: { start: number; end: number } } | null {
  const hit = findDate(c.u.raw, c.ctx.today, { future });
  if (!hit) return null;
  const lead = /\b(?:due (?:on|by)?|on|at|by|for|before|until|till|starting|from)\s*$/.exec(
    c.u.text.slice(0, hit.start),
  );
  return { hit, span: { start: lead ? lead.index : hit.start, end: hit.end } };
}

function dueAt(hit: DateHit | undefined): string | undefined {
  if (!hit) return undefined;
  return hit.time ? `${hit.date}T${hit.time}` : hit.date;
}

interface Links {
  customer?: number | string;
  lead?: number | string;
  deal?: number | string;
  party?: string;
  spans: Span[];
}

/** The records an activity belongs to: "deal 23", "lead named John", or a customer named after "with"/"to". */
function linksIn(u: Utterance, partyCues: string | null): Links {
  const links: Links = { spans: [] };
  for (const r of refsIn(u)) {
    const type = r.type as RecordType | null;
    if ((type === 'customer' || type === 'lead' || type === 'deal') && links[type] === undefined) {
      links[type] = r.ref;
      links.spans.push({ value: String(r.ref), start: r.start, end: r.end });
    }
  }
  if (partyCues && links.customer === undefined && links.lead === undefined) {
    const m = find(u, new RegExp(`\\b(?:${partyCues})\\s+(?:(?:the )?(?:customer|client)\\s+)?`));
    const party = m ? nameAt(u, m.whole.end) : null;
    if (party && m) {
      links.customer = party.value;
      links.party = party.value;
      links.spans.push({ value: party.value, start: m.whole.start, end: party.end });
    }
  }
  return compact(links);
}

/** The log_activity call for what was said, the records it is about and when it is due. */
function logCall(
  type: ActivityType,
  text: string,
  links: Links,
  hit: DateHit | undefined,
  assignedTo?: UserRef,
): Outcome {
  const { subject, body } = subjectAndBody(text);
  return call(
    'log_activity',
    compact({
      type,
      subject,
      body,
      customer: links.customer,
      lead: links.lead,
      deal: links.deal,
      dueAt: dueAt(hit),
      assignedTo,
    }),
  );
}

/** "about pricing", "to discuss the renewal", or the text after a colon. */
function topicIn(c: Clause, u: Utterance): string | undefined {
  const explicit = labelled(u, 'subject|title')?.value ?? quoted(u)?.value ?? afterColon({ ...c, u })?.value;
  if (explicit) return explicit;
  const about = find(u, /\b(?:about|regarding|re|concerning|to discuss|discussing|on the topic of)\s+(.+)$/);
  return about?.groups[0]?.value;
}

export function logActivity(c: Clause, type: ActivityType): Outcome {
  // Logging records what happened; scheduling, booking or adding plans what will.
  const future = type === 'task' || type === 'meeting' || !/^(?:log|record|enter)\b/.test(c.u.text);
  const date = type === 'note' ? null : activityDate(c, future);
  const u = date ? blank(c.u, [date.span]) : c.u;
  // "a task to send the proposal" is what to do, not whom to do it with; an email goes "to" someone.
  const links = linksIn(u, type === 'email' ? 'with|to' : 'with');
  const topic = topicIn(c, blank(u, links.spans));
  const todo =
    type === 'task'
      ? find(blank(u, links.spans), /\b(?:to|that i|that we)\s+(.+)$/)?.groups[0]?.value
      : undefined;
  const party =
    links.party ?? (typeof links.customer === 'number' ? `customer ${links.customer}` : undefined);
  const fallback = `${LABEL[type]}${party ? `${type === 'email' ? ' to' : ' with'} ${party}` : ''}`;
  return logCall(type, topic ?? todo ?? fallback, links, date?.hit, assignTo(c));
}

/** "remind me to call John tomorrow", "remind Sara to send the quote on Friday". */
export function remind(c: Clause): Outcome {
  const date = activityDate(c, true);
  const u = date ? blank(c.u, [date.span]) : c.u;
  const head = find(
    u,
    /^(?:remind(?:er)?|set (?:up )?(?:a )?reminder|don'?t let me forget|remember)(?:\s+(me|us|[\p{L}-]+)(?=\s|$))?(?:\s+(?:to|about|that|of|for)(?=\s|$))?(?:\s+|$)/u,
  );
  const who = head?.groups[0]?.value;
  const rest = head ? tidy(u.raw.slice(head.whole.end)).replace(/^(?:to|about|that)\s+/i, '') : '';
  if (!rest) {
    return clarify("What should I remind you about? For example: 'remind me to call John tomorrow'.");
  }
  const assignee = who && !/^(?:me|us|to|about|that|of|for)$/i.test(who) ? who : undefined;
  const { subject, body } = subjectAndBody(rest);
  return call(
    'log_activity',
    compact({ type: 'task' as const, subject, body, dueAt: dueAt(date?.hit), assignedTo: assignee }),
  );
}

/** "I called Acme about pricing", "met with John yesterday", "emailed Acme the quote". */
export function pastActivity(c: Clause, type: ActivityType, verbEnd: number): Outcome {
  const date = activityDate(c, false);
  const u = date ? blank(c.u, [date.span]) : c.u;
  const party = nameAt(u, verbEnd);
  const links = linksIn(u, null);
  if (party && links.customer === undefined && links.lead === undefined) {
    links.customer = party.value;
    links.spans.push(party);
  }
  const topic = topicIn(c, blank(u, links.spans));
  const label = `${LABEL[type]}${party ? `${type === 'email' ? ' to' : ' with'} ${party.value}` : ''}`;
  return logCall(type, topic ?? label, links, date?.hit);
}

/** "ticket 7 that we ordered a replacement", "ticket 3, it broke again", "add that it still fails". */
function afterTarget(c: Clause): Span | undefined {
  const ref = refsIn(c.u).find((r) => r.kind !== 'name');
  const from = ref?.end ?? 0;
  const cue = ref
    ? /^\s*(?:,\s*|that\s+)(?=\S)/
    : /^(?:(?:also|and|just) )?(?:add|adding|mention|say)(?: that)?\s+(?=\S)/;
  const m = cue.exec(c.u.text.slice(from));
  if (!m) return undefined;
  const start = from + m[0].length;
  return { value: c.u.raw.slice(start).trim(), start, end: c.u.text.length };
}

/** What a note or comment says: after a colon, after "saying", or in quotes. */
function dictated(c: Clause): Span | undefined {
  return (
    afterColon(c) ??
    afterTarget(c) ??
    find(c.u, /\b(?:saying|that says|which says|with the text|with text)\s+(.+)$/)?.groups[0] ??
    quoted(c.u) ??
    undefined
  );
}

function commentOn(issue: number | string, text: string): Outcome {
  return call('comment_on_issue', { issue, comment: text.trim() });
}

/** The request without the dictated text, so words inside a note ("it", "deal 5") never pick the target. */
function headOf(c: Clause, text: Span): Clause {
  return { ...c, u: blank(c.u, [{ start: text.start, end: c.u.text.length }]) };
}

function noteOn(type: 'deal' | 'lead' | 'customer', ref: number | string, text: string): Outcome {
  const note = { type: 'note' as const, ...subjectAndBody(text) };
  if (type === 'deal') return call('log_activity', { ...note, deal: ref });
  if (type === 'lead') return call('log_activity', { ...note, lead: ref });
  return call('log_activity', { ...note, customer: ref });
}

/** "add a note to deal 23: called back", "note on it: left a voicemail". Notes on issues are comments. */
export function note(c: Clause): Outcome {
  const text = dictated(c);
  if (!text?.value.trim()) {
    return clarify("What should the note say? For example: 'add a note to deal 23: called back'.");
  }
  const head = headOf(c, text);
  const mentions = refsIn(head.u).length > 0 || /\b(?:it|this|that)\b/.test(head.u.text);
  if (!mentions && c.last === undefined) {
    return call('log_activity', { type: 'note', ...subjectAndBody(text.value) });
  }
  const target = targetOf(head, ['deal', 'lead', 'customer', 'issue']);
  if (!isTarget(target)) return target;
  if (target.type === 'issue') return commentOn(target.ref, text.value);
  if (target.type !== 'deal' && target.type !== 'lead' && target.type !== 'customer') {
    return clarify('Notes go on customers, leads, deals and issues. Which of those should it go on?');
  }
  return noteOn(target.type, target.ref, text.value);
}

/** "comment on issue 4: customer called", "reply to ISS-2026-0003 saying we shipped a fix". */
export function comment(c: Clause): Outcome {
  const text = dictated(c);
  if (!text?.value.trim()) {
    return clarify("What should the comment say? For example: 'comment on issue 4: customer called'.");
  }
  const target = targetOf(headOf(c, text), ['issue', 'deal', 'lead', 'customer'], 'issue');
  if (!isTarget(target)) return target.clarify === WHICH_RECORD ? clarify(whichRecord('issue')) : target;
  if (target.type === 'issue') return commentOn(target.ref, text.value);
  if (target.type === 'order' || target.type === 'payment' || target.type === 'activity') {
    return clarify('Comments go on issues. Which issue? Say its number, e.g. issue 4.');
  }
  return noteOn(target.type, target.ref, text.value);
}

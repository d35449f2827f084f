import { InlineKeyboard } from 'grammy';
import type { AssistantTurn } from '../assistant/turns.ts';
import { html, joinHtml, type SafeHtml } from './format.ts';

/**
 * What the assistant's `search_records` found, as a chat shows it: one heading per kind of record, a line per
 * record, and a button per record that asks the assistant for it (`pk:<type>:<id>`, the same answer as the
 * buttons offered when a name matched several records).
 */

interface Hit {
  id: number;
  label: string;
}

/** Headings in the order the tool lists kinds. */
const HEADINGS: Record<string, string> = {
  customer: 'Customers',
  lead: 'Leads',
  deal: 'Deals',
  issue: 'Issues',
  order: 'Orders',
  payment: 'Payments',
  activity: 'Activities',
};

/** Telegram shows about this many characters of a button; longer labels are cut with an ellipsis. */
const BUTTON_TEXT = 48;

function isHits(value: unknown): value is Hit[] {
  return (
    Array.isArray(value) &&
    value.every(
      (h) => typeof (h as Hit)?.id === 'number' && typeof (h as Hit)?.label === 'string' && (h as Hit).id > 0,
    )
  );
}

/** The kinds and records a turn's searches found, in the tool's order; a kind found twice is listed once. */
function foundGroups(turn: AssistantTurn): [string, Hit[]][] {
  const groups = new Map<string, Map<number, Hit>>();
  for (const action of turn.actions) {
    if (action.tool !== 'search_records' || action.status !== 'done') continue;
    const result = action.result as Record<string, unknown> | null | undefined;
    for (const type of Object.keys(HEADINGS)) {
      const hits = result?.[type];
      if (!isHits(hits)) continue;
      const group = groups.get(type) ?? new Map<number, Hit>();
      for (const h of hits) group.set(h.id, h);
      groups.set(type, group);
    }
  }
  return [...groups].map(([type, hits]) => [type, [...hits.values()]]);
}

function buttonText(label: string): string {
  return label.length > BUTTON_TEXT ? `${label.slice(0, BUTTON_TEXT - 1)}…` : label;
}

/**
 * The message for a turn whose every tool call was a search: the found records grouped by kind, with a
 * button each. Null when the turn did anything else (its reply then says what) or its searches ran none.
 * The reply is left out: it only lists the same records, without the buttons.
 */
export function searchResults(
  turn: AssistantTurn,
): { text: SafeHtml; keyboard: InlineKeyboard | null } | null {
  const searches = turn.actions.filter((a) => a.tool === 'search_records');
  if (searches.length === 0 || searches.length !== turn.actions.length) return null;
  if (searches.some((a) => a.status !== 'done')) return null;
  const groups = foundGroups(turn);
  if (groups.length === 0) return { text: html`Nothing found.`, keyboard: null };
  const buttons: ReturnType<typeof InlineKeyboard.text>[][] = [];
  const lines: (SafeHtml | string)[] = [];
  for (const [type, hits] of groups) {
    if (lines.length > 0) lines.push('');
    lines.push(html`<b>${HEADINGS[type]!}</b>`);
    for (const h of hits) {
      lines.push(html`• ${h.label}`);
      buttons.push([InlineKeyboard.text(buttonText(h.label), `pk:${type}:${h.id}`)]);
    }
  }
  return { text: joinHtml(lines), keyboard: InlineKeyboard.from(buttons) };
}

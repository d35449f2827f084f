import { id } from '../crm/fields.ts';
import { requireRowGrant } from '../crm/scope.ts';
import type { Actor } from '../domain/actor.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { parseMoney } from '../domain/money.ts';
import { type NumberedKind, parseNumber } from '../domain/numbering.ts';
import { type PeriodSpec, type ResolvedPeriod, resolvePeriod } from '../domain/periods.ts';
import type { Tool, ToolContext } from './tool.ts';

/**
 * Turns what people say about records ("#12", "ORD-2026-0012", "Acme", "me", "$3k") into what the services
 * take. Lookups go through the services, so a reference can only ever find a record the actor may see.
 */

export type RecordRef = number | string;

/** The parts of a service a reference is looked up through. */
interface Lookup<T, L> {
  get(actor: Actor, id: number): Promise<T>;
  list(actor: Actor, params: { q: string; limit: number }): Promise<{ items: L[] }>;
  getByNumber?(actor: Actor, number: string): Promise<T>;
}

interface Finder<T, L extends { id: number }> {
  what: string;
  service: Lookup<T, L>;
  /** How a list row is named; records without a name (payments) are found by number or id only. */
  label?: (row: L) => string;
  /** The kind of document number the record carries, if any. */
  numbered?: NumberedKind;
}

/** A plain id, "#12", or "deal 12" style text. */
function idOf(text: string, what: string): number | null {
  const m = new RegExp(`^(?:${what}\\s*)?#?\\s*(\\d+)$`, 'i').exec(text);
  return m ? Number(m[1]) : null;
}

const SEARCH_LIMIT = 6;

async function find<T, L extends { id: number }>(
  ctx: ToolContext,
  ref: RecordRef,
  finder: Finder<T, L>,
): Promise<T> {
  const { what, service, label } = finder;
  // An id no row can have is simply not found (PostgreSQL would reject it as out of range).
  const get = (value: number) => {
    if (!id.safeParse(value).success) throw notFound(what, value);
    return service.get(ctx.actor, value);
  };
  if (typeof ref === 'number') return get(ref);
  const text = ref.trim();
  const number = parseNumber(text);
  if (number) {
    if (!service.getByNumber || number.kind !== finder.numbered) {
      throw invalid(`${text} is not the number of a ${what}`);
    }
    return service.getByNumber(ctx.actor, text.toUpperCase());
  }
  const byId = idOf(text, what);
  if (byId !== null) return get(byId);
  if (!label) throw invalid(`Say which ${what} by its number or id, e.g. "${what} #12"`);
  const candidates = (await service.list(ctx.actor, { q: text, limit: SEARCH_LIMIT })).items;
  const key = text.toLowerCase();
  const exact = candidates.filter((c) => label(c).toLowerCase() === key);
  const matches = exact.length > 0 ? exact : candidates;
  if (matches.length === 0) throw notFound(what, `"${text}"`);
  if (matches.length > 1) {
    const listed = matches.slice(0, 5).map((c) => `"${label(c)}"`);
    throw invalid(`"${text}" matches several ${what}s: ${listed.join(', ')}. Which one?`, {
      choices: matches.slice(0, 5).map((c) => ({ type: what, id: c.id, label: label(c) })),
    });
  }
  // Searches return list rows; the full record (history, comments, items) comes from get.
  return get(matches[0]!.id);
}

export function customer(ctx: ToolContext, ref: RecordRef) {
  return find(ctx, ref, { what: 'customer', service: ctx.crm.customers, label: (c) => c.name });
}

export function lead(ctx: ToolContext, ref: RecordRef) {
  return find(ctx, ref, { what: 'lead', service: ctx.crm.leads, label: (l) => l.name });
}

export function deal(ctx: ToolContext, ref: RecordRef) {
  return find(ctx, ref, { what: 'deal', service: ctx.crm.deals, label: (d) => d.title });
}

export function issue(ctx: ToolContext, ref: RecordRef) {
  const service = ctx.crm.issues;
  return find(ctx, ref, { what: 'issue', service, label: (i) => i.title, numbered: 'issue' });
}

/** Orders have no name of their own; people name them by customer ("the Acme order"). */
export function order(ctx: ToolContext, ref: RecordRef) {
  const service = ctx.crm.orders;
  return find(ctx, ref, { what: 'order', service, label: (o) => o.number, numbered: 'order' });
}

export function payment(ctx: ToolContext, ref: RecordRef) {
  return find(ctx, ref, { what: 'payment', service: ctx.crm.payments, numbered: 'payment' });
}

export function activity(ctx: ToolContext, ref: RecordRef) {
  return find(ctx, ref, { what: 'activity', service: ctx.crm.activities, label: (a) => a.subject });
}

/** "me" is the actor; anything else is a colleague by id, email or name. */
export async function userId(
  ctx: ToolContext,
  ref: number | string | undefined,
): Promise<number | undefined> {
  if (ref === undefined) return undefined;
  if (ref === 'me' || (typeof ref === 'string' && /^(me|mine|myself)$/i.test(ref.trim()))) {
    return ctx.actor.userId;
  }
  return (await ctx.crm.members.findStaff(ctx.actor, ref)).userId;
}

/** `{ assignedTo }` for a named person, nothing when none is named: a part of a service's input. */
export async function assignee(ctx: ToolContext, ref: number | string | undefined) {
  return ref === undefined ? {} : { assignedTo: await userId(ctx, ref) };
}

/** `{ customerId }` for a named customer, nothing when none is named. */
export async function customerLink(ctx: ToolContext, ref: RecordRef | undefined) {
  return ref === undefined ? {} : { customerId: (await customer(ctx, ref)).id };
}

/** Minor units in the given currency; a currency named in the text ("3000 eur") must agree with it. */
export function amount(value: number | string, currency: string): number {
  const parsed = parseMoney(value, currency);
  if (parsed.currency !== currency) {
    throw invalid(`The amount is in ${parsed.currency} but the record is in ${currency}`);
  }
  return parsed.minor;
}

/**
 * An amount for a new record, in the currency named in the text ("3000 eur"), else the given one, else the
 * organization's.
 */
export function priced(
  ctx: ToolContext,
  value: number | string | undefined,
  currency?: string,
): { minor: number; currency: string } | undefined {
  if (value === undefined) return undefined;
  return parseMoney(value, (currency ?? ctx.actor.settings.currency).toUpperCase());
}

/**
 * A period in the organization's time zone: inclusive calendar dates (`from`, `to`) for date filters, and
 * the instants it spans (`start`, `end` exclusive) for time filters.
 */
export function dates(ctx: ToolContext, period: PeriodSpec | undefined): ResolvedPeriod | undefined {
  if (period === undefined) return undefined;
  return resolvePeriod(period, ctx.clock(), ctx.actor.settings.timezone);
}

/**
 * Refuses, while a change is only being proposed, what the services will refuse when it runs: the tool's
 * permission cell checked against the record's assignee with the services' own row check, so no Confirm is
 * offered for a change that cannot happen ("You can update only deals assigned to you").
 */
export function mayChange(
  ctx: ToolContext,
  requires: Tool['requires'],
  found: { assignedTo: number | null },
) {
  requireRowGrant(ctx.actor, requires.area, requires.action, { assigned_to: found.assignedTo });
}

import { id } from '../crm/fields.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { parseMoney } from '../domain/money.ts';
import { type NumberedKind, parseNumber } from '../domain/numbering.ts';
import { type PeriodSpec, type ResolvedPeriod, resolvePeriod } from '../domain/periods.ts';
import type { ToolContext } from './tool.ts';

/**
 * Turns what people say about records ("#12", "ORD-2026-0012", "Acme", "me", "$3k") into what the services
 * take. Lookups go through the services, so a reference can only ever find a record the actor may see.
 */

export type RecordRef = number | string;

interface Finder<T extends { id: number }> {
  what: string;
  get(id: number): Promise<T>;
  /** Candidates whose name or title starts with the text; records without a name have none. */
  search?(text: string): Promise<T[]>;
  label(record: T): string;
  numbered?: { kind: NumberedKind; get(number: string): Promise<T> };
}

/** A plain id, "#12", or "deal 12" style text. */
function idOf(text: string, what: string): number | null {
  const m = new RegExp(`^(?:${what}\\s*)?#?\\s*(\\d+)$`, 'i').exec(text);
  return m ? Number(m[1]) : null;
}

/** An id no row can have is simply not found (PostgreSQL would reject it as out of range). */
function get<T extends { id: number }>(finder: Finder<T>, value: number): Promise<T> {
  if (!id.safeParse(value).success) throw notFound(finder.what, value);
  return finder.get(value);
}

async function find<T extends { id: number }>(ref: RecordRef, finder: Finder<T>): Promise<T> {
  if (typeof ref === 'number') return get(finder, ref);
  const text = ref.trim();
  const number = parseNumber(text);
  if (number) {
    if (!finder.numbered || number.kind !== finder.numbered.kind) {
      throw invalid(`${text} is not the number of a ${finder.what}`);
    }
    return finder.numbered.get(text.toUpperCase());
  }
  const byId = idOf(text, finder.what);
  if (byId !== null) return get(finder, byId);
  if (!finder.search) {
    throw invalid(`Say which ${finder.what} by its number or id, e.g. "${finder.what} #12"`);
  }
  const candidates = await finder.search(text);
  const key = text.toLowerCase();
  const exact = candidates.filter((c) => finder.label(c).toLowerCase() === key);
  const matches = exact.length > 0 ? exact : candidates;
  if (matches.length === 0) throw notFound(finder.what, `"${text}"`);
  if (matches.length > 1) {
    const listed = matches.slice(0, 5).map((c) => `#${c.id} ${finder.label(c)}`);
    throw invalid(`"${text}" matches several ${finder.what}s: ${listed.join(', ')}. Which one?`);
  }
  // Searches return list rows; the full record (history, comments, items) comes from get.
  return finder.get(matches[0]!.id);
}

const SEARCH_LIMIT = 6;

export function customer(ctx: ToolContext, ref: RecordRef) {
  const { crm, actor } = ctx;
  return find(ref, {
    what: 'customer',
    get: (id) => crm.customers.get(actor, id),
    search: async (q) => (await crm.customers.list(actor, { q, limit: SEARCH_LIMIT })).items,
    label: (c) => c.name,
  });
}

export function lead(ctx: ToolContext, ref: RecordRef) {
  const { crm, actor } = ctx;
  return find(ref, {
    what: 'lead',
    get: (id) => crm.leads.get(actor, id),
    search: async (q) => (await crm.leads.list(actor, { q, limit: SEARCH_LIMIT })).items,
    label: (l) => l.name,
  });
}

export function deal(ctx: ToolContext, ref: RecordRef) {
  const { crm, actor } = ctx;
  return find(ref, {
    what: 'deal',
    get: (id) => crm.deals.get(actor, id),
    search: async (q) => (await crm.deals.list(actor, { q, limit: SEARCH_LIMIT })).items,
    label: (d) => d.title,
  });
}

export function issue(ctx: ToolContext, ref: RecordRef) {
  const { crm, actor } = ctx;
  return find(ref, {
    what: 'issue',
    get: (id) => crm.issues.get(actor, id),
    search: async (q) => (await crm.issues.list(actor, { q, limit: SEARCH_LIMIT })).items,
    label: (i) => i.title,
    numbered: { kind: 'issue', get: (number) => crm.issues.getByNumber(actor, number) },
  });
}

export function order(ctx: ToolContext, ref: RecordRef) {
  const { crm, actor } = ctx;
  return find(ref, {
    what: 'order',
    get: (id) => crm.orders.get(actor, id),
    // Orders have no name of their own; people name them by customer ("the Acme order").
    search: async (q) => (await crm.orders.list(actor, { q, limit: SEARCH_LIMIT })).items,
    label: (o) => o.number,
    numbered: { kind: 'order', get: (number) => crm.orders.getByNumber(actor, number) },
  });
}

export function payment(ctx: ToolContext, ref: RecordRef) {
  const { crm, actor } = ctx;
  return find(ref, {
    what: 'payment',
    get: (id) => crm.payments.get(actor, id),
    label: (p) => p.number,
    numbered: { kind: 'payment', get: (number) => crm.payments.getByNumber(actor, number) },
  });
}

export function activity(ctx: ToolContext, ref: RecordRef) {
  const { crm, actor } = ctx;
  return find(ref, {
    what: 'activity',
    get: (id) => crm.activities.get(actor, id),
    search: async (q) => (await crm.activities.list(actor, { q, limit: SEARCH_LIMIT })).items,
    label: (a) => a.subject,
  });
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

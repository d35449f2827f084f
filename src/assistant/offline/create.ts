import type { ToolInput } from '../../tools/index.ts';
import { afterColon, assignTo, partyIn } from './filters.ts';
import { type Clause, call, clarify, compact, type Outcome } from './interpretation.ts';
import {
  categoryIn,
  knownStage,
  type NounHit,
  paymentMethodIn,
  priorityIn,
  sourceAt,
  sourceBefore,
} from './lexicon.ts';
import { findAmounts, type Money, parseAmount, statedAmount } from './money.ts';
import { emailIn, labelled, nameAt, namedAfter, phoneIn } from './names.ts';
import { findDate } from './periods.ts';
import { refsIn } from './refs.ts';
import { blank, capitalise, find, quoted, type Span, tidy, type Utterance } from './text.ts';

/** Requests that create customers, leads, deals, issues and orders, and record payments. */

/** "named X", "lead John Smith", "lead: John", "'Mary Ann'", "add John as a lead". */
function recordName(u: Utterance, noun: NounHit): Span | null {
  const named = namedAfter(u, /\b(?:named|called|titled|name(?: is)?:?)\s+/);
  if (named) return named;
  const afterNoun = /^\s*(?:[:-]\s*|for\s+)?/.exec(u.text.slice(noun.end));
  const direct = nameAt(u, noun.end + (afterNoun?.[0].length ?? 0));
  if (direct) return direct;
  const addAs = find(u, /^(?:add|register|create|enter|save|put)\s+(?=.+?\s+as\s+(?:a|an)\s)/);
  if (addAs) return nameAt(u, addAs.whole.end);
  return quoted(u);
}

/** Free text the user labels: "notes: met at the fair". */
function notesIn(u: Utterance): string | undefined {
  return labelled(u, 'notes?|comments?|details')?.value;
}

/** Blanks the contact details, so their digits are not read as amounts and their words not as names. */
function withoutContacts(u: Utterance): { u: Utterance; email?: string; phone?: string } {
  const email = emailIn(u);
  const phone = phoneIn(u);
  const spans = [email, phone].filter((s): s is Span => s !== null);
  const out: { u: Utterance; email?: string; phone?: string } = { u: blank(u, spans) };
  if (email) out.email = email.value;
  if (phone) out.phone = phone.value;
  return out;
}

/** An amount after a value word ("worth 5k", "budget of 3000"), or any amount written as money. */
function valueIn(text: string): Money | null {
  const cue = /\b(?:worth|value[ds]?|valued|budget|estimated|amount|price[ds]?|for|of|at)\b/.exec(text);
  const cued = cue ? statedAmount(text, cue.index) : null;
  return cued ?? findAmounts(text).find((m) => m.explicit) ?? null;
}

/** "from Facebook" is a channel; "from Acme Corp" is where the person works. */
function sourceAndCompany(u: Utterance, noun: NounHit): { source?: string; company?: string } {
  const out: { source?: string; company?: string } = {};
  for (const m of u.text.matchAll(
    /\b(from|via|through|source(?: is)?:?|came from|found us on|at|works at|works for|company:?|of)\s+/g,
  )) {
    const at = m.index + m[0].length;
    const known = sourceAt(u.text.slice(at));
    if (known && m[1] !== 'at' && m[1] !== 'of') {
      out.source ??= known.source;
      continue;
    }
    if (/^(?:via|through|source)/.test(m[1]!)) {
      const said = nameAt(u, at);
      if (said) out.source ??= said.value.toLowerCase();
      continue;
    }
    const company = nameAt(u, at);
    if (company) out.company ??= company.value;
  }
  if (!out.source) {
    const before = sourceBefore(u.text, noun.start);
    if (before) out.source = before;
  }
  return out;
}

export function createLead(c: Clause, noun: NounHit): Outcome {
  const { u, email, phone } = withoutContacts(c.u);
  const name = recordName(u, noun);
  if (!name) {
    return clarify("What is the lead's name? For example: 'create a lead named John from Facebook'.");
  }
  const { source, company } = sourceAndCompany(blank(u, [name]), noun);
  return call(
    'create_lead',
    compact({
      name: name.value,
      company,
      email,
      phone,
      source,
      estimatedValue: valueIn(blank(u, [name]).text)?.amount,
      notes: notesIn(u),
      assignedTo: assignTo(c),
    }),
  );
}

function newCustomerKind(text: string, noun: NounHit): 'business' | 'individual' | undefined {
  const before = text.slice(Math.max(0, noun.start - 25), noun.start);
  if (/\b(?:business|company|corporate|b2b)\s+$/.test(before) || /^\s*(?:company|business)\b/.test(text)) {
    return 'business';
  }
  if (/\b(?:individual|private|personal|consumer|b2c)\s+$/.test(before)) return 'individual';
  return undefined;
}

export function createCustomer(c: Clause, noun: NounHit): Outcome {
  const { u, email, phone } = withoutContacts(c.u);
  const name = recordName(u, noun);
  if (!name) return clarify("What is the customer's name? For example: 'add customer Acme Corp'.");
  const rest = blank(u, [name]);
  const city = find(rest, /\b(?:based in|located in|lives in|living in|in|city:?)\s+/);
  const cityName = city ? nameAt(rest, city.whole.end)?.value : undefined;
  const source = /\b(?:from|via|through|source:?)\s+/.exec(rest.text);
  return call(
    'create_customer',
    compact({
      name: name.value,
      kind: newCustomerKind(u.text, noun),
      email,
      phone,
      city: cityName,
      source: source ? sourceAt(rest.text.slice(source.index + source[0].length))?.source : undefined,
      notes: notesIn(u),
      assignedTo: assignTo(c),
    }),
  );
}

/** A stage for a new deal: "in negotiation", "at the proposal stage", "stage: qualified". */
function newDealStage(text: string): string | undefined {
  const m =
    /\b(?:in|at|into)\s+(?:the\s+)?([a-z]+(?: [a-z]+)?)(?:\s+stage)?\b/.exec(text) ??
    /\bstage:?\s+([a-z]+(?: [a-z]+)?)/.exec(text);
  if (!m) return undefined;
  const words = m[1]!.split(' ');
  return knownStage(m[1]!) ?? knownStage(words[0]!) ?? undefined;
}

/** A close date tied to closing words: "closing by friday", "close date 3 March", "expected to close next week". */
function closeDate(c: Clause, u: Utterance): { date: string; start: number; end: number } | null {
  const hit = findDate(u.raw, c.ctx.today, { future: true });
  if (!hit) return null;
  const before = u.text.slice(Math.max(0, hit.start - 30), hit.start);
  return /\b(?:clos\w*|close date|expected|by|due|before|until|deadline)\b[\s:]*(?:on|by|in)?\s*$/.test(
    before,
  )
    ? hit
    : null;
}

/** "20 monitors", "40 office chairs": what a deal sells, a count and a thing, as its title. */
function quantityIn(u: Utterance): Span | null {
  const m = find(
    u,
    /(?:^|[\s:,])(\d{1,6} (?!(?:k|m|usd|eur|gbp|dollars?|euros?|pounds?|days?|weeks?|months?|years?)\b)[\p{L}][\p{L}-]*(?: (?!(?:worth|for|at|by|with|and|in|on|to|of|closing|valued|value)\b)[\p{L}][\p{L}-]*){0,2})/u,
  );
  const span = m?.groups[0];
  return span ? { value: u.raw.slice(span.start, span.end).trim(), start: span.start, end: span.end } : null;
}

export function createDeal(c: Clause, noun: NounHit): Outcome {
  const close = closeDate(c, c.u);
  const u = close ? blank(c.u, [close]) : c.u;
  const customer = partyIn({ ...c, u }, 'for|with');
  const titled =
    namedAfter(u, /\b(?:named|called|titled|title:?)\s+/) ??
    nameAt(u, noun.end + (/^\s*(?:[:-]\s*)?/.exec(u.text.slice(noun.end))?.[0].length ?? 0)) ??
    quoted(u) ??
    quantityIn(u);
  const title =
    titled?.value ??
    (typeof customer === 'string'
      ? `${customer} deal`
      : customer
        ? `Deal for customer ${customer}`
        : undefined);
  if (!title) {
    return clarify(
      "What should the deal be called? For example: 'create a deal Website redesign for Acme worth 5k'.",
    );
  }
  const value = valueIn(titled ? blank(u, [titled]).text : u.text);
  return call(
    'create_deal',
    compact({
      title,
      value: value?.amount,
      currency: value?.currency,
      stage: newDealStage(u.text),
      customer,
      expectedCloseDate: close?.date,
      priority: priorityIn(u.text),
      assignedTo: assignTo(c),
    }),
  );
}

const TITLE_LIMIT = 120;

/** Strips a trailing "with high priority" that belongs to the priority, not to the title. */
function withoutPriorityTail(s: string): string {
  return s.replace(
    /\s*,?\s*(?:with |as |at )?(?:an? )?(?:low|medium|normal|high|urgent|critical)[- ]?prio(?:rity)?$/i,
    '',
  );
}

/**
 * What an issue is about: a quoted or labelled title, the text after a colon, "about ...", "problem with
 * ...", or "for ..." which becomes "Support request: ...". Long text becomes the description under a
 * shortened title.
 */
function issueText(c: Clause): { title: string; description?: string } | null {
  const u = c.u;
  const explicit =
    labelled(u, 'title|subject')?.value ??
    namedAfter(u, /\b(?:titled|called|named)\s+/)?.value ??
    quoted(u)?.value ??
    afterColon(c)?.value;
  const about = find(u, /\b(?:about|regarding|re|concerning|saying|that says|that)\s+(.+)$/)?.groups[0]
    ?.value;
  const problem = find(u, /\b((?:a |an )?(?:problem|trouble|issue|bug|complaint)s? (?:with|in|on)\s+.+)$/)
    ?.groups[0]?.value;
  const forWhat = find(u, /\bfor\s+(?!(?:the )?(?:customer|client)\b)(.+)$/)?.groups[0]?.value;
  const text = explicit
    ? capitalise(tidy(explicit))
    : about
      ? capitalise(tidy(about))
      : problem
        ? capitalise(tidy(problem.replace(/^an? /i, '')))
        : forWhat
          ? `Support request: ${tidy(forWhat)}`
          : null;
  if (!text) return null;
  const title = withoutPriorityTail(text);
  if (title.length <= TITLE_LIMIT) return { title };
  return { title: `${title.slice(0, TITLE_LIMIT - 1).trimEnd()}…`, description: title };
}

/** "a ticket for Globex: the invoice is wrong": a customer named by name right after "for". */
function namedParty(c: Clause): { customer: string; rest: Clause } | null {
  const m = find(c.u, /\bfor\s+(?!(?:the\s+)?(?:customer|client|my|our|me|us|them|him|her|a|an|the)\b)/);
  if (!m) return null;
  const name = nameAt(c.u, m.whole.end);
  if (!name || !/^\p{Lu}/u.test(name.value)) return null;
  const comma = /^\s*,\s*/.exec(c.u.text.slice(name.end));
  if (!comma && !/^\s*(?::|$)/.test(c.u.text.slice(name.end))) return null;
  // After a comma the rest is what the issue is about, as after a colon.
  const end = name.end + (comma?.[0].length ?? 0);
  const u = comma
    ? {
        raw: `${c.u.raw.slice(0, m.whole.start)}: ${c.u.raw.slice(end)}`,
        text: `${c.u.text.slice(0, m.whole.start)}: ${c.u.text.slice(end)}`,
      }
    : blank(c.u, [{ start: m.whole.start, end: name.end }]);
  return { customer: name.value, rest: { ...c, u } };
}

export function createIssue(c: Clause): Outcome {
  const party = namedParty(c);
  if (party) {
    const out = createIssue(party.rest);
    return 'tool' in out
      ? call('create_issue', { ...(out.input as ToolInput<'create_issue'>), customer: party.customer })
      : out;
  }
  const text = issueText(c);
  if (!text) {
    return clarify(
      "What is the issue about? For example: 'create an issue: the invoice shows the wrong amount'.",
    );
  }
  const forCustomer = find(
    c.u,
    /\b(?:for|from|of)\s+(?:the\s+)?(?:customer|client)\s+|^(?:the\s+)?(?:customer|client)\s+(?=\S+ (?:has|have|is having|got)\b)/,
  );
  const customerId = refsIn(c.u).find((r) => r.type === 'customer' && r.kind === 'id')?.ref;
  return call(
    'create_issue',
    compact({
      title: text.title,
      description: text.description,
      priority: priorityIn(c.u.text),
      category: categoryIn(c.u.text),
      customer: customerId ?? (forCustomer ? nameAt(c.u, forCustomer.whole.end)?.value : undefined),
    }),
  );
}

interface OrderItem {
  description: string;
  quantity: number;
  unitPrice: number;
}

/** "3 x Widget at $20", "Widget x3 @ 20", "setup fee for 150", "2 chairs at 45 each". */
function orderItem(piece: string): { item: OrderItem; currency?: string } | null {
  const text = piece.trim().replace(/\s+each$/i, '');
  const m =
    /^(?:(\d{1,7})\s*(?:x|×|\*|pcs?|units? of)?\s+)?(.+?)\s*(?:x\s*(\d{1,7}))?\s+(?:at|@|for|à)\s+(.+)$/i.exec(
      text,
    ) ?? /^(?:(\d{1,7})\s*(?:x|×|\*)?\s+)?(.+?)\s*(?:x\s*(\d{1,7}))?\s*@\s*(.+)$/i.exec(text);
  if (!m) return null;
  const price = parseAmount(m[4]!);
  const quantity = Number(m[1] ?? m[3] ?? 1);
  const description = tidy(m[2]!);
  if (!price || !description || quantity < 1) return null;
  const out: { item: OrderItem; currency?: string } = {
    item: { description, quantity, unitPrice: price.amount },
  };
  if (price.currency) out.currency = price.currency;
  return out;
}

export function createOrder(c: Clause): Outcome {
  const colon = afterColon(c);
  const head = colon ? blank(c.u, [{ start: colon.start, end: c.u.text.length }]) : c.u;
  const customer =
    refsIn(c.u).find((r) => r.type === 'customer' && r.kind === 'id')?.ref ??
    partyIn({ ...c, u: head }, 'for|to|from');
  const list = colon?.value ?? find(c.u, /\b(?:with|containing|of)\s+(.+)$/)?.groups[0]?.value;
  const parsed = (list ?? '')
    .split(/\s*(?:,|;|\+|\band\b)\s*/i)
    .filter(Boolean)
    .map(orderItem);
  const example = "For example: 'create an order for Acme: 3 x Widget at $20, 1 x Setup at 150'.";
  if (!customer) return clarify(`Who is the order for? ${example}`);
  if (parsed.length === 0 || parsed.some((p) => p === null)) {
    return clarify(`What should the order contain? ${example}`);
  }
  const items = parsed.map((p) => p!.item);
  const currency = parsed.find((p) => p?.currency)?.currency;
  return call('create_order', compact({ customer, items, currency }));
}

export function recordPayment(c: Clause): Outcome {
  const paid = findDate(c.u.raw, c.ctx.today, { future: false });
  const dateSpan = paid ? { start: paid.start, end: paid.end } : null;
  const u = dateSpan ? blank(c.u, [dateSpan]) : c.u;
  // "payment 3000" is an amount, not payment number 3000.
  const refs = refsIn(u).filter((r) => r.kind !== 'name' && r.type !== 'payment');
  const order = refs.find((r) => r.type === 'order') ?? refs.find((r) => r.type === null);
  const noIds = blank(u, refs);
  const amounts = findAmounts(noIds.text);
  const amount = statedAmount(noIds.text) ?? (amounts.length === 1 ? amounts[0]! : null);
  if (!amount) {
    return clarify("How much was paid? For example: 'record a payment of 3000 for order 12'.");
  }
  const outgoing = /\b(?:refund(?:ed)?|paid out|outgoing|we paid|payout|reimburse(?:d|ment)?)\b/.test(u.text);
  const payer =
    refs.find((r) => r.type === 'customer')?.ref ??
    find(
      u,
      /^(?!(?:we|i|they|you|he|she|it)\b)([\p{L}][\p{L}\p{N}&.' -]{0,60}?) (?:has |have |just )?(?:paid|settled|cleared)\b/u,
    )?.groups[0]?.value ??
    partyIn({ ...c, u: blank(noIds, [amount]) }, outgoing ? 'to|from' : 'from|by (?:customer|client)');
  const reference = find(
    u,
    /\b(?:ref(?:erence)?|txn|transaction(?: id)?|invoice)(?: no\.?| number| #)?[:\s#]\s*([a-z0-9][\w/-]{1,60})/,
  );
  return call(
    'record_payment',
    compact({
      amount: amount.amount,
      order: order?.ref,
      customer: payer && payer !== order?.ref ? payer : undefined,
      currency: amount.currency,
      method: paymentMethodIn(blank(u, [amount]).text),
      direction: outgoing ? ('outgoing' as const) : undefined,
      paidAt: paid?.date,
      reference: reference?.groups[0]?.value,
    }),
  );
}

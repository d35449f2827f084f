import type { Crm } from '../crm/index.ts';
import { formatMoney } from '../domain/money.ts';
import type { RecordPointer } from './conversation-store.ts';
import { importReply } from './import-replies.ts';

/**
 * Plain-text replies from tool results, for the offline engine and for confirmed writes. Channels format on
 * top (Telegram escapes and adds HTML), so nothing here is markup.
 */

type Row = Record<string, unknown>;

const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
const joined = (...parts: unknown[]) => parts.map(str).filter(Boolean).join(' · ');

/** One line per record in a list, by the tool that listed it. */
const LINES: Record<string, (r: Row) => string> = {
  list_customers: (r) => `#${r.id} ${r.name}${r.email ? ` <${r.email}>` : ''} · ${r.status}`,
  list_leads: (r) =>
    `#${r.id} ${r.name}${r.company ? ` (${r.company})` : ''} · ${joined(r.source, r.status, r.estimatedValue)}`,
  list_deals: (r) => `#${r.id} ${r.title} · ${joined(r.value, r.stage, r.customer)}`,
  list_issues: (r) => `${r.number} ${r.title} · ${joined(r.status, r.priority)}`,
  list_orders: (r) => `${r.number} · ${joined(r.total, r.status, r.outstanding && `${r.outstanding} due`)}`,
  list_payments: (r) => `${r.number} · ${joined(r.amount, r.method, r.status, r.paidAt)}`,
  list_activities: (r) =>
    `#${r.id} ${r.type}: ${r.subject}${r.dueAt ? ` · due ${String(r.dueAt).slice(0, 16).replace('T', ' ')}` : ''}${r.done ? ' · done' : ''}`,
};

const NOUNS: Record<string, string> = {
  list_customers: 'customers',
  list_leads: 'leads',
  list_deals: 'deals',
  list_issues: 'issues',
  list_orders: 'orders',
  list_payments: 'payments',
  list_activities: 'activities',
};

const SINGULAR: Record<string, string> = {
  list_customers: 'customer',
  list_leads: 'lead',
  list_deals: 'deal',
  list_issues: 'issue',
  list_orders: 'order',
  list_payments: 'payment',
  list_activities: 'activity',
};

function listReply(tool: string, result: { items: Row[]; more: boolean; note?: string }): string {
  const noun = NOUNS[tool] ?? 'records';
  const note = result.note ? `${result.note}\n` : '';
  if (result.items.length === 0) return `${note}No ${noun} found.`;
  const lines = result.items.map((r) => `• ${LINES[tool]!(r)}`);
  const more = result.more ? '\n(more; ask to narrow it down)' : '';
  const count =
    result.items.length === 1 ? `1 ${SINGULAR[tool] ?? 'record'}` : `${result.items.length} ${noun}`;
  return `${note}${count}:\n${lines.join('\n')}${more}`;
}

function amount(v: unknown, currency: unknown): string | null {
  return typeof v === 'number' && typeof currency === 'string' ? formatMoney(v, currency) : null;
}

/** A record as one or two lines, by its type. */
function recordReply(type: RecordPointer['type'], r: Row): string {
  switch (type) {
    case 'customer':
      return `Customer #${r.id} ${r.name}\n${joined(r.email, r.phone, r.city, r.status)}`;
    case 'lead':
      return `Lead #${r.id} ${r.name}${r.company ? ` (${r.company})` : ''}\n${joined(r.sourceLabel ?? r.source, r.status, `score ${r.score}`, amount(r.estimatedValue, r.currency))}`;
    case 'deal':
      return `Deal #${r.id} ${r.title}\n${joined(amount(r.value, r.currency), r.stageName, `${r.probability}%`, r.customerName, r.expectedCloseDate && `closes ${r.expectedCloseDate}`)}`;
    case 'issue':
      return `Issue ${r.number} ${r.title}\n${joined(r.status, r.priority, r.category)}`;
    case 'order':
      return `Order ${r.number}\n${joined(`total ${amount(r.total, r.currency)}`, `paid ${amount(r.paid, r.currency)}`, `due ${amount(r.outstanding, r.currency)}`, r.status)}`;
    case 'payment':
      return `Payment ${r.number}\n${joined(amount(r.amount, r.currency), r.method, r.direction === 'outgoing' ? 'refund' : null, r.status, r.paidAt)}`;
    case 'activity':
      return `${String(r.type ?? 'activity').replace(/^./, (c) => c.toUpperCase())} #${r.id}: ${r.subject}`;
  }
}

/** Which record a tool's result is, for replies and for what "it" means next. */
export const RECORD_OF: Record<string, RecordPointer['type']> = {
  get_customer: 'customer',
  create_customer: 'customer',
  update_customer: 'customer',
  get_lead: 'lead',
  create_lead: 'lead',
  update_lead: 'lead',
  get_deal: 'deal',
  create_deal: 'deal',
  update_deal: 'deal',
  move_deal_stage: 'deal',
  get_issue: 'issue',
  create_issue: 'issue',
  update_issue: 'issue',
  get_order: 'order',
  create_order: 'order',
  record_payment: 'payment',
  log_activity: 'activity',
};

export function pointerTo(tool: string, result: unknown): RecordPointer | null {
  const type = RECORD_OF[tool];
  const r = result as Row | null;
  if (!type || !r || typeof r.id !== 'number') return null;
  const label = str(r.title ?? r.name ?? r.number ?? r.subject);
  return { type, id: r.id, ...(label ? { label } : {}) };
}

type Summary = Awaited<ReturnType<Crm['analytics']['summary']>>;

function statsReply(s: Summary): string {
  const lines = [
    `Statistics for ${s.period.from} to ${s.period.to}${s.scope === 'assigned' ? ' (your records)' : ''}:`,
  ];
  lines.push(
    `• New leads: ${s.leads.new}, converted: ${s.leads.converted}${s.leads.conversionRate === null ? '' : ` (${Math.round(s.leads.conversionRate * 100)}% of new)`}`,
  );
  const won = s.deals.won.value.map((v) => formatMoney(v.amount, v.currency));
  lines.push(
    `• Deals won: ${s.deals.won.count}${won.length ? ` worth ${won.join(' + ')}` : ''}; lost: ${s.deals.lost.count}`,
  );
  const revenue = s.revenue.map((r) => formatMoney(r.net, r.currency));
  lines.push(`• Revenue: ${revenue.length ? revenue.join(' + ') : 'none'}`);
  const pipeline = s.pipeline.totals.map(
    (t) =>
      `${t.count} deals worth ${formatMoney(t.value, t.currency)} (${formatMoney(t.weightedValue, t.currency)} weighted)`,
  );
  lines.push(`• Open pipeline: ${pipeline.length ? pipeline.join(' + ') : 'empty'}`);
  const open = Object.entries(s.issues.open.byPriority).filter(([, n]) => n > 0);
  lines.push(
    `• Open issues: ${open.length ? open.map(([priority, n]) => `${n} ${priority}`).join(', ') : 'none'}`,
  );
  return lines.join('\n');
}

/** What a person reads after a tool ran. */
export function replyFor(tool: string, result: unknown): string {
  if (tool in LINES) return listReply(tool, result as { items: Row[]; more: boolean });
  if (tool === 'get_stats') return statsReply(result as Summary);
  if (tool === 'whoami') {
    const me = result as {
      user: { name: string; email: string };
      role: string;
      organization: { name: string } | null;
    };
    return `You are ${me.user.name} <${me.user.email}>, ${me.role} of ${me.organization?.name ?? 'no organization'}.`;
  }
  if (tool === 'search_records') {
    const groups = Object.entries(result as Record<string, { id: number; label: string }[]>);
    if (groups.length === 0) return 'Nothing found.';
    return groups
      .map(([type, hits]) => `${type}s:\n${hits.map((h) => `• #${h.id} ${h.label}`).join('\n')}`)
      .join('\n');
  }
  if (tool === 'comment_on_issue') return 'Comment added.';
  if (tool === 'import_records') return importReply(result as Parameters<typeof importReply>[0]);
  if (tool === 'delete_record') return `Deleted ${(result as { deleted: string }).deleted}.`;
  const type = RECORD_OF[tool];
  if (type) {
    const done = tool.startsWith('get_') ? '' : 'Done. ';
    return `${done}${recordReply(type, result as Row)}`;
  }
  return 'Done.';
}

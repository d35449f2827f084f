import { z } from 'zod';
import type { Lead, LeadConversion } from '../contracts/leads.ts';
import { leadInput, leadPatch } from '../contracts/record-inputs.ts';
import type { Db } from '../db/index.ts';
import type { LeadRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { conflict, invalid } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { LEAD_STATUSES, normaliseLeadSource } from '../domain/vocabulary.ts';
import { CUSTOMER, customerPatch, toCustomer } from './customers.ts';
import { dealView, insertDeal, placeDeal } from './deals.ts';
import type { CrmDeps } from './deps.ts';
import { createdRange, minorAmount, text, userRef } from './fields.ts';
import { applyFilters, rangeFilters, recordFilters } from './filters.ts';
import { listQuery, pageOf, paginate, searchKey, sortable } from './list.ts';
import {
  assigneeChange,
  insertRecord,
  loadRecord,
  lockRecord,
  patchColumns,
  type RecordKind,
  removeRecord,
  updateRecord,
  writeRecord,
} from './records.ts';
import {
  assigneeForNew,
  readScope,
  requireGrant,
  requireRowGrant,
  requireStaff,
  resolveUserRef,
} from './scope.ts';
import { searchMatch } from './search-match.ts';

export type { Lead } from '../contracts/leads.ts';
/** The input schemas are shared with the web app's forms. */
export { leadInput, leadPatch };

export const leadConvertInput = z
  .object({
    createDeal: z.boolean().optional(),
    dealTitle: text(200).optional(),
    dealValue: minorAmount.optional(),
    /** Overrides of what the customer copies from the lead. */
    customer: customerPatch.omit({ portalUserId: true }).optional(),
  })
  .strict();

const SORT = { ...sortable(['created_at', 'updated_at', 'score']), name: 'name_key' };
const scoreFilter = z.coerce.number().int().min(0).max(100).optional();
const amountFilter = z.coerce.number().int().min(0).max(1e13).optional();
export const leadListQuery = listQuery(SORT, {
  status: z.enum(LEAD_STATUSES).optional(),
  source: z.string().trim().min(1).max(60).optional(),
  assignedTo: userRef.optional(),
  minScore: scoreFilter,
  maxScore: scoreFilter,
  minValue: amountFilter,
  maxValue: amountFilter,
  ...createdRange,
});

/** The stored channel and, when the text named no known channel, the text itself. */
export function leadSourceColumns(raw: string | null | undefined) {
  const channel = normaliseLeadSource(raw);
  const label = raw?.trim().replace(/\s+/g, ' ') || null;
  return {
    source: channel,
    source_label: channel === 'other' && label !== null && searchKey(label) !== 'other' ? label : null,
  };
}

export function toLead(r: LeadRow): Lead {
  return {
    id: r.id,
    name: r.name,
    company: r.company,
    email: r.email,
    phone: r.phone,
    source: r.source as Lead['source'],
    sourceLabel: r.source_label,
    status: r.status as Lead['status'],
    score: r.score,
    estimatedValue: r.estimated_value,
    currency: r.currency,
    notes: r.notes,
    assignedTo: r.assigned_to,
    convertedCustomerId: r.converted_customer_id,
    convertedDealId: r.converted_deal_id,
    convertedAt: r.converted_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function columnsOf(input: z.output<typeof leadPatch>) {
  return {
    ...(input.name !== undefined && { name: input.name, name_key: searchKey(input.name) }),
    ...patchColumns(input, {
      company: 'company',
      email: 'email',
      phone: 'phone',
      status: 'status',
      score: 'score',
      estimatedValue: 'estimated_value',
      currency: 'currency',
      notes: 'notes',
    }),
    ...(input.source !== undefined && leadSourceColumns(input.source)),
  };
}

/** Whether a conversion also creates a deal: when asked to, or when the deal is described. */
function wantsDeal(input: z.output<typeof leadConvertInput>): boolean {
  const wantsDealDetails = input.dealTitle !== undefined || input.dealValue !== undefined;
  if (input.createDeal === false && wantsDealDetails)
    throw invalid('dealTitle and dealValue describe the deal; leave out "createDeal": false to create it');
  return input.createDeal ?? wantsDealDetails;
}

type CustomerOverrides = NonNullable<z.output<typeof leadConvertInput>['customer']>;

/** The customer a lead becomes: what the lead knows, unless the conversion says otherwise. */
function customerFromLead(lead: LeadRow, o: CustomerOverrides) {
  const companyName = given(o.companyName, lead.company);
  const name = o.name ?? lead.name;
  return {
    kind: o.kind ?? (companyName ? 'business' : 'individual'),
    name,
    name_key: searchKey(name),
    company_name: companyName ?? null,
    email: given(o.email, lead.email) ?? null,
    phone: given(o.phone, lead.phone) ?? null,
    address_line1: o.addressLine1 ?? null,
    address_line2: o.addressLine2 ?? null,
    city: o.city ?? null,
    region: o.region ?? null,
    postal_code: o.postalCode ?? null,
    country: o.country ?? null,
    status: o.status ?? 'active',
    source: given(o.source, lead.source) ?? null,
    tags: JSON.stringify(o.tags ?? []),
    notes: given(o.notes, lead.notes) ?? null,
  };
}

/** The given value, or the fallback when the caller left the field out (null is a deliberate blank). */
function given<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** Leads for the shared write paths. */
export const LEAD: RecordKind<'leads', Lead> = {
  table: 'leads',
  area: 'leads',
  entity: 'lead',
  audit: toLead,
};

const FILTERS = recordFilters(
  'leads',
  { status: 'status' },
  {
    ...rangeFilters('leads.score', 'minScore', 'maxScore'),
    ...rangeFilters('leads.estimated_value', 'minValue', 'maxValue'),
  },
);

/** Checks a new lead as every path creates one (form, API, import) and gives the row to insert. */
export async function newLeadValues(q: Db, actor: Actor, raw: unknown) {
  requireGrant(actor, 'leads', 'create');
  const input = leadInput.parse(raw);
  const assignee = await assigneeForNew(q, actor, input.assignedTo);
  return {
    ...columnsOf(input),
    name: input.name,
    name_key: searchKey(input.name),
    ...leadSourceColumns(input.source),
    status: input.status,
    score: input.score,
    currency: input.currency ?? actor.settings.currency,
    assigned_to: assignee,
    converted_customer_id: null,
    converted_deal_id: null,
    converted_at: null,
  };
}

/** The columns a lead patch changes on a locked row; a converted lead keeps its status. */
export async function leadChanges(q: Db, actor: Actor, raw: unknown, before: LeadRow) {
  const input = leadPatch.parse(raw);
  if (input.status !== undefined && before.converted_at !== null)
    throw conflict(`lead ${before.id} has been converted; its status stays "converted"`);
  return { ...columnsOf(input), ...(await assigneeChange(q, actor, input.assignedTo)) };
}

export function leadsService(deps: CrmDeps) {
  const { db, clock } = deps;

  return {
    async list(actor: Actor, raw: unknown) {
      const p = leadListQuery.parse(raw);
      let q = db
        .selectFrom('leads')
        .selectAll()
        .where(readScope(actor, 'leads', 'leads'));
      if (p.source) {
        const { source, source_label: label } = leadSourceColumns(p.source);
        q = q.where('source', '=', source);
        // "tiktok" finds the leads labelled TikTok, not every lead from an unknown channel.
        if (label !== null) q = q.where((eb) => eb(eb.fn('lower', ['source_label']), '=', searchKey(label)));
      }
      let filtered = applyFilters(q, p, FILTERS, actor);
      if (p.q) filtered = filtered.where(await searchMatch(db, 'leads', p.q));
      return pageOf(await paginate(filtered, p, SORT), toLead);
    },

    async get(actor: Actor, leadId: number) {
      return toLead(await loadRecord(db, actor, LEAD, leadId));
    },

    async create(actor: Actor, raw: unknown) {
      const values = await newLeadValues(db, actor, raw);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        return toLead(await insertRecord(trx, actor, now, LEAD, values));
      });
    },

    async update(actor: Actor, leadId: number, raw: unknown) {
      leadPatch.parse(raw);
      return updateRecord(deps, actor, LEAD, leadId, {
        changes: (trx, before) => leadChanges(trx, actor, raw, before),
      });
    },

    /**
     * Turns a lead into a customer (and, if asked, a deal for them) in one transaction: either everything
     * is created and the lead is marked converted, or nothing is. Allowed to whoever may update the lead.
     */
    async convert(actor: Actor, leadId: number, raw: unknown): Promise<LeadConversion> {
      const input = leadConvertInput.parse(raw);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const lead = await lockRecord(trx, actor, LEAD, leadId);
        requireRowGrant(actor, 'leads', 'update', lead);
        requireGrant(actor, 'customers', 'create');
        const createDeal = wantsDeal(input);
        if (createDeal) requireGrant(actor, 'deals', 'create');
        if (lead.converted_at !== null)
          throw conflict(`lead ${lead.id} was already converted on ${lead.converted_at.slice(0, 10)}`);
        const o = input.customer ?? {};
        const customerAssignee =
          o.assignedTo === undefined ? lead.assigned_to : (resolveUserRef(actor, o.assignedTo) ?? null);
        if (o.assignedTo != null) await requireStaff(trx, actor, customerAssignee!);
        const stage = createDeal ? await placeDeal(trx, actor) : null;

        const customerRow = await insertRecord(trx, actor, now, CUSTOMER, {
          ...customerFromLead(lead, o),
          assigned_to: customerAssignee,
          portal_user_id: null,
        });
        const dealRow = stage
          ? await insertDeal(trx, actor, now, {
              title: input.dealTitle ?? lead.company ?? lead.name,
              value: input.dealValue ?? lead.estimated_value ?? 0,
              currency: lead.currency,
              stage,
              customerId: customerRow.id,
              leadId: lead.id,
              assignedTo: lead.assigned_to,
              priority: 'medium',
            })
          : null;
        const changes = {
          status: 'converted',
          converted_customer_id: customerRow.id,
          converted_deal_id: dealRow?.id ?? null,
          converted_at: now,
        };
        const leadRow = await writeRecord(trx, actor, now, LEAD, lead, changes, 'convert');
        return {
          lead: toLead(leadRow),
          customer: toCustomer(customerRow),
          deal: dealRow ? await dealView(trx, dealRow.id) : null,
        };
      });
    },

    async remove(actor: Actor, leadId: number) {
      await removeRecord(deps, actor, LEAD, leadId);
    },
  };
}

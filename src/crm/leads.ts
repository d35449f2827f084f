import { z } from 'zod';
import type { LeadRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { LEAD_STATUSES, normaliseLeadSource } from '../domain/vocabulary.ts';
import { recordAudit } from './audit.ts';
import { customerPatch, toCustomer } from './customers.ts';
import { insertDeal, placeDeal, toDeal } from './deals.ts';
import type { CrmDeps } from './deps.ts';
import {
  createdRange,
  currency,
  dayAfter,
  minorAmount,
  optionalEmail,
  optionalText,
  text,
  userRef,
} from './fields.ts';
import { listQuery, nameOrEmailPrefix, paginate, searchKey, sortable } from './list.ts';
import {
  assigneeForNew,
  readScope,
  requireGrant,
  requireRowGrant,
  requireStaff,
  resolveUserRef,
} from './scope.ts';

/** "converted" is reached only through conversion, which also creates the customer. */
const settableStatus = z.enum(LEAD_STATUSES).exclude(['converted']);
/**
 * Kept as written here and normalised by the service: the HTTP layer parses a body with this schema before
 * the service parses it again, and a transform here would lose the raw label on the second pass.
 */
const source = z.string().trim().max(60).nullish();
const score = z.number().int().min(0).max(100);

export const leadInput = z
  .object({
    name: text(200),
    company: optionalText(200),
    email: optionalEmail,
    phone: optionalText(40),
    source,
    status: settableStatus.default('new'),
    score: score.default(0),
    estimatedValue: minorAmount.nullish(),
    currency: currency.optional(),
    notes: optionalText(10_000),
    assignedTo: userRef.nullish(),
  })
  .strict();

export const leadPatch = leadInput
  .omit({ status: true, score: true })
  .extend({ status: settableStatus, score })
  .partial()
  .strict();

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

export function toLead(r: LeadRow) {
  return {
    id: r.id,
    name: r.name,
    company: r.company,
    email: r.email,
    phone: r.phone,
    source: r.source,
    sourceLabel: r.source_label,
    status: r.status,
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
export type Lead = ReturnType<typeof toLead>;

function columnsOf(input: z.output<typeof leadPatch>) {
  return {
    ...(input.name !== undefined && { name: input.name, name_key: searchKey(input.name) }),
    ...(input.company !== undefined && { company: input.company }),
    ...(input.email !== undefined && { email: input.email }),
    ...(input.phone !== undefined && { phone: input.phone }),
    ...(input.source !== undefined && leadSourceColumns(input.source)),
    ...(input.status !== undefined && { status: input.status }),
    ...(input.score !== undefined && { score: input.score }),
    ...(input.estimatedValue !== undefined && { estimated_value: input.estimatedValue }),
    ...(input.currency !== undefined && { currency: input.currency }),
    ...(input.notes !== undefined && { notes: input.notes }),
  };
}

/** The given value, or the fallback when the caller left the field out (null is a deliberate blank). */
function given<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

export function leadsService(deps: CrmDeps) {
  const { db, clock } = deps;

  async function load(actor: Actor, leadId: number): Promise<LeadRow> {
    const row = await db
      .selectFrom('leads')
      .selectAll()
      .where('leads.id', '=', leadId)
      .where(readScope(actor, 'leads', 'leads'))
      .executeTakeFirst();
    if (!row) throw notFound('lead', leadId);
    return row;
  }

  return {
    async list(actor: Actor, raw: unknown) {
      const p = leadListQuery.parse(raw);
      let q = db
        .selectFrom('leads')
        .selectAll()
        .where(readScope(actor, 'leads', 'leads'));
      if (p.status) q = q.where('status', '=', p.status);
      if (p.source) {
        const { source, source_label: label } = leadSourceColumns(p.source);
        q = q.where('source', '=', source);
        // "tiktok" finds the leads labelled TikTok, not every lead from an unknown channel.
        if (label !== null) q = q.where((eb) => eb(eb.fn('lower', ['source_label']), '=', searchKey(label)));
      }
      if (p.assignedTo !== undefined) q = q.where('assigned_to', '=', resolveUserRef(actor, p.assignedTo)!);
      if (p.minScore !== undefined) q = q.where('score', '>=', p.minScore);
      if (p.maxScore !== undefined) q = q.where('score', '<=', p.maxScore);
      if (p.minValue !== undefined) q = q.where('estimated_value', '>=', p.minValue);
      if (p.maxValue !== undefined) q = q.where('estimated_value', '<=', p.maxValue);
      if (p.createdFrom) q = q.where('created_at', '>=', p.createdFrom);
      if (p.createdTo) q = q.where('created_at', '<', dayAfter(p.createdTo));
      const page = await paginate(q, p, SORT, undefined, nameOrEmailPrefix(db, p.q));
      return { items: page.items.map(toLead), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, leadId: number) {
      return toLead(await load(actor, leadId));
    },

    async create(actor: Actor, raw: unknown) {
      requireGrant(actor, 'leads', 'create');
      const input = leadInput.parse(raw);
      const assignee = await assigneeForNew(db, actor, input.assignedTo);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('leads')
          .values({
            ...columnsOf(input),
            organization_id: actor.organizationId,
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
            created_by: actor.userId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const lead = toLead(row);
        await recordAudit(trx, actor, now, {
          action: 'create',
          entity: 'lead',
          entityId: row.id,
          after: lead,
        });
        return lead;
      });
    },

    async update(actor: Actor, leadId: number, raw: unknown) {
      const input = leadPatch.parse(raw);
      const before = await load(actor, leadId);
      requireRowGrant(actor, 'leads', 'update', before);
      if (input.status !== undefined && before.converted_at !== null)
        throw conflict(`lead ${before.id} has been converted; its status stays "converted"`);
      const changes: Record<string, unknown> = columnsOf(input);
      if (input.assignedTo !== undefined) {
        const assignee = resolveUserRef(actor, input.assignedTo) ?? null;
        if (assignee != null) await requireStaff(db, actor, assignee);
        changes.assigned_to = assignee;
      }
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('leads')
          .set({ ...changes, updated_at: now })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = toLead(row);
        await recordAudit(trx, actor, now, {
          action: 'update',
          entity: 'lead',
          entityId: row.id,
          before: toLead(before),
          after,
        });
        return after;
      });
    },

    /**
     * Turns a lead into a customer (and, if asked, a deal for them) in one transaction: either everything
     * is created and the lead is marked converted, or nothing is. Allowed to whoever may update the lead.
     */
    async convert(actor: Actor, leadId: number, raw: unknown) {
      const input = leadConvertInput.parse(raw);
      const lead = await load(actor, leadId);
      requireRowGrant(actor, 'leads', 'update', lead);
      requireGrant(actor, 'customers', 'create');
      const wantsDealDetails = input.dealTitle !== undefined || input.dealValue !== undefined;
      if (input.createDeal === false && wantsDealDetails)
        throw invalid(
          'dealTitle and dealValue describe the deal; leave out "createDeal": false to create it',
        );
      const createDeal = input.createDeal ?? wantsDealDetails;
      if (createDeal) requireGrant(actor, 'deals', 'create');
      if (lead.converted_at !== null)
        throw conflict(`lead ${lead.id} was already converted on ${lead.converted_at.slice(0, 10)}`);

      const o = input.customer ?? {};
      const customerAssignee =
        o.assignedTo === undefined ? lead.assigned_to : (resolveUserRef(actor, o.assignedTo) ?? null);
      if (o.assignedTo != null) await requireStaff(db, actor, customerAssignee!);
      const stage = createDeal ? await placeDeal(db, actor) : null;
      const companyName = given(o.companyName, lead.company);
      const name = o.name ?? lead.name;
      const now = isoNow(clock);

      return db.transaction().execute(async (trx) => {
        const customerRow = await trx
          .insertInto('customers')
          .values({
            organization_id: actor.organizationId,
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
            assigned_to: customerAssignee,
            portal_user_id: null,
            created_by: actor.userId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const customer = toCustomer(customerRow);
        await recordAudit(trx, actor, now, {
          action: 'create',
          entity: 'customer',
          entityId: customerRow.id,
          after: customer,
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

        // The guard on converted_at makes a concurrent second conversion fail and roll back its customer.
        const leadRow = await trx
          .updateTable('leads')
          .set({
            status: 'converted',
            converted_customer_id: customerRow.id,
            converted_deal_id: dealRow?.id ?? null,
            converted_at: now,
            updated_at: now,
          })
          .where('id', '=', lead.id)
          .where('converted_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!leadRow) throw conflict(`lead ${lead.id} was already converted`);
        const after = toLead(leadRow);
        await recordAudit(trx, actor, now, {
          action: 'convert',
          entity: 'lead',
          entityId: lead.id,
          before: toLead(lead),
          after,
        });
        return { lead: after, customer, deal: dealRow ? toDeal(dealRow) : null };
      });
    },

    async remove(actor: Actor, leadId: number) {
      const before = await load(actor, leadId);
      requireRowGrant(actor, 'leads', 'delete', before);
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('leads').where('id', '=', before.id).execute();
        await recordAudit(trx, actor, now, {
          action: 'delete',
          entity: 'lead',
          entityId: before.id,
          before: toLead(before),
        });
      });
    },
  };
}

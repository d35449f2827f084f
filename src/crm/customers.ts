import type { Updateable } from 'kysely';
import { z } from 'zod';
import type { Customer } from '../contracts/customers.ts';
import { customerInput, customerPatch } from '../contracts/record-inputs.ts';
import type { Db } from '../db/index.ts';
import type { CustomerRow, CustomersTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { forbidden, invalid } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES } from '../domain/vocabulary.ts';
import type { CrmDeps } from './deps.ts';
import { createdRange, email, userRef } from './fields.ts';
import { applyFilters, recordFilters } from './filters.ts';
import { listQuery, pageOf, paginate, searchKey, sortable } from './list.ts';
import {
  assigneeChange,
  insertRecord,
  loadRecord,
  patchColumns,
  type RecordKind,
  removeRecord,
  updateRecord,
} from './records.ts';
import { assigneeForNew, readScope, requireGrant, roleIn } from './scope.ts';
import { searchMatch } from './search-match.ts';

/** The input schemas are shared with the web app's forms. */
export { customerInput, customerPatch };

const SORT = sortable(['created_at', 'updated_at', 'name_key']);
export const customerListQuery = listQuery(
  { ...SORT, name: 'name_key' },
  {
    status: z.enum(CUSTOMER_STATUSES).optional(),
    kind: z.enum(CUSTOMER_KINDS).optional(),
    assignedTo: userRef.optional(),
    source: z.string().trim().max(60).optional(),
    tag: z.string().trim().max(40).optional(),
    email: email.optional(),
    ...createdRange,
  },
);

export type CustomerInput = z.input<typeof customerInput>;

export function toCustomer(r: CustomerRow): Customer {
  return {
    id: r.id,
    kind: r.kind as Customer['kind'],
    name: r.name,
    companyName: r.company_name,
    email: r.email,
    phone: r.phone,
    addressLine1: r.address_line1,
    addressLine2: r.address_line2,
    city: r.city,
    region: r.region,
    postalCode: r.postal_code,
    country: r.country,
    status: r.status as Customer['status'],
    source: r.source,
    tags: JSON.parse(r.tags) as string[],
    notes: r.notes,
    assignedTo: r.assigned_to,
    portalUserId: r.portal_user_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function columnsOf(input: z.output<typeof customerPatch>) {
  return {
    ...patchColumns(input, {
      kind: 'kind',
      name: 'name',
      companyName: 'company_name',
      email: 'email',
      phone: 'phone',
      addressLine1: 'address_line1',
      addressLine2: 'address_line2',
      city: 'city',
      region: 'region',
      postalCode: 'postal_code',
      country: 'country',
      status: 'status',
      source: 'source',
      notes: 'notes',
    }),
    ...(input.name !== undefined && { name_key: searchKey(input.name) }),
    ...(input.tags !== undefined && { tags: JSON.stringify(input.tags) }),
  };
}

/** Customers for the shared write paths. */
export const CUSTOMER: RecordKind<'customers', Customer> = {
  table: 'customers',
  area: 'customers',
  entity: 'customer',
  audit: toCustomer,
};

const FILTERS = recordFilters(
  'customers',
  { status: 'status', kind: 'kind', source: 'source', email: 'email' },
  { tag: ['customers.tags', 'like', (tag: string) => `%${JSON.stringify(tag.toLowerCase())}%`] },
);

/**
 * Who signs in to the portal as a customer sees its orders and payments, so only an owner may give or change
 * that access; an employee's create or update that sets `portalUserId` to anything new is refused. Sending
 * the value a record already has (a form posting the whole record back) changes nothing and passes.
 */
function requirePortalGrant(actor: Actor): void {
  if (actor.role !== 'owner')
    throw forbidden('Only an owner can give or change portal access (portalUserId) for a customer');
}

async function checkPortalUser(q: Db, actor: Actor, userId: number | null | undefined) {
  if (userId == null) return;
  requirePortalGrant(actor);
  if ((await roleIn(q, actor, userId)) !== 'customer')
    throw invalid(`user ${userId} is not a customer member of this organization`);
}

/** Checks a new customer as every path creates one (form, API, import) and gives the row to insert. */
export async function newCustomerValues(q: Db, actor: Actor, raw: unknown) {
  requireGrant(actor, 'customers', 'create');
  const input = customerInput.parse(raw);
  const assignee = await assigneeForNew(q, actor, input.assignedTo);
  await checkPortalUser(q, actor, input.portalUserId);
  return {
    ...columnsOf(input),
    kind: input.kind,
    name: input.name,
    name_key: searchKey(input.name),
    status: input.status,
    tags: JSON.stringify(input.tags),
    assigned_to: assignee,
    portal_user_id: input.portalUserId ?? null,
  };
}

/** The columns a customer patch changes on a locked row; refusals (portal access) throw here. */
export async function customerChanges(q: Db, actor: Actor, raw: unknown, before: CustomerRow) {
  const input = customerPatch.parse(raw);
  const changes: Updateable<CustomersTable> = {
    ...columnsOf(input),
    ...(await assigneeChange(q, actor, input.assignedTo)),
  };
  if (input.portalUserId !== undefined && input.portalUserId !== before.portal_user_id) {
    requirePortalGrant(actor);
    await checkPortalUser(q, actor, input.portalUserId);
    changes.portal_user_id = input.portalUserId;
  }
  return changes;
}

export function customersService(deps: CrmDeps) {
  const { db, clock } = deps;

  return {
    async list(actor: Actor, raw: unknown) {
      const p = customerListQuery.parse(raw);
      const q = db
        .selectFrom('customers')
        .selectAll()
        .where(readScope(actor, 'customers', 'customers'));
      let filtered = applyFilters(q, p, FILTERS, actor);
      if (p.q) filtered = filtered.where(await searchMatch(db, 'customers', p.q));
      return pageOf(await paginate(filtered, p, { ...SORT, name: 'name_key' }), toCustomer);
    },

    async get(actor: Actor, customerId: number) {
      return toCustomer(await loadRecord(db, actor, CUSTOMER, customerId));
    },

    async create(actor: Actor, raw: unknown) {
      const values = await newCustomerValues(db, actor, raw);
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        return toCustomer(await insertRecord(trx, actor, now, CUSTOMER, values));
      });
    },

    async update(actor: Actor, customerId: number, raw: unknown) {
      customerPatch.parse(raw);
      return updateRecord(deps, actor, CUSTOMER, customerId, {
        changes: (trx, before) => customerChanges(trx, actor, raw, before),
      });
    },

    async remove(actor: Actor, customerId: number) {
      await removeRecord(deps, actor, CUSTOMER, customerId);
    },
  };
}

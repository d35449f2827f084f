import type { Customer } from '../crm/customers.ts';
import * as resolve from './resolve.ts';
import { changeList, listed } from './shape.ts';
import { defineTool } from './types.ts';

const compact = (c: Customer) => ({
  id: c.id,
  name: c.name,
  kind: c.kind,
  email: c.email,
  phone: c.phone,
  city: c.city,
  status: c.status,
  assignedTo: c.assignedTo,
});

export const customerTools = [
  defineTool({
    name: 'list_customers',
    kind: 'read',
    description:
      'List customers, newest first. Filter by status, kind (individual or business), the person they are ' +
      'assigned to ("me" for the user), when they were added, or a name or email prefix.',
    requires: { area: 'customers', action: 'read' },
    async execute(ctx, input) {
      const created = resolve.dates(ctx, input.createdIn);
      const page = await ctx.crm.customers.list(ctx.actor, {
        status: input.status,
        kind: input.kind,
        assignedTo: await resolve.userId(ctx, input.assignedTo),
        createdFrom: created?.from,
        createdTo: created?.to,
        q: input.query,
        limit: input.limit ?? 20,
      });
      return listed(page, compact);
    },
  }),

  defineTool({
    name: 'get_customer',
    kind: 'read',
    description: 'One customer with all contact details, by id, "#id" or name.',
    requires: { area: 'customers', action: 'read' },
    execute: (ctx, input) => resolve.customer(ctx, input.customer),
  }),

  defineTool({
    name: 'create_customer',
    kind: 'write',
    description:
      'Add a customer (a person or a business). Only the name is required. An employee becomes its ' +
      'assignee unless another colleague is named.',
    requires: { area: 'customers', action: 'create' },
    async describe(_ctx, input) {
      const details = [input.companyName, input.email, input.phone, input.city].filter(Boolean);
      return `Add customer "${input.name}"${details.length ? ` (${details.join(', ')})` : ''}`;
    },
    async execute(ctx, input) {
      const { assignedTo, ...rest } = input;
      return ctx.crm.customers.create(ctx.actor, {
        ...rest,
        ...(assignedTo !== undefined && { assignedTo: await resolve.userId(ctx, assignedTo) }),
      });
    },
  }),

  defineTool({
    name: 'update_customer',
    kind: 'write',
    description: "Change a customer's name, contact details, status, notes or assignee.",
    requires: { area: 'customers', action: 'update' },
    async describe(ctx, input) {
      const { customer, ...changes } = input;
      const found = await resolve.customer(ctx, customer);
      return `Update customer #${found.id} ${found.name}: ${changeList(changes)}`;
    },
    async execute(ctx, input) {
      const { customer, assignedTo, ...changes } = input;
      const found = await resolve.customer(ctx, customer);
      return ctx.crm.customers.update(ctx.actor, found.id, {
        ...changes,
        ...(assignedTo !== undefined && { assignedTo: await resolve.userId(ctx, assignedTo) }),
      });
    },
  }),
];

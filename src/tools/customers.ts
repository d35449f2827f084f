import { z } from 'zod';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES } from '../domain/vocabulary.ts';
import { defineListTool } from './list-tool.ts';
import { defineGetTool, defineUpdateTool } from './record-tools.ts';
import * as resolve from './resolve.ts';
import { id, optionalText, ref, text } from './results.ts';
import { defineTool } from './tool.ts';
import { contact, notes, period, person, prefix, source, title } from './values.ts';

export const customerTools = [
  defineListTool({
    name: 'list_customers',
    description: 'List customers (people and businesses), newest first.',
    requires: { area: 'customers', action: 'read' },
    filters: {
      status: z.enum(CUSTOMER_STATUSES).optional(),
      kind: z.enum(CUSTOMER_KINDS).optional(),
      assignedTo: person.optional(),
      createdIn: period.optional(),
      query: prefix,
    },
    item: z.looseObject({
      id,
      name: text,
      kind: text,
      email: optionalText,
      phone: optionalText,
      city: optionalText,
      status: text,
      assignedTo: ref,
    }),
    names: 'name',
    passed: ['status', 'kind'],
    list: (ctx, _input, filters) => ctx.crm.customers.list(ctx.actor, filters),
  }),

  defineGetTool({
    name: 'get_customer',
    description: 'One customer with all contact details.',
    requires: { area: 'customers', action: 'read' },
    record: 'customer',
    find: resolve.customer,
  }),

  defineTool({
    name: 'create_customer',
    kind: 'write',
    description: 'Add a customer: a person or a business.',
    requires: { area: 'customers', action: 'create' },
    input: z
      .object({
        name: title,
        kind: z.enum(CUSTOMER_KINDS).optional(),
        companyName: z.string().trim().max(200).optional(),
        email: contact.email.optional(),
        phone: contact.phone.optional(),
        city: contact.city.optional(),
        country: z.string().trim().max(100).optional(),
        source: source.optional(),
        tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
        notes: notes.optional(),
        assignedTo: person.optional(),
      })
      .strict(),
    async describe(_ctx, input) {
      const details = [input.companyName, input.email, input.phone, input.city].filter(Boolean);
      return `Add customer "${input.name}"${details.length ? ` (${details.join(', ')})` : ''}`;
    },
    async execute(ctx, input) {
      const { assignedTo, ...rest } = input;
      return ctx.crm.customers.create(ctx.actor, { ...rest, ...(await resolve.assignee(ctx, assignedTo)) });
    },
  }),

  defineUpdateTool({
    name: 'update_customer',
    description: "Change a customer's contact details, status, notes or assignee.",
    requires: { area: 'customers', action: 'update' },
    record: 'customer',
    fields: {
      name: title.optional(),
      email: contact.email.optional(),
      phone: contact.phone.optional(),
      city: contact.city.optional(),
      status: z.enum(CUSTOMER_STATUSES).optional(),
      notes: notes.optional(),
      assignedTo: person.optional(),
    },
    find: resolve.customer,
    label: (found) => `customer #${found.id} ${found.name}`,
    update: (ctx, found, changes) => ctx.crm.customers.update(ctx.actor, found.id, changes),
  }),
];

import { TagsInput, Textarea, TextInput } from '@mantine/core';
import { customerInput, customerPatch } from '../../../../src/contracts/record-inputs.ts';
import { customers } from '../../api/endpoints.ts';
import type { Customer } from '../../api/types.ts';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES } from '../../lib/enums.ts';
import { AssigneeSelect, ChoiceSelect } from '../records/fields.tsx';
import { assigneeId, FieldGrid, RecordForm, useRecordForm } from '../records/RecordForm.tsx';

function valuesOf(c?: Customer) {
  return {
    name: c?.name ?? '',
    kind: (c?.kind ?? 'individual') as string | null,
    companyName: c?.companyName ?? '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    addressLine1: c?.addressLine1 ?? '',
    city: c?.city ?? '',
    postalCode: c?.postalCode ?? '',
    country: c?.country ?? '',
    status: (c?.status ?? 'active') as string | null,
    source: c?.source ?? '',
    tags: c?.tags ?? [],
    notes: c?.notes ?? '',
    assignedTo: c?.assignedTo ? String(c.assignedTo) : (null as string | null),
  };
}

/** Creates a customer or edits one. */
export function CustomerForm({ customer }: { customer?: Customer }) {
  const form = useRecordForm({
    area: 'customers',
    id: customer?.id,
    initial: valuesOf(customer),
    toInput: (v) => ({ ...v, assignedTo: assigneeId(v.assignedTo) }),
    api: customers,
    schema: { create: customerInput, update: customerPatch },
    noun: 'Customer',
    created: () => 'Customer created',
  });

  return (
    <RecordForm
      form={form}
      title={customer ? `Edit ${customer.name}` : 'New customer'}
      createLabel="Create customer"
    >
      <FieldGrid>
        <TextInput label="Name" required {...form.text('name')} />
        <ChoiceSelect label="Kind" choices={CUSTOMER_KINDS} {...form.field('kind')} />
        <TextInput label="Company" {...form.text('companyName')} />
        <TextInput label="Email" type="email" {...form.text('email')} />
        <TextInput label="Phone" type="tel" {...form.text('phone')} />
        <ChoiceSelect label="Status" choices={CUSTOMER_STATUSES} {...form.field('status')} />
        <TextInput label="Address" {...form.text('addressLine1')} />
        <TextInput label="City" {...form.text('city')} />
        <TextInput label="Postal code" {...form.text('postalCode')} />
        <TextInput label="Country" {...form.text('country')} />
        <TextInput label="Source" {...form.text('source')} />
        <AssigneeSelect {...form.field('assignedTo')} />
      </FieldGrid>
      <TagsInput label="Tags" {...form.field('tags')} />
      <Textarea label="Notes" autosize minRows={3} {...form.text('notes')} />
    </RecordForm>
  );
}

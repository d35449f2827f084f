import { TagsInput, Textarea, TextInput } from '@mantine/core';
import { customerInput, customerPatch } from '../../../../src/contracts/record-inputs.ts';
import { customers } from '../../api/endpoints.ts';
import type { Customer } from '../../api/types.ts';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES } from '../../lib/enums.ts';
import { t } from '../../lib/i18n.ts';
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
    noun: t('ui.customer'),
    created: () => t('ui.customerCreated'),
  });

  return (
    <RecordForm
      form={form}
      title={customer ? `Edit ${customer.name}` : 'New customer'}
      createLabel={t('ui.createCustomer')}
    >
      <FieldGrid>
        <TextInput label={t('ui.name')} required {...form.text('name')} />
        <ChoiceSelect label={t('ui.kind')} choices={CUSTOMER_KINDS} {...form.field('kind')} />
        <TextInput label={t('ui.company')} {...form.text('companyName')} />
        <TextInput label={t('ui.email')} type="email" {...form.text('email')} />
        <TextInput label={t('ui.phone')} type="tel" {...form.text('phone')} />
        <ChoiceSelect label={t('ui.status')} choices={CUSTOMER_STATUSES} {...form.field('status')} />
        <TextInput label={t('ui.address')} {...form.text('addressLine1')} />
        <TextInput label={t('ui.city')} {...form.text('city')} />
        <TextInput label={t('ui.postalCode')} {...form.text('postalCode')} />
        <TextInput label={t('ui.country')} {...form.text('country')} />
        <TextInput label={t('ui.source')} {...form.text('source')} />
        <AssigneeSelect {...form.field('assignedTo')} />
      </FieldGrid>
      <TagsInput label={t('ui.tags')} {...form.field('tags')} />
      <Textarea label={t('ui.notes')} autosize minRows={3} {...form.text('notes')} />
    </RecordForm>
  );
}

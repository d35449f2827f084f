import {
  Alert,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
} from '@mantine/core';
import { customers } from '../../api/endpoints.ts';
import type { Customer } from '../../api/types.ts';
import { useNotify } from '../../components/Notices.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { changes, compact, useApiForm } from '../../components/useApiForm.ts';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES } from '../../lib/enums.ts';
import { options } from '../../lib/format.ts';
import { navigate } from '../../lib/router.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { useRefresh } from '../records/useRecord.ts';

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

type Values = ReturnType<typeof valuesOf>;

function toInput(v: Values): Record<string, unknown> {
  return { ...v, assignedTo: v.assignedTo ? Number(v.assignedTo) : null };
}

export function CustomerForm({ customer }: { customer?: Customer }) {
  const initial = valuesOf(customer);
  const form = useApiForm(initial);
  const people = useMembers();
  const notify = useNotify();
  const refresh = useRefresh();

  const submit = form.onSubmit(async (values) => {
    const saved = customer
      ? await customers.update(customer.id, changes(toInput(values), toInput(initial)))
      : await customers.create(
          compact({ ...toInput(values), assignedTo: values.assignedTo ? Number(values.assignedTo) : 'me' }),
        );
    await refresh('customers');
    notify(customer ? 'Customer saved' : 'Customer created');
    navigate(`/customers/${saved.id}`);
  });

  return (
    <>
      <PageHeader title={customer ? `Edit ${customer.name}` : 'New customer'} />
      <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} noValidate>
        <Stack>
          {form.formError ? (
            <Alert color="red" role="alert">
              {form.formError}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required {...form.text('name')} />
            <Select
              label="Kind"
              data={options(CUSTOMER_KINDS)}
              allowDeselect={false}
              {...form.field('kind')}
            />
            <TextInput label="Company" {...form.text('companyName')} />
            <TextInput label="Email" type="email" {...form.text('email')} />
            <TextInput label="Phone" type="tel" {...form.text('phone')} />
            <Select
              label="Status"
              data={options(CUSTOMER_STATUSES)}
              allowDeselect={false}
              {...form.field('status')}
            />
            <TextInput label="Address" {...form.text('addressLine1')} />
            <TextInput label="City" {...form.text('city')} />
            <TextInput label="Postal code" {...form.text('postalCode')} />
            <TextInput label="Country" {...form.text('country')} />
            <TextInput label="Source" {...form.text('source')} />
            <Select label="Assigned to" data={people.assignable} clearable {...form.field('assignedTo')} />
          </SimpleGrid>
          <TagsInput label="Tags" {...form.field('tags')} />
          <Textarea label="Notes" autosize minRows={3} {...form.text('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => window.history.back()}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              {customer ? 'Save' : 'Create customer'}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}

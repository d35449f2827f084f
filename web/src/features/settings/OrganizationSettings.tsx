import { Button, Paper, Radio, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { organizationPatch } from '../../../../src/contracts/organization.ts';
import { organization } from '../../api/endpoints.ts';
import type { Organization } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormError } from '../../components/FormError.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { changes, useApiForm } from '../../components/useApiForm.ts';
import { useOrganization } from '../../session/useOrganization.ts';

function OrganizationForm({ org }: { org: Organization }) {
  const initial = {
    name: org.name,
    employeeVisibility: org.settings.employeeVisibility as string,
    currency: org.settings.currency,
    timezone: org.settings.timezone,
  };
  const form = useApiForm(initial);
  const notify = useNotify();
  const queries = useQueryClient();

  const submit = form.onSubmit(async (values) => {
    const changed = changes(values, initial);
    const { name, ...settings } = changed;
    const input = {
      ...(name !== undefined ? { name } : {}),
      ...(Object.keys(settings).length ? { settings } : {}),
    };
    organizationPatch.parse(input);
    await organization.update(input);
    // Visibility changes what every list holds, so nothing cached can be trusted.
    await queries.invalidateQueries();
    notify('Organization settings saved');
  });

  return (
    <Paper withBorder p="md" radius="md" maw={560} component="form" onSubmit={submit} noValidate>
      <Stack>
        <Title order={3} size="h5">
          Organization
        </Title>
        <FormError message={form.formError} />
        <TextInput label="Name" required {...form.text('name')} />
        <Radio.Group
          label="What employees see"
          value={form.values.employeeVisibility}
          onChange={(v) => form.set('employeeVisibility', v)}
          error={form.error('settings.employeeVisibility')}
        >
          <Stack gap="xs" mt="xs">
            <Radio
              value="all"
              label="Every record of the organization (they still change only what is assigned to them)"
            />
            <Radio value="assigned" label="Only records assigned to them" />
          </Stack>
        </Radio.Group>
        <TextInput
          label="Currency"
          description="Three letters, e.g. USD or EUR"
          {...form.text('currency')}
          error={form.error('settings.currency')}
        />
        <TextInput
          label="Time zone"
          description="e.g. Europe/Berlin; periods on the dashboard follow it"
          {...form.text('timezone')}
          error={form.error('settings.timezone')}
        />
        <Button type="submit" loading={form.submitting} style={{ alignSelf: 'flex-start' }}>
          Save
        </Button>
      </Stack>
    </Paper>
  );
}

/** The organization's name, visibility, currency and time zone. */
export function OrganizationSettings() {
  const { organization: org, error } = useOrganization();
  if (error) return <ErrorAlert error={error} />;
  return org ? <OrganizationForm key={org.updatedAt} org={org} /> : null;
}

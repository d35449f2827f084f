import { Button, Paper, Radio, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { organizationPatch } from '../../../../src/contracts/organization.ts';
import { organization } from '../../api/endpoints.ts';
import type { Organization } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormError } from '../../components/FormError.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { changes, useApiForm } from '../../components/useApiForm.ts';
import { t } from '../../lib/i18n.ts';
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
    notify(t('organization.saved'));
  });

  return (
    <Paper withBorder p="md" radius="md" maw={560} component="form" onSubmit={submit} noValidate>
      <Stack>
        <Title order={3} size="h5">
          {t('organization.title')}
        </Title>
        <FormError message={form.formError} />
        <TextInput label={t('organization.name')} required {...form.text('name')} />
        <Radio.Group
          label={t('organization.visibility')}
          value={form.values.employeeVisibility}
          onChange={(v) => form.set('employeeVisibility', v)}
          error={form.error('settings.employeeVisibility')}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="all" label={t('organization.visibility.all')} />
            <Radio value="assigned" label={t('organization.visibility.assigned')} />
          </Stack>
        </Radio.Group>
        <TextInput
          label={t('organization.currency')}
          description={t('organization.currencyHint')}
          {...form.text('currency')}
          error={form.error('settings.currency')}
        />
        <TextInput
          label={t('organization.timezone')}
          description={t('organization.timezoneHint')}
          {...form.text('timezone')}
          error={form.error('settings.timezone')}
        />
        <Button type="submit" loading={form.submitting} style={{ alignSelf: 'flex-start' }}>
          {t('organization.save')}
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

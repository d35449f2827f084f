import { Button, Checkbox, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { auth } from '../../api/endpoints.ts';
import { FormError } from '../../components/FormError.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { EmailNotifications } from './EmailNotifications.tsx';

function PasswordForm() {
  const notify = useNotify();
  const empty = { currentPassword: '', newPassword: '', repeat: '', keepApiTokens: false };
  const form = useApiForm(empty);

  const submit = form.onSubmit(async ({ repeat, ...values }) => {
    if (values.newPassword !== repeat) throw new Error(t('profile.passwordMismatch'));
    await auth.changePassword(values);
    form.reset(empty);
    notify(t(values.keepApiTokens ? 'profile.passwordChangedKept' : 'profile.passwordChanged'));
  });

  return (
    <Paper withBorder p="md" radius="md" maw={480} component="form" onSubmit={submit} noValidate>
      <Stack>
        <Title order={3} size="h5">
          {t('profile.changePassword')}
        </Title>
        <FormError message={form.formError} />
        <PasswordInput
          label={t('profile.currentPassword')}
          autoComplete="current-password"
          required
          {...form.text('currentPassword')}
        />
        <PasswordInput
          label={t('profile.newPassword')}
          description={t('profile.newPasswordHint')}
          autoComplete="new-password"
          required
          {...form.text('newPassword')}
        />
        <PasswordInput
          label={t('profile.repeat')}
          autoComplete="new-password"
          required
          {...form.text('repeat')}
        />
        <Checkbox
          label={t('profile.keepTokens')}
          description={t('profile.keepTokensHint')}
          checked={form.values.keepApiTokens}
          onChange={(event) => form.set('keepApiTokens', event.currentTarget.checked)}
        />
        <Button type="submit" loading={form.submitting} style={{ alignSelf: 'flex-start' }}>
          {t('profile.changePassword')}
        </Button>
      </Stack>
    </Paper>
  );
}

/** Who is signed in, their organizations, and their password. */
export function ProfileSettings() {
  const { me, memberships } = useSession();
  return (
    <Stack>
      <TitledCard title={me.user.name} gap="xs" maw={480}>
        <Text>{me.user.email}</Text>
        <Text size="sm" c="dimmed" mt="xs">
          {memberships
            .map((m) => t('profile.membership', { organization: m.name, role: humanize(m.role) }))
            .join(' · ')}
        </Text>
      </TitledCard>
      <EmailNotifications />
      <PasswordForm />
    </Stack>
  );
}

import { Button, Checkbox, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { auth } from '../../api/endpoints.ts';
import { FormError } from '../../components/FormError.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { humanize } from '../../lib/format.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { EmailNotifications } from './EmailNotifications.tsx';

function PasswordForm() {
  const notify = useNotify();
  const empty = { currentPassword: '', newPassword: '', repeat: '', keepApiTokens: false };
  const form = useApiForm(empty);

  const submit = form.onSubmit(async ({ repeat, ...values }) => {
    if (values.newPassword !== repeat) throw new Error('The new passwords do not match.');
    await auth.changePassword(values);
    form.reset(empty);
    notify(
      values.keepApiTokens
        ? 'Password changed. Other sessions and Telegram were signed out; your API tokens still work.'
        : 'Password changed. Other sessions, Telegram and your API tokens were signed out.',
    );
  });

  return (
    <Paper withBorder p="md" radius="md" maw={480} component="form" onSubmit={submit} noValidate>
      <Stack>
        <Title order={3} size="h5">
          Change password
        </Title>
        <FormError message={form.formError} />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          {...form.text('currentPassword')}
        />
        <PasswordInput
          label="New password"
          description="At least 8 characters"
          autoComplete="new-password"
          required
          {...form.text('newPassword')}
        />
        <PasswordInput
          label="Repeat new password"
          autoComplete="new-password"
          required
          {...form.text('repeat')}
        />
        <Checkbox
          label="Keep my API tokens working"
          description="Leave this off if someone else may have learnt your password: their tokens stop too."
          checked={form.values.keepApiTokens}
          onChange={(event) => form.set('keepApiTokens', event.currentTarget.checked)}
        />
        <Button type="submit" loading={form.submitting} style={{ alignSelf: 'flex-start' }}>
          Change password
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
          {memberships.map((m) => `${m.name} (${humanize(m.role)})`).join(' · ')}
        </Text>
      </TitledCard>
      <EmailNotifications />
      <PasswordForm />
    </Stack>
  );
}

import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { auth } from '../../api/endpoints.ts';
import { FormError } from '../../components/FormError.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { Link } from '../../lib/router.tsx';
import { AuthFrame } from './AuthFrame.tsx';

/** The page a reset link opens (/reset-password#plr_…): choose a new password, then sign in with it. */
export function ResetPasswordPage({ token }: { token: string | null }) {
  const form = useApiForm({ newPassword: '', repeat: '' });
  const [done, setDone] = useState(false);

  const submit = form.onSubmit(async (values) => {
    if (values.newPassword !== values.repeat) throw new Error('The two passwords do not match.');
    await auth.resetPassword(token ?? '', values.newPassword);
    setDone(true);
  });

  if (done) {
    return (
      <AuthFrame title="Password changed">
        <Alert color="teal" role="status">
          Your new password is set. You were signed out everywhere else, including Telegram, and your API
          tokens were revoked.
        </Alert>
        <Button component={Link} to="/">
          Sign in
        </Button>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title="Choose a new password">
      {token ? (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text c="dimmed">At least 8 characters. This link works once.</Text>
            <FormError message={form.formError} />
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              required
              data-autofocus
              {...form.text('newPassword')}
            />
            <PasswordInput
              label="Repeat new password"
              autoComplete="new-password"
              required
              {...form.text('repeat')}
            />
            <Button type="submit" loading={form.submitting}>
              Set new password
            </Button>
          </Stack>
        </form>
      ) : (
        <Text>This link is incomplete. Open the whole link from the email, or ask for a new one.</Text>
      )}
      <Anchor component={Link} to="/forgot-password" size="sm">
        Ask for a new link
      </Anchor>
    </AuthFrame>
  );
}

import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { auth } from '../../api/endpoints.ts';
import { FormError } from '../../components/FormError.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { Link } from '../../lib/router.tsx';
import { AuthFrame } from './AuthFrame.tsx';
import { useSignInOptions } from './useSignInOptions.ts';

/** "Forgot password?": asks for a reset link by email, or says who can reset it when the server sends none. */
export function ForgotPasswordPage() {
  const options = useSignInOptions();
  const form = useApiForm({ email: '' });
  const [answer, setAnswer] = useState<string | null>(null);

  const submit = form.onSubmit(async (values) => {
    setAnswer((await auth.requestPasswordReset(values.email.trim())).message);
  });

  const back = (
    <Anchor component={Link} to="/" size="sm">
      Back to sign in
    </Anchor>
  );

  if (options && !options.passwordResetByEmail) {
    return (
      <AuthFrame title="Forgot your password?">
        <Text>
          This server does not send email. Ask an owner of your organization, or whoever runs Parley, to reset
          your password (they can run <code>parley user reset-password</code>).
        </Text>
        {back}
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title="Forgot your password?">
      {answer ? (
        <Alert color="teal" role="status" title="Check your email">
          {answer}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text c="dimmed">
              Enter the email you sign in with; we will send a link to choose a new password.
            </Text>
            <FormError message={form.formError} />
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              data-autofocus
              {...form.text('email')}
            />
            <Button type="submit" loading={form.submitting}>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
      {back}
    </AuthFrame>
  );
}

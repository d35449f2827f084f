import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { auth } from '../../api/endpoints.ts';
import { FormError } from '../../components/FormError.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { t } from '../../lib/i18n.ts';
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
      {t('forgot.back')}
    </Anchor>
  );

  if (options && !options.passwordResetByEmail) {
    return (
      <AuthFrame title={t('forgot.title')}>
        <Text>
          {t('forgot.noEmailBefore')} <code>parley user reset-password</code>
          {t('forgot.noEmailAfter')}
        </Text>
        {back}
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('forgot.title')}>
      {answer ? (
        <Alert color="teal" role="status" title={t('forgot.checkEmail')}>
          {answer}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text c="dimmed">{t('forgot.intro')}</Text>
            <FormError message={form.formError} />
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              data-autofocus
              {...form.text('email')}
            />
            <Button type="submit" loading={form.submitting}>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      {back}
    </AuthFrame>
  );
}

import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { auth } from '../../api/endpoints.ts';
import { FormError } from '../../components/FormError.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';
import { AuthFrame } from './AuthFrame.tsx';

/** The page a reset link opens (/reset-password#plr_…): choose a new password, then sign in with it. */
export function ResetPasswordPage({ token }: { token: string | null }) {
  const form = useApiForm({ newPassword: '', repeat: '' });
  const [done, setDone] = useState(false);

  const submit = form.onSubmit(async (values) => {
    if (values.newPassword !== values.repeat) throw new Error(t('reset.mismatch'));
    await auth.resetPassword(token ?? '', values.newPassword);
    setDone(true);
  });

  if (done) {
    return (
      <AuthFrame title={t('reset.doneTitle')}>
        <Alert color="teal" role="status">
          {t('reset.doneText')}
        </Alert>
        <Button component={Link} to="/">
          {t('signIn.submit')}
        </Button>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('reset.title')}>
      {token ? (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text c="dimmed">{t('reset.intro')}</Text>
            <FormError message={form.formError} />
            <PasswordInput
              label={t('reset.newPassword')}
              autoComplete="new-password"
              required
              data-autofocus
              {...form.text('newPassword')}
            />
            <PasswordInput
              label={t('reset.repeat')}
              autoComplete="new-password"
              required
              {...form.text('repeat')}
            />
            <Button type="submit" loading={form.submitting}>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      ) : (
        <Text>{t('reset.incomplete')}</Text>
      )}
      <Anchor component={Link} to="/forgot-password" size="sm">
        {t('reset.askAgain')}
      </Anchor>
    </AuthFrame>
  );
}

import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { auth } from '../../api/endpoints.ts';
import { FormError } from '../../components/FormError.tsx';
import { compact, useApiForm } from '../../components/useApiForm.ts';
import { t } from '../../lib/i18n.ts';
import { navigate } from '../../lib/router.tsx';
import { useSessionState } from '../../session/SessionProvider.tsx';

/** The page an invitation link opens: choose a name and password; accepting signs you in. */
export function AcceptInvitationPage({ token }: { token: string }) {
  const form = useApiForm({ name: '', password: '' });
  const { reload } = useSessionState();

  const submit = form.onSubmit(async (values) => {
    await auth.acceptInvitation({ token, ...(compact(values) as { name?: string; password: string }) });
    navigate('/', { replace: true });
    await reload();
  });

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420} component="main">
        <Stack>
          <Title order={1} size="h2">
            {t('invite.title')}
          </Title>
          <form onSubmit={submit} noValidate>
            <Stack>
              <Text c="dimmed">{t('invite.intro')}</Text>
              <FormError message={form.formError} />
              <TextInput label={t('invite.name')} autoComplete="name" {...form.text('name')} />
              <PasswordInput
                label={t('invite.password')}
                autoComplete="new-password"
                required
                {...form.text('password')}
              />
              <Button type="submit" loading={form.submitting}>
                {t('invite.submit')}
              </Button>
            </Stack>
          </form>
        </Stack>
      </Paper>
    </Center>
  );
}

import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { signInInput } from '../../../../src/contracts/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';
import { useSessionState } from '../../session/SessionProvider.tsx';
import { DemoHint } from './DemoHint.tsx';

export function SignInPage() {
  const { signIn } = useSessionState();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    // The server's own schema, so an empty field gets the same words here as from the API.
    const checked = signInInput.safeParse({ email, password });
    if (!checked.success) {
      setFieldErrors(Object.fromEntries(checked.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await signIn(checked.data.email, password);
    } catch (problem) {
      const byField = problem instanceof ApiError ? problem.fieldErrors() : {};
      setFieldErrors(byField);
      if (Object.keys(byField).length === 0) setError(messageOf(problem));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400} component="main">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2" c="indigo">
                {t('app.name')}
              </Title>
              <Text c="dimmed">{t('signIn.tagline')}</Text>
            </div>
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldErrors.email}
              data-autofocus
            />
            <PasswordInput
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldErrors.password}
            />
            <Button type="submit" loading={busy} fullWidth>
              {t('signIn.submit')}
            </Button>
            <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
              {t('signIn.forgot')}
            </Anchor>
            <DemoHint
              onPick={(demoEmail, demoPassword) => {
                setEmail(demoEmail);
                setPassword(demoPassword);
              }}
            />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

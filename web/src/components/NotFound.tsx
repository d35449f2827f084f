import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { t } from '../lib/i18n.ts';
import { Link } from '../lib/router.tsx';
import { useDocumentTitle } from '../lib/title.tsx';

/** Unknown addresses, malformed ids, missing records and pages the role may not open all end here. */
export function NotFound() {
  useDocumentTitle(t('app.notFound.title'));
  return (
    <Paper withBorder p="xl" radius="md" data-testid="not-found">
      <Stack align="flex-start">
        <Title order={1} size="h2">
          {t('app.notFound.title')}
        </Title>
        <Text c="dimmed">{t('app.notFound.text')}</Text>
        <Button component={Link} to="/">
          {t('app.notFound.home')}
        </Button>
      </Stack>
    </Paper>
  );
}

import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from '../lib/router.tsx';
import { useDocumentTitle } from '../lib/title.tsx';

/** Unknown addresses, malformed ids, missing records and pages the role may not open all end here. */
export function NotFound() {
  useDocumentTitle('Page not found');
  return (
    <Paper withBorder p="xl" radius="md" data-testid="not-found">
      <Stack align="flex-start">
        <Title order={2}>Page not found</Title>
        <Text c="dimmed">This page does not exist, or your role in this organization cannot open it.</Text>
        <Button component={Link} to="/">
          Go home
        </Button>
      </Stack>
    </Paper>
  );
}

import { Alert, Button, Group, Text } from '@mantine/core';
import { ApiError } from '../api/client.ts';
import { t } from '../lib/i18n.ts';

export function messageOf(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return t('error.retry');
}

/**
 * Shows a failed load or save in words; a 404 reads as "not found" because that is all the server says.
 * With `onRetry`, a failed load can be asked again in place.
 */
export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?(): void }) {
  if (!error) return null;
  const notFound = error instanceof ApiError && error.status === 404;
  const message = notFound ? t('error.notFound.text') : messageOf(error);
  return (
    <Alert color="red" title={title ?? t(notFound ? 'error.notFound.title' : 'error.title')} role="alert">
      {onRetry ? (
        <Group justify="space-between" gap="sm">
          <Text size="sm">{message}</Text>
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('error.retryButton')}
          </Button>
        </Group>
      ) : (
        message
      )}
    </Alert>
  );
}

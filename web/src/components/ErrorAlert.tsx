import { Alert } from '@mantine/core';
import { ApiError } from '../api/client.ts';
import { t } from '../lib/i18n.ts';

export function messageOf(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return t('error.retry');
}

/** Shows a failed load or save in words; a 404 reads as "not found" because that is all the server says. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Alert color="red" title={title ?? t(notFound ? 'error.notFound.title' : 'error.title')} role="alert">
      {notFound ? t('error.notFound.text') : messageOf(error)}
    </Alert>
  );
}

import { Alert } from '@mantine/core';
import { ApiError } from '../api/client.ts';

export function messageOf(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return 'Something went wrong. Please try again.';
}

/** Shows a failed load or save in words; a 404 reads as "not found" because that is all the server says. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Alert color="red" title={title ?? (notFound ? 'Not found' : 'Something went wrong')} role="alert">
      {notFound ? 'This record does not exist or you cannot see it.' : messageOf(error)}
    </Alert>
  );
}

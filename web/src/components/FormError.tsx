import { Alert, type MantineSpacing } from '@mantine/core';

/** A refusal that names no field (permissions, conflicts, a failed connection), shown above or below a form. */
export function FormError({ message, mt }: { message: string | null; mt?: MantineSpacing }) {
  if (!message) return null;
  return (
    <Alert color="red" mt={mt} role="alert">
      {message}
    </Alert>
  );
}

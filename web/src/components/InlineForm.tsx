import { Group, type GroupProps } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { FormError } from './FormError.tsx';

interface InlineFormProps {
  onSubmit(event?: FormEvent): void;
  error: string | null;
  align?: GroupProps['align'];
  gap?: GroupProps['gap'];
  children: ReactNode;
}

/** A one-line form (inputs and a button in a row) with its refusal shown beneath. */
export function InlineForm({ onSubmit, error, align = 'flex-end', gap, children }: InlineFormProps) {
  return (
    <form onSubmit={onSubmit} noValidate>
      <Group align={align} gap={gap}>
        {children}
      </Group>
      <FormError message={error} mt="xs" />
    </form>
  );
}

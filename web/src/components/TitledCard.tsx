import { type MantineSpacing, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface TitledCardProps {
  title: ReactNode;
  /** Dashboard cards use the larger heading. */
  size?: 'h4' | 'h5';
  /** Space under the heading. */
  gap?: MantineSpacing;
  maw?: number;
  testId?: string;
  children: ReactNode;
}

/** A bordered card under a small heading: the sections of detail, settings and dashboard pages. */
export function TitledCard({ title, size = 'h5', gap = 'sm', maw, testId, children }: TitledCardProps) {
  return (
    <Paper withBorder p="md" radius="md" maw={maw} data-testid={testId}>
      <Title order={2} size={size} mb={gap}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

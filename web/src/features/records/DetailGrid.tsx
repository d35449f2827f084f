import { Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface Detail {
  label: string;
  value: ReactNode;
}

/** Label and value pairs; empty values read as a dash so the layout stays steady. */
export function DetailGrid({ details }: { details: Detail[] }) {
  return (
    <Paper withBorder p="md" radius="md">
      <SimpleGrid type="container" cols={{ base: 1, '420px': 2, '720px': 3 }} spacing="md">
        {details.map((d) => (
          <Stack key={d.label} gap={2}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {d.label}
            </Text>
            <div>{d.value === null || d.value === undefined || d.value === '' ? '—' : d.value}</div>
          </Stack>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

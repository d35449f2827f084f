import { Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import type { Priority, Summary } from '../../api/types.ts';
import { humanize } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';

const ORDER: Priority[] = ['urgent', 'high', 'medium', 'low'];
const COLORS: Record<Priority, string> = { urgent: 'red', high: 'orange', medium: 'yellow', low: 'gray' };

export function IssuesByPriority({ summary }: { summary: Summary }) {
  const { total, byPriority } = summary.issues.open;
  return (
    <Paper withBorder p="md" radius="md" data-testid="issues-by-priority">
      <Title order={3} size="h4" mb="sm">
        Open issues by priority
      </Title>
      <Stack gap="xs">
        {ORDER.map((p) => (
          <div key={p}>
            <Group justify="space-between">
              <Link to={`/issues?priority=${p}&status=open`}>{humanize(p)}</Link>
              <Text fw={600}>{byPriority[p]}</Text>
            </Group>
            <Progress
              value={total ? (byPriority[p] / total) * 100 : 0}
              color={COLORS[p]}
              aria-label={`${humanize(p)} issues`}
            />
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

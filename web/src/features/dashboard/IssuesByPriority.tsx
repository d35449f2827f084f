import { Group, Progress, Stack, Text } from '@mantine/core';
import type { AnalyticsSummary, Priority } from '../../api/types.ts';
import { TitledCard } from '../../components/TitledCard.tsx';
import { humanize } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';

const ORDER: Priority[] = ['urgent', 'high', 'medium', 'low'];
const COLORS: Record<Priority, string> = { urgent: 'red', high: 'orange', medium: 'yellow', low: 'gray' };

/** Open issues by priority, each linking to the filtered list. */
export function IssuesByPriority({ summary }: { summary: AnalyticsSummary }) {
  const { total, byPriority } = summary.issues.open;
  return (
    <TitledCard title="Open issues by priority" size="h4" testId="issues-by-priority">
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
    </TitledCard>
  );
}

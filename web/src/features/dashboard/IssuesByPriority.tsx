import { Group, Progress, Stack, Text } from '@mantine/core';
import type { AnalyticsSummary, Priority } from '../../api/types.ts';
import { TitledCard } from '../../components/TitledCard.tsx';
import { formatCount } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';

const ORDER: Priority[] = ['urgent', 'high', 'medium', 'low'];
const COLORS: Record<Priority, string> = { urgent: 'red', high: 'orange', medium: 'yellow', low: 'gray' };

/** Open issues by priority, each linking to the filtered list. */
export function IssuesByPriority({ summary }: { summary: AnalyticsSummary }) {
  const { total, byPriority } = summary.issues.open;
  return (
    <TitledCard title={t('issuesByPriority.title')} size="h4" testId="issues-by-priority">
      <Stack gap="xs">
        {ORDER.map((p) => (
          <div key={p}>
            <Group justify="space-between">
              <Link to={`/issues?priority=${p}&status=open`}>{t(`priority.${p}`)}</Link>
              <Text fw={600}>{formatCount(byPriority[p])}</Text>
            </Group>
            <Progress
              value={total ? (byPriority[p] / total) * 100 : 0}
              color={COLORS[p]}
              aria-label={t('issuesByPriority.bar', { priority: t(`priority.${p}`) })}
            />
          </div>
        ))}
      </Stack>
    </TitledCard>
  );
}

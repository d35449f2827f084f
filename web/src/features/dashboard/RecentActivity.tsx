import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { activities } from '../../api/endpoints.ts';
import type { AnalyticsSummary } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TextSkeleton } from '../../components/Skeletons.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';

/** The latest activities the person may see. */
export function RecentActivity({ summary }: { summary: AnalyticsSummary }) {
  const recent = useQuery({
    queryKey: ['activities', 'list', { recent: true }],
    queryFn: () => activities.list({ limit: 8, sort: '-createdAt' }),
  });
  return (
    <TitledCard title={t('recentActivity.title')} size="h4" testId="recent-activity">
      <ErrorAlert error={recent.error} />
      {recent.isPending ? <TextSkeleton lines={5} /> : null}
      <Stack gap="xs">
        {(recent.data?.items ?? []).map((a) => (
          <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <Badge variant="light" size="sm" w={72} style={{ flexShrink: 0 }}>
                {humanize(a.type)}
              </Badge>
              <Anchor component={Link} to={`/activities/${a.id}`} size="sm" truncate>
                {a.subject}
              </Anchor>
            </Group>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatDateTime(a.createdAt)}
            </Text>
          </Group>
        ))}
        {recent.data?.items.length === 0 ? <Text c="dimmed">{t('recentActivity.empty')}</Text> : null}
      </Stack>
      {summary.activities.length > 0 ? (
        <>
          <Title order={3} size="h5" mt="md" mb="xs">
            {t('recentActivity.team')}
          </Title>
          {summary.activities.map((person) => (
            <Group key={person.userId} justify="space-between">
              <Text size="sm">{person.name}</Text>
              <Text size="sm" c="dimmed">
                {t('recentActivity.person', { created: person.created, done: person.done })}
              </Text>
            </Group>
          ))}
        </>
      ) : null}
    </TitledCard>
  );
}

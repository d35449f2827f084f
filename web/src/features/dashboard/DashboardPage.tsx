import { Select, SimpleGrid, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { analytics } from '../../api/endpoints.ts';
import type { PeriodName } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { CardSkeleton, FigureSkeletons } from '../../components/Skeletons.tsx';
import { formatDate } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { navigate, useLocation } from '../../lib/router.tsx';
import { useOrganization } from '../../session/useOrganization.ts';
import { IssuesByPriority } from './IssuesByPriority.tsx';
import { KpiCards } from './KpiCards.tsx';
import { CHART_HEIGHT } from './moneyChart.ts';
import { PipelineChart } from './PipelineChart.tsx';
import { bucketFor, PERIODS } from './periods.ts';
import { RecentActivity } from './RecentActivity.tsx';
import { RevenueChart } from './RevenueChart.tsx';

function usePeriod(): [PeriodName, (p: PeriodName) => void] {
  const { search } = useLocation();
  const chosen = search.get('period');
  const period = PERIODS.some((p) => p.value === chosen) ? (chosen as PeriodName) : 'this_month';
  return [period, (p) => navigate(`/?period=${p}`, { replace: true })];
}

export function DashboardPage() {
  const [period, setPeriod] = usePeriod();
  const { currency } = useOrganization();
  const summary = useQuery({
    queryKey: ['analytics', 'summary', period],
    queryFn: () => analytics.summary({ period }),
  });
  const series = useQuery({
    queryKey: ['analytics', 'timeseries', period],
    queryFn: () => analytics.timeseries({ period, bucket: bucketFor(period) }),
  });

  const range = summary.data
    ? t('dashboard.range', {
        from: formatDate(summary.data.period.from),
        to: formatDate(summary.data.period.to),
      })
    : undefined;
  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        subtitle={range}
        actions={
          <Select
            aria-label={t('dashboard.period')}
            data={PERIODS}
            value={period}
            onChange={(value) => value && setPeriod(value as PeriodName)}
            allowDeselect={false}
            w={170}
          />
        }
      />
      <ErrorAlert error={summary.error ?? series.error} />
      {summary.isPending ? (
        <Stack>
          <FigureSkeletons count={6} />
          <SimpleGrid type="container" cols={{ base: 1, '860px': 2 }}>
            <CardSkeleton height={CHART_HEIGHT} />
            <CardSkeleton height={CHART_HEIGHT} />
          </SimpleGrid>
        </Stack>
      ) : null}
      {summary.data ? (
        <Stack>
          <KpiCards summary={summary.data} currency={currency} />
          <SimpleGrid type="container" cols={{ base: 1, '860px': 2 }}>
            <PipelineChart summary={summary.data} currency={currency} />
            {series.data ? (
              <RevenueChart series={series.data} currency={currency} />
            ) : series.isPending ? (
              <CardSkeleton height={CHART_HEIGHT} />
            ) : null}
          </SimpleGrid>
          <SimpleGrid type="container" cols={{ base: 1, '860px': 2 }}>
            <IssuesByPriority summary={summary.data} />
            <RecentActivity summary={summary.data} />
          </SimpleGrid>
        </Stack>
      ) : null}
    </>
  );
}

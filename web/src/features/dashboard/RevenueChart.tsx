import { AreaChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { AnalyticsTimeseries } from '../../api/types.ts';
import { TitledCard } from '../../components/TitledCard.tsx';
import { formatDate } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { sumFor, toMajor } from '../../lib/money.ts';
import { moneyChart } from './moneyChart.ts';

// Series names are what the legend and tooltip show.
const REVENUE = t('revenueChart.revenue');
const WON = t('revenueChart.wonDeals');

/** Payments received and deals won per period, in one currency. */
export function RevenueChart({ series, currency }: { series: AnalyticsTimeseries; currency: string }) {
  const data = series.points.map((p) => ({
    when: series.bucket === 'month' ? p.from.slice(0, 7) : formatDate(p.from),
    [REVENUE]: toMajor(sumFor(p.revenue, currency), currency),
    [WON]: toMajor(sumFor(p.wonValue, currency), currency),
  }));
  const empty = data.every((d) => d[REVENUE] === 0 && d[WON] === 0);
  return (
    <TitledCard title={t('revenueChart.title')} size="h4" testId="revenue-chart">
      {empty ? (
        <Text c="dimmed" size="sm" mb="xs">
          {t('revenueChart.empty')}
        </Text>
      ) : null}
      <AreaChart
        {...moneyChart(currency)}
        data={data}
        dataKey="when"
        series={[
          { name: REVENUE, color: 'var(--parley-chart-2)' },
          { name: WON, color: 'var(--parley-chart-1)' },
        ]}
        curveType="monotone"
      />
    </TitledCard>
  );
}

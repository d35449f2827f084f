import { AreaChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { AnalyticsTimeseries } from '../../api/types.ts';
import { TitledCard } from '../../components/TitledCard.tsx';
import { formatDate } from '../../lib/format.ts';
import { sumFor, toMajor } from '../../lib/money.ts';
import { moneyChart } from './moneyChart.ts';

/** Payments received and deals won per period, in one currency. */
export function RevenueChart({ series, currency }: { series: AnalyticsTimeseries; currency: string }) {
  const data = series.points.map((p) => ({
    when: series.bucket === 'month' ? p.from.slice(0, 7) : formatDate(p.from),
    Revenue: toMajor(sumFor(p.revenue, currency), currency),
    'Won deals': toMajor(sumFor(p.wonValue, currency), currency),
  }));
  const empty = data.every((d) => d.Revenue === 0 && d['Won deals'] === 0);
  return (
    <TitledCard title="Revenue over time" size="h4" testId="revenue-chart">
      {empty ? (
        <Text c="dimmed" size="sm" mb="xs">
          No payments or won deals in this period.
        </Text>
      ) : null}
      <AreaChart
        {...moneyChart(currency)}
        data={data}
        dataKey="when"
        series={[
          { name: 'Revenue', color: 'teal.6' },
          { name: 'Won deals', color: 'indigo.5' },
        ]}
        curveType="monotone"
      />
    </TitledCard>
  );
}

import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { AnalyticsSummary } from '../../api/types.ts';
import { TitledCard } from '../../components/TitledCard.tsx';
import { toMajor } from '../../lib/money.ts';
import { moneyChart } from './moneyChart.ts';

/** Open deals by stage: the bar is the value, the tooltip adds the count. */
export function PipelineChart({ summary, currency }: { summary: AnalyticsSummary; currency: string }) {
  const stages = summary.pipeline.stages.filter((s) => s.currency === currency);
  const several = new Set(stages.map((s) => s.pipelineId)).size > 1;
  const data = stages.map((s) => ({
    stage: several ? `${s.pipelineName}: ${s.stageName}` : s.stageName,
    Value: toMajor(s.value, currency),
    Weighted: toMajor(s.weightedValue, currency),
    deals: s.count,
  }));
  return (
    <TitledCard title="Pipeline by stage" size="h4" testId="pipeline-chart">
      {data.length === 0 ? (
        <Text c="dimmed">No open deals.</Text>
      ) : (
        <BarChart
          {...moneyChart(currency)}
          data={data}
          dataKey="stage"
          series={[
            { name: 'Value', color: 'indigo.6' },
            { name: 'Weighted', color: 'teal.5' },
          ]}
        />
      )}
    </TitledCard>
  );
}

import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { AnalyticsSummary } from '../../api/types.ts';
import { TitledCard } from '../../components/TitledCard.tsx';
import { t } from '../../lib/i18n.ts';
import { toMajor } from '../../lib/money.ts';
import { moneyChart } from './moneyChart.ts';

// Series names are what the legend and tooltip show.
const VALUE = t('pipelineChart.value');
const WEIGHTED = t('pipelineChart.weighted');

/** Open deals by stage: the bar is the value, the tooltip adds the count. */
export function PipelineChart({ summary, currency }: { summary: AnalyticsSummary; currency: string }) {
  const stages = summary.pipeline.stages.filter((s) => s.currency === currency);
  const several = new Set(stages.map((s) => s.pipelineId)).size > 1;
  const data = stages.map((s) => ({
    stage: several ? `${s.pipelineName}: ${s.stageName}` : s.stageName,
    [VALUE]: toMajor(s.value, currency),
    [WEIGHTED]: toMajor(s.weightedValue, currency),
    deals: s.count,
  }));
  return (
    <TitledCard title={t('pipelineChart.title')} size="h4" testId="pipeline-chart">
      {data.length === 0 ? (
        <Text c="dimmed">{t('pipelineChart.empty')}</Text>
      ) : (
        <BarChart
          {...moneyChart(currency)}
          data={data}
          dataKey="stage"
          series={[
            { name: VALUE, color: 'var(--parley-chart-1)' },
            { name: WEIGHTED, color: 'var(--parley-chart-2)' },
          ]}
        />
      )}
    </TitledCard>
  );
}

import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { AnalyticsSummary } from '../../api/types.ts';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { formatMoney, sumFor } from '../../lib/money.ts';

function Kpi({ id, label, value, hint }: { id: string; label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={700} size="xl" mt={4} data-testid={`kpi-${id}`}>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

/** Amounts in other currencies are not converted; the card says so rather than adding them up wrongly. */
function otherCurrencies(amounts: { currency: string }[], currency: string): string | undefined {
  const others = [...new Set(amounts.map((a) => a.currency).filter((c) => c !== currency))];
  return others.length ? t('kpi.otherCurrencies', { currencies: others.join(', ') }) : undefined;
}

export function KpiCards({ summary, currency }: { summary: AnalyticsSummary; currency: string }) {
  const revenue = summary.revenue.find((r) => r.currency === currency);
  const pipeline = summary.pipeline.totals.find((t) => t.currency === currency);
  const revenueAmounts = summary.revenue.map((r) => ({ currency: r.currency }));
  return (
    <SimpleGrid type="container" cols={{ base: 2, '560px': 3, '1000px': 6 }} spacing="sm">
      <Kpi
        id="new-leads"
        label={t('kpi.newLeads')}
        value={formatCount(summary.leads.new)}
        hint={t('kpi.converted', { count: summary.leads.converted })}
      />
      <Kpi
        id="conversion"
        label={t('kpi.conversion')}
        value={summary.leads.conversionRate === null ? '—' : formatPercent(summary.leads.conversionRate)}
        hint={t('kpi.ofNewLeads')}
      />
      <Kpi
        id="deals-won"
        label={t('kpi.dealsWon')}
        value={formatCount(summary.deals.won.count)}
        hint={formatMoney(sumFor(summary.deals.won.value, currency), currency)}
      />
      <Kpi
        id="revenue"
        label={t('kpi.revenue')}
        value={formatMoney(revenue?.net ?? 0, currency)}
        hint={otherCurrencies(revenueAmounts, currency) ?? t('kpi.revenueHint')}
      />
      <Kpi
        id="open-pipeline"
        label={t('kpi.openPipeline')}
        value={formatMoney(pipeline?.value ?? 0, currency)}
        hint={t('kpi.pipelineHint', {
          count: pipeline?.count ?? 0,
          weighted: formatMoney(pipeline?.weightedValue ?? 0, currency),
        })}
      />
      <Kpi
        id="open-issues"
        label={t('kpi.openIssues')}
        value={formatCount(summary.issues.open.total)}
        hint={t('kpi.urgent', { count: summary.issues.open.byPriority.urgent })}
      />
    </SimpleGrid>
  );
}

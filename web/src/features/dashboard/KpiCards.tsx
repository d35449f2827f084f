import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { AnalyticsSummary } from '../../api/types.ts';
import { formatMoney, sumFor } from '../../lib/money.ts';

function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={700} size="xl" mt={4} data-testid={`kpi-${label.toLowerCase().replace(/\s+/g, '-')}`}>
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
  return others.length ? `plus amounts in ${others.join(', ')}` : undefined;
}

export function KpiCards({ summary, currency }: { summary: AnalyticsSummary; currency: string }) {
  const revenue = summary.revenue.find((r) => r.currency === currency);
  const pipeline = summary.pipeline.totals.find((t) => t.currency === currency);
  const revenueAmounts = summary.revenue.map((r) => ({ currency: r.currency }));
  return (
    <SimpleGrid type="container" cols={{ base: 2, '560px': 3, '1000px': 6 }} spacing="sm">
      <Kpi
        label="New leads"
        value={String(summary.leads.new)}
        hint={`${summary.leads.converted} converted`}
      />
      <Kpi
        label="Conversion"
        value={
          summary.leads.conversionRate === null ? '—' : `${Math.round(summary.leads.conversionRate * 100)}%`
        }
        hint="of new leads"
      />
      <Kpi
        label="Deals won"
        value={String(summary.deals.won.count)}
        hint={formatMoney(sumFor(summary.deals.won.value, currency), currency)}
      />
      <Kpi
        label="Revenue"
        value={formatMoney(revenue?.net ?? 0, currency)}
        hint={otherCurrencies(revenueAmounts, currency) ?? 'payments in, less refunds'}
      />
      <Kpi
        label="Open pipeline"
        value={formatMoney(pipeline?.value ?? 0, currency)}
        hint={`${pipeline?.count ?? 0} deals · weighted ${formatMoney(pipeline?.weightedValue ?? 0, currency)}`}
      />
      <Kpi
        label="Open issues"
        value={String(summary.issues.open.total)}
        hint={`${summary.issues.open.byPriority.urgent} urgent`}
      />
    </SimpleGrid>
  );
}

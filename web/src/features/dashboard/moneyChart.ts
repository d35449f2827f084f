import { formatMoneyShort, toMinor } from '../../lib/money.ts';

export const CHART_HEIGHT = 260;

/** What the dashboard's money charts share: their height, a legend, and amounts in short money. */
export function moneyChart(currency: string) {
  return {
    h: CHART_HEIGHT,
    withLegend: true,
    valueFormatter: (value: number) => formatMoneyShort(toMinor(value, currency), currency),
  };
}

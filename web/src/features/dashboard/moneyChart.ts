import { formatMoneyShort, toMinor } from '../../lib/money.ts';

/** What the dashboard's money charts share: their height, a legend, and amounts in short money. */
export function moneyChart(currency: string) {
  return {
    h: 260,
    withLegend: true,
    valueFormatter: (value: number) => formatMoneyShort(toMinor(value, currency), currency),
  };
}

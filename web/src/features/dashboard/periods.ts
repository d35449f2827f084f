import type { PeriodName } from '../../api/types.ts';

export const PERIODS: { value: PeriodName; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: 'this_week', label: 'This week' },
  { value: 'last_week', label: 'Last week' },
  { value: 'this_month', label: 'This month' },
  { value: 'last_month', label: 'Last month' },
  { value: 'this_quarter', label: 'This quarter' },
  { value: 'last_quarter', label: 'Last quarter' },
  { value: 'this_year', label: 'This year' },
  { value: 'last_year', label: 'Last year' },
];

/** Enough points to show a shape, few enough to read: days for weeks and months, weeks for a quarter. */
export function bucketFor(period: PeriodName): 'day' | 'week' | 'month' {
  if (period.endsWith('year')) return 'month';
  if (period.endsWith('quarter')) return 'week';
  return 'day';
}

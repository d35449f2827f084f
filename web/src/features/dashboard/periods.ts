import type { PeriodName } from '../../api/types.ts';
import { t } from '../../lib/i18n.ts';

export const PERIODS: { value: PeriodName; label: string }[] = [
  { value: 'today', label: t('period.today') },
  { value: 'this_week', label: t('period.this_week') },
  { value: 'last_week', label: t('period.last_week') },
  { value: 'this_month', label: t('period.this_month') },
  { value: 'last_month', label: t('period.last_month') },
  { value: 'this_quarter', label: t('period.this_quarter') },
  { value: 'last_quarter', label: t('period.last_quarter') },
  { value: 'this_year', label: t('period.this_year') },
  { value: 'last_year', label: t('period.last_year') },
];

/** Enough points to show a shape, few enough to read: days for weeks and months, weeks for a quarter. */
export function bucketFor(period: PeriodName): 'day' | 'week' | 'month' {
  if (period.endsWith('year')) return 'month';
  if (period.endsWith('quarter')) return 'week';
  return 'day';
}

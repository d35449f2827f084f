import { Badge } from '@mantine/core';
import { humanize } from '../lib/format.ts';

const COLORS: Record<string, string> = {
  active: 'teal',
  open: 'blue',
  new: 'blue',
  contacted: 'cyan',
  qualified: 'teal',
  won: 'teal',
  completed: 'teal',
  delivered: 'teal',
  resolved: 'teal',
  confirmed: 'indigo',
  shipped: 'indigo',
  in_progress: 'yellow',
  pending: 'yellow',
  prospect: 'grape',
  draft: 'gray',
  inactive: 'gray',
  closed: 'gray',
  converted: 'violet',
  lost: 'red',
  churned: 'red',
  unqualified: 'red',
  failed: 'red',
  cancelled: 'red',
  refunded: 'orange',
  urgent: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'gray',
};

export function StatusBadge({ value }: { value: string | null | undefined }) {
  if (!value) return null;
  return (
    <Badge color={COLORS[value] ?? 'gray'} variant="light">
      {humanize(value)}
    </Badge>
  );
}

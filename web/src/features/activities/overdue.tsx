import { Badge, Group, Text } from '@mantine/core';
import type { Activity } from '../../api/types.ts';
import { formatDateTime } from '../../lib/format.ts';

/** A task is overdue once its due time has passed and it is not done. */
export function isOverdue(activity: Pick<Activity, 'dueAt' | 'done'>, now = Date.now()): boolean {
  return !activity.done && activity.dueAt !== null && Date.parse(activity.dueAt) < now;
}

/** The due time, marked in words (not only in red) when it has passed. */
export function DueDate({ activity }: { activity: Pick<Activity, 'dueAt' | 'done'> }) {
  if (!isOverdue(activity)) return <>{formatDateTime(activity.dueAt)}</>;
  return (
    <Group gap={6} wrap="nowrap">
      <Text span size="sm" c="red.8">
        {formatDateTime(activity.dueAt)}
      </Text>
      <Badge color="red" variant="light" size="sm" data-testid="overdue">
        Overdue
      </Badge>
    </Group>
  );
}

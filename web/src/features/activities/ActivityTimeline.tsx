import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Timeline,
} from '@mantine/core';
import { activities } from '../../api/endpoints.ts';
import type { Activity } from '../../api/types.ts';
import { useNotify } from '../../components/Notices.tsx';
import { TextSkeleton } from '../../components/Skeletons.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useCursorList } from '../../components/useCursorList.ts';
import { ACTIVITY_TYPES } from '../../lib/enums.ts';
import { formatDateTime, humanize, options } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';
import { may, mayEdit } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useAction } from '../records/useAction.ts';
import { useRefresh } from '../records/useRecord.ts';
import { isOverdue } from './overdue.tsx';

type Subject = { customerId: number } | { leadId: number } | { dealId: number };

function LogActivityForm({ subject }: { subject: Subject }) {
  const notify = useNotify();
  const refresh = useRefresh();
  const form = useApiForm({ type: 'note' as string | null, subject: '' });

  const submit = form.onSubmit(async (values) => {
    await activities.create({
      ...subject,
      type: values.type,
      subject: values.subject.trim(),
      assignedTo: 'me',
    });
    form.reset({ type: values.type, subject: '' });
    await refresh('activities');
    notify('Activity logged');
  });

  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="xs" wrap="wrap">
        <Select
          aria-label={t('ui.activityType')}
          data={options(ACTIVITY_TYPES)}
          allowDeselect={false}
          w={120}
          {...form.field('type')}
        />
        <TextInput
          aria-label={t('ui.whatHappened2')}
          placeholder={t('ui.calledAboutTheRenewal')}
          style={{ flex: '1 1 200px' }}
          {...form.text('subject')}
        />
        <Button type="submit" loading={form.submitting} variant="light">
          Log
        </Button>
      </Group>
      {form.formError && !form.errors.subject ? (
        <Alert color="red" mt="xs" role="alert">
          {form.formError}
        </Alert>
      ) : null}
    </form>
  );
}

function TimelineEntry({ activity }: { activity: Activity }) {
  const { role, userId } = useSession();
  const { run } = useAction('activities');
  const editable = mayEdit(role, 'activities', activity, userId);
  const toggleDone = (done: boolean) => run(() => activities.update(activity.id, { done }));

  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap">
        <Link to={`/activities/${activity.id}`}>
          <Text size="sm" fw={500}>
            {activity.subject}
          </Text>
        </Link>
        {activity.type === 'task' || activity.dueAt ? (
          <Checkbox
            size="xs"
            label={t('ui.done')}
            checked={activity.done}
            disabled={!editable}
            onChange={(e) => void toggleDone(e.currentTarget.checked)}
          />
        ) : null}
        {isOverdue(activity) ? (
          <Badge color="red" variant="light" size="xs">
            Overdue
          </Badge>
        ) : null}
      </Group>
      <Text size="xs" c="dimmed">
        {humanize(activity.type)} · {formatDateTime(activity.createdAt)}
        {activity.dueAt ? ` · due ${formatDateTime(activity.dueAt)}` : ''}
      </Text>
      {activity.body ? <Text size="sm">{activity.body}</Text> : null}
    </Stack>
  );
}

/** Everything that happened around a customer, lead or deal, newest first, with a quick way to add to it. */
export function ActivityTimeline({ subject }: { subject: Subject }) {
  const { role } = useSession();
  const list = useCursorList('activities', activities.list, { ...subject, sort: '-createdAt' });
  return (
    <TitledCard title={t('ui.activity')} testId="activity-timeline">
      {may(role, 'activities', 'create') ? <LogActivityForm subject={subject} /> : null}
      <Timeline mt="md" bulletSize={14} lineWidth={2}>
        {list.items.map((a) => (
          <Timeline.Item key={a.id}>
            <TimelineEntry activity={a} />
          </Timeline.Item>
        ))}
      </Timeline>
      {list.loading && list.items.length === 0 ? <TextSkeleton /> : null}
      {!list.loading && list.items.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing logged yet.
        </Text>
      ) : null}
      {list.hasMore ? (
        <Button variant="subtle" size="xs" mt="xs" onClick={list.loadMore} loading={list.loadingMore}>
          Older activity
        </Button>
      ) : null}
    </TitledCard>
  );
}

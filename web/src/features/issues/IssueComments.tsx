import { Badge, Button, Checkbox, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { issues } from '../../api/endpoints.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormError } from '../../components/FormError.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useRefresh } from '../records/useRecord.ts';

function CommentForm({ issueId }: { issueId: number }) {
  const { role } = useSession();
  const notify = useNotify();
  const refresh = useRefresh();
  const form = useApiForm({ body: '', internal: false });

  const submit = form.onSubmit(async (values) => {
    await issues.comment(issueId, values.body.trim(), values.internal);
    form.reset({ body: '', internal: values.internal });
    await refresh('issues');
    notify('Comment added');
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <FormError message={form.formError} />
        <Textarea
          aria-label={t('ui.comment')}
          placeholder={t('ui.writeAReply')}
          autosize
          minRows={2}
          {...form.text('body')}
        />
        <Group justify="space-between">
          {isStaff(role) ? (
            <Checkbox
              label={t('ui.internalNoteTheCustomerDoesNotSeeIt')}
              checked={form.values.internal}
              onChange={(e) => form.set('internal', e.currentTarget.checked)}
            />
          ) : (
            <span />
          )}
          <Button type="submit" loading={form.submitting}>
            Comment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The conversation on an issue; staff may add internal notes. */
export function IssueComments({ issueId }: { issueId: number }) {
  const comments = useQuery({
    queryKey: ['issues', 'comments', issueId],
    queryFn: () => issues.comments(issueId, { limit: 200, sort: 'createdAt' }),
  });
  return (
    <TitledCard title={t('ui.conversation')} testId="issue-comments">
      <ErrorAlert error={comments.error} />
      <Stack gap="sm" mb="md">
        {(comments.data?.items ?? []).map((c) => (
          <Paper key={c.id} p="sm" radius="md" bg={c.internal ? 'yellow.0' : 'gray.0'}>
            <Group gap="xs" mb={4}>
              <Text size="sm" fw={600}>
                {c.authorName}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(c.createdAt)}
              </Text>
              {c.internal ? (
                <Badge size="xs" color="yellow">
                  Internal
                </Badge>
              ) : null}
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {c.body}
            </Text>
          </Paper>
        ))}
        {comments.data?.items.length === 0 ? (
          <Text c="dimmed" size="sm">
            No comments yet.
          </Text>
        ) : null}
      </Stack>
      <CommentForm issueId={issueId} />
    </TitledCard>
  );
}

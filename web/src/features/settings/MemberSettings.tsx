import { Alert, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { invitations, members } from '../../api/endpoints.ts';
import type { Member, Role, SentInvitation } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CopyableCode } from '../../components/CopyableCode.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert, messageOf } from '../../components/ErrorAlert.tsx';
import { InlineForm } from '../../components/InlineForm.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useCursorList } from '../../components/useCursorList.ts';
import { ROLES } from '../../lib/enums.ts';
import { formatDate, options } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useSignInOptions } from '../auth/useSignInOptions.ts';
import { useAction } from '../records/useAction.ts';
import { useRefresh } from '../records/useRecord.ts';

function MemberRow({ member }: { member: Member }) {
  const { userId } = useSession();
  const { run } = useAction('members');
  const self = member.userId === userId;
  const byEmail = useSignInOptions()?.passwordResetByEmail === true;

  return (
    <Table.Tr>
      <Table.Td>{member.name}</Table.Td>
      <Table.Td>{member.email}</Table.Td>
      <Table.Td>
        <Select
          aria-label={t('members.roleOf', { name: member.name })}
          data={options(ROLES)}
          value={member.role}
          allowDeselect={false}
          disabled={self}
          onChange={(role) =>
            role &&
            role !== member.role &&
            void run(
              () => members.changeRole(member.userId, role as Role),
              t('members.roleChanged', { name: member.name, role }),
            )
          }
          w={140}
        />
      </Table.Td>
      <Table.Td>{formatDate(member.joinedAt)}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          {self || !byEmail ? null : (
            <ConfirmButton
              size="xs"
              color="indigo"
              label={t('members.reset')}
              title={t('members.resetTitle', { name: member.name })}
              question={t('members.resetQuestion', { email: member.email })}
              confirmLabel={t('members.resetConfirm')}
              onConfirm={() =>
                run(
                  () => members.sendPasswordReset(member.userId),
                  t('members.resetSent', { email: member.email }),
                )
              }
            />
          )}
          {self ? null : (
            <ConfirmButton
              size="xs"
              label={t('members.remove')}
              title={t('members.removeTitle', { name: member.name })}
              question={t('members.removeQuestion')}
              confirmLabel={t('members.removeConfirm')}
              onConfirm={() =>
                run(() => members.remove(member.userId), t('members.removed', { name: member.name }))
              }
            />
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function InviteForm({ onInvited }: { onInvited(invitation: SentInvitation): void }) {
  const refresh = useRefresh();
  const form = useApiForm({ email: '', role: 'employee' as string | null });
  const submit = form.onSubmit(async (values) => {
    const created = await invitations.create({ email: values.email.trim(), role: values.role as Role });
    form.reset({ email: '', role: values.role });
    await refresh('invitations');
    onInvited(created);
  });
  return (
    <InlineForm onSubmit={submit} error={form.formError} align="flex-start">
      <TextInput label={t('members.email')} type="email" required {...form.text('email')} />
      <Select
        label={t('members.role')}
        data={options(ROLES)}
        allowDeselect={false}
        w={150}
        {...form.field('role')}
      />
      <Button type="submit" mt={25} loading={form.submitting}>
        {t('members.invite')}
      </Button>
    </InlineForm>
  );
}

function InvitationList() {
  const list = useCursorList('invitations', invitations.list, { status: 'pending' });
  const notify = useNotify();
  const refresh = useRefresh();
  if (list.items.length === 0) return null;
  return (
    <DataTable
      minWidth={480}
      headings={[t('members.invited'), t('members.role'), t('members.status'), t('members.expires'), '']}
    >
      {list.items.map((i) => (
        <Table.Tr key={i.id}>
          <Table.Td>{i.email}</Table.Td>
          <Table.Td>{i.role}</Table.Td>
          <Table.Td>
            <StatusBadge value={i.status} />
          </Table.Td>
          <Table.Td>{formatDate(i.expiresAt)}</Table.Td>
          <Table.Td>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={() =>
                void invitations
                  .revoke(i.id)
                  .then(() => refresh('invitations'))
                  .then(() => notify(t('members.revoked')))
                  .catch((e: unknown) => notify(messageOf(e), 'error'))
              }
            >
              {t('members.revoke')}
            </Button>
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

/** Invitations and the organization's members and roles. */
export function MemberSettings() {
  const list = useCursorList('members', members.list, { sort: 'email' });
  const [invited, setInvited] = useState<SentInvitation | null>(null);
  return (
    <Stack>
      <TitledCard title={t('members.inviteTitle')}>
        <InviteForm onInvited={setInvited} />
        {invited?.inviteUrl ? (
          <Alert
            color="teal"
            mt="md"
            title={t('members.invitationFor', { email: invited.email })}
            data-testid="invite-link"
          >
            <Text size="sm" mb="xs">
              {invited.emailed
                ? t('members.inviteEmailed', { date: formatDate(invited.expiresAt) })
                : t('members.inviteLink', { date: formatDate(invited.expiresAt) })}
            </Text>
            <CopyableCode value={invited.inviteUrl} />
          </Alert>
        ) : null}
        <InvitationList />
      </TitledCard>
      <Title order={3} size="h5">
        {t('members.title')}
      </Title>
      <ErrorAlert error={list.error} />
      <DataTable
        minWidth={600}
        data-testid="members-table"
        headings={[t('members.name'), t('members.email'), t('members.role'), t('members.joined'), '']}
      >
        {list.items.map((m) => (
          <MemberRow key={m.userId} member={m} />
        ))}
      </DataTable>
      {list.hasMore ? (
        <Button
          variant="light"
          onClick={list.loadMore}
          loading={list.loadingMore}
          style={{ alignSelf: 'center' }}
        >
          {t('members.loadMore')}
        </Button>
      ) : null}
    </Stack>
  );
}

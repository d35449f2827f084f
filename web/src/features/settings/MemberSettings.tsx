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
          aria-label={`Role of ${member.name}`}
          data={options(ROLES)}
          value={member.role}
          allowDeselect={false}
          disabled={self}
          onChange={(role) =>
            role &&
            role !== member.role &&
            void run(() => members.changeRole(member.userId, role as Role), `${member.name} is now ${role}`)
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
              label="Reset password"
              title={`Email ${member.name} a reset link?`}
              question={`${member.email} gets a link to choose a new password, valid 24 hours. You never see it or the password.`}
              confirmLabel="Send reset link"
              onConfirm={() =>
                run(() => members.sendPasswordReset(member.userId), `Reset link sent to ${member.email}`)
              }
            />
          )}
          {self ? null : (
            <ConfirmButton
              size="xs"
              label="Remove"
              title={`Remove ${member.name}?`}
              question="They lose access to this organization at once. Their records stay."
              confirmLabel="Remove member"
              onConfirm={() => run(() => members.remove(member.userId), `${member.name} removed`)}
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
      <TextInput label="Email" type="email" required {...form.text('email')} />
      <Select label="Role" data={options(ROLES)} allowDeselect={false} w={150} {...form.field('role')} />
      <Button type="submit" mt={25} loading={form.submitting}>
        Invite
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
    <DataTable minWidth={480} headings={['Invited', 'Role', 'Status', 'Expires', '']}>
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
                  .then(() => notify('Invitation revoked'))
                  .catch((e: unknown) => notify(messageOf(e), 'error'))
              }
            >
              Revoke
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
      <TitledCard title="Invite someone">
        <InviteForm onInvited={setInvited} />
        {invited?.inviteUrl ? (
          <Alert color="teal" mt="md" title={`Invitation for ${invited.email}`} data-testid="invite-link">
            <Text size="sm" mb="xs">
              {invited.emailed
                ? `We emailed them a link of their own, the one that creates a new account. This copy works for someone who already has an account; it expires on ${formatDate(invited.expiresAt)}.`
                : `Send them this link; it works once and expires on ${formatDate(invited.expiresAt)}.`}
            </Text>
            <CopyableCode value={invited.inviteUrl} />
          </Alert>
        ) : null}
        <InvitationList />
      </TitledCard>
      <Title order={3} size="h5">
        Members
      </Title>
      <ErrorAlert error={list.error} />
      <DataTable
        minWidth={600}
        data-testid="members-table"
        headings={['Name', 'Email', 'Role', 'Joined', '']}
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
          Load more
        </Button>
      ) : null}
    </Stack>
  );
}

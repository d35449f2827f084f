import {
  Alert,
  Button,
  Code,
  NumberInput,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { tokens } from '../../api/endpoints.ts';
import type { NewApiToken } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CopyableCode } from '../../components/CopyableCode.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { InlineForm } from '../../components/InlineForm.tsx';
import { TitledCard } from '../../components/TitledCard.tsx';
import { compact, useApiForm } from '../../components/useApiForm.ts';
import { useCursorList } from '../../components/useCursorList.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useAction } from '../records/useAction.ts';
import { useRefresh } from '../records/useRecord.ts';

/** The secret is shown once, right after it is made; the server keeps only its hash. */
function NewTokenNotice({ token }: { token: string }) {
  return (
    <Alert color="teal" title="Copy your token now" data-testid="new-token">
      <Text size="sm" mb="xs">
        It will not be shown again. Use it as <Code>Authorization: Bearer …</Code> for the API and for MCP
        clients (<Code>parley mcp --token …</Code> or the <Code>/mcp</Code> endpoint).
      </Text>
      <CopyableCode value={token} />
    </Alert>
  );
}

function CreateTokenForm({ onCreated }: { onCreated(token: NewApiToken): void }) {
  const refresh = useRefresh();
  const empty = { name: '', expiresInDays: '' as number | string, currentPassword: '' };
  const form = useApiForm(empty);
  const submit = form.onSubmit(async (values) => {
    // The password is sent as typed: compact() would trim it.
    const { currentPassword, ...rest } = values;
    const fields = compact(rest) as { name: string; expiresInDays?: number };
    const created = await tokens.create({ ...fields, currentPassword });
    form.reset(empty);
    await refresh('tokens');
    onCreated(created);
  });
  return (
    <InlineForm onSubmit={submit} error={form.formError}>
      <TextInput label="Token name" placeholder="Claude Desktop" required {...form.text('name')} />
      <NumberInput
        label="Expires in days"
        placeholder="Never"
        min={1}
        allowDecimal={false}
        w={150}
        {...form.field('expiresInDays')}
      />
      <PasswordInput
        label="Your password"
        description="A token can outlive this session"
        autoComplete="current-password"
        required
        {...form.text('currentPassword')}
      />
      <Button type="submit" loading={form.submitting}>
        Create token
      </Button>
    </InlineForm>
  );
}

/** Personal API tokens for scripts and MCP clients. */
export function TokenSettings() {
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const list = useCursorList('tokens', tokens.list, {});
  const { run } = useAction('tokens');
  const revoke = (id: number) => run(() => tokens.revoke(id), 'Token revoked');

  return (
    <Stack>
      <TitledCard title="Personal API tokens" gap="xs">
        <Text size="sm" c="dimmed" mb="md">
          For scripts and AI clients over MCP. A token acts as you, in this organization, with your
          permissions.
        </Text>
        <CreateTokenForm onCreated={setCreated} />
      </TitledCard>
      {created?.token ? <NewTokenNotice token={created.token} /> : null}
      <ErrorAlert error={list.error} />
      <DataTable minWidth={520} headings={['Name', 'Starts with', 'Created', 'Last used', 'Expires', '']}>
        {list.items.map((t) => (
          <Table.Tr key={t.id}>
            <Table.Td>{t.name}</Table.Td>
            <Table.Td>
              <Code>{t.prefix}…</Code>
            </Table.Td>
            <Table.Td>{formatDate(t.createdAt)}</Table.Td>
            <Table.Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</Table.Td>
            <Table.Td>{t.revokedAt ? 'Revoked' : t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</Table.Td>
            <Table.Td>
              {t.revokedAt ? null : (
                <ConfirmButton
                  size="xs"
                  label="Revoke"
                  title="Revoke this token?"
                  question={`Anything using "${t.name}" stops working at once.`}
                  confirmLabel="Revoke token"
                  onConfirm={() => revoke(t.id)}
                />
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {!list.loading && list.items.length === 0 ? <Text c="dimmed">No tokens yet.</Text> : null}
    </Stack>
  );
}

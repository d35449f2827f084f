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
import { t } from '../../lib/i18n.ts';
import { useAction } from '../records/useAction.ts';
import { useRefresh } from '../records/useRecord.ts';

/** The secret is shown once, right after it is made; the server keeps only its hash. */
function NewTokenNotice({ token }: { token: string }) {
  return (
    <Alert color="teal" title={t('tokens.copyNow')} data-testid="new-token">
      <Text size="sm" mb="xs">
        {t('tokens.shownOnce')} <Code>Authorization: Bearer …</Code> {t('tokens.forApi')}
        <Code>parley mcp --token …</Code> {t('tokens.or')} <Code>/mcp</Code> {t('tokens.endpoint')}
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
      <TextInput
        label={t('tokens.name')}
        placeholder={t('tokens.namePlaceholder')}
        required
        {...form.text('name')}
      />
      <NumberInput
        label={t('tokens.expiresInDays')}
        placeholder={t('tokens.never')}
        min={1}
        allowDecimal={false}
        w={150}
        {...form.field('expiresInDays')}
      />
      <PasswordInput
        label={t('tokens.password')}
        description={t('tokens.passwordHint')}
        autoComplete="current-password"
        required
        {...form.text('currentPassword')}
      />
      <Button type="submit" loading={form.submitting}>
        {t('tokens.create')}
      </Button>
    </InlineForm>
  );
}

/** Personal API tokens for scripts and MCP clients. */
export function TokenSettings() {
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const list = useCursorList('tokens', tokens.list, {});
  const { run } = useAction('tokens');
  const revoke = (id: number) => run(() => tokens.revoke(id), t('tokens.revokedNotice'));

  return (
    <Stack>
      <TitledCard title={t('tokens.title')} gap="xs">
        <Text size="sm" c="dimmed" mb="md">
          {t('tokens.intro')}
        </Text>
        <CreateTokenForm onCreated={setCreated} />
      </TitledCard>
      {created?.token ? <NewTokenNotice token={created.token} /> : null}
      <ErrorAlert error={list.error} />
      <DataTable
        minWidth={520}
        headings={[
          t('tokens.col.name'),
          t('tokens.col.prefix'),
          t('tokens.col.created'),
          t('tokens.col.lastUsed'),
          t('tokens.col.expires'),
          '',
        ]}
      >
        {list.items.map((token) => (
          <Table.Tr key={token.id}>
            <Table.Td>{token.name}</Table.Td>
            <Table.Td>
              <Code>{token.prefix}…</Code>
            </Table.Td>
            <Table.Td>{formatDate(token.createdAt)}</Table.Td>
            <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('tokens.never')}</Table.Td>
            <Table.Td>
              {token.revokedAt
                ? t('tokens.revoked')
                : token.expiresAt
                  ? formatDate(token.expiresAt)
                  : t('tokens.never')}
            </Table.Td>
            <Table.Td>
              {token.revokedAt ? null : (
                <ConfirmButton
                  size="xs"
                  label={t('tokens.revoke')}
                  title={t('tokens.revokeTitle')}
                  question={t('tokens.revokeQuestion', { name: token.name })}
                  confirmLabel={t('tokens.revokeConfirm')}
                  onConfirm={() => revoke(token.id)}
                />
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {!list.loading && list.items.length === 0 ? <Text c="dimmed">{t('tokens.none')}</Text> : null}
    </Stack>
  );
}

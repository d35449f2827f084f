import { Badge, Button, Center, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { audit } from '../../api/endpoints.ts';
import type { AuditEntry } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useCursorList } from '../../components/useCursorList.ts';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { useMembers } from '../../session/useMembers.ts';
import { changesOf } from './auditChanges.ts';

const ENTITIES = [
  'customer',
  'lead',
  'deal',
  'issue',
  'order',
  'payment',
  'activity',
  'pipeline',
  'member',
  'organization',
];
const CHANNELS = ['web', 'api', 'telegram', 'mcp', 'assistant', 'cli', 'system'];

function AuditRow({ entry }: { entry: AuditEntry }) {
  const people = useMembers();
  const [open, setOpen] = useState(false);
  const fields = changesOf(entry, people.nameOf);
  return (
    <Paper withBorder p="sm" radius="md">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Badge variant="light">{entry.action}</Badge>
          <Text size="sm" fw={500}>
            {humanize(entry.entity)} #{entry.entityId}
          </Text>
          <Text size="sm" c="dimmed">
            by {people.nameOf(entry.actorUserId)} via {entry.via}
            {entry.model ? ` (${entry.model})` : ''}
          </Text>
        </Group>
        <Group gap="xs">
          <Text size="xs" c="dimmed">
            {formatDateTime(entry.createdAt)}
          </Text>
          {fields.length ? (
            <Button size="compact-xs" variant="subtle" onClick={() => setOpen(!open)} aria-expanded={open}>
              {open ? 'Hide' : `${fields.length} change${fields.length === 1 ? '' : 's'}`}
            </Button>
          ) : null}
        </Group>
      </Group>
      {open ? (
        <Table mt="xs" withTableBorder fz="xs" data-testid="audit-changes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((f) => (
              <Table.Tr key={f.field}>
                <Table.Td fw={500}>{f.label}</Table.Td>
                <Table.Td>{f.before}</Table.Td>
                <Table.Td>{f.after}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Paper>
  );
}

export function AuditLog() {
  const [entity, setEntity] = useState<string | null>(null);
  const [via, setVia] = useState<string | null>(null);
  const list = useCursorList('audit', audit.list, { entity, via });
  return (
    <Stack>
      <Group>
        <Select
          aria-label={t('ui.recordType')}
          placeholder={t('ui.anyRecord')}
          data={ENTITIES.map((e) => ({ value: e, label: humanize(e) }))}
          value={entity}
          onChange={setEntity}
          clearable
          w={180}
        />
        <Select
          aria-label={t('ui.channel')}
          placeholder={t('ui.anyChannel')}
          data={CHANNELS}
          value={via}
          onChange={setVia}
          clearable
          w={160}
        />
      </Group>
      <ErrorAlert error={list.error} onRetry={list.retry} />
      {list.items.map((e) => (
        <AuditRow key={e.id} entry={e} />
      ))}
      {!list.loading && !list.error && list.items.length === 0 ? <Text c="dimmed">No entries.</Text> : null}
      {list.hasMore ? (
        <Center>
          <Button variant="light" onClick={list.loadMore} loading={list.loadingMore}>
            Load more
          </Button>
        </Center>
      ) : null}
    </Stack>
  );
}

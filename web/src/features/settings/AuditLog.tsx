import { Badge, Button, Center, Code, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { audit } from '../../api/endpoints.ts';
import type { AuditEntry } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useCursorList } from '../../components/useCursorList.ts';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { useMembers } from '../../session/useMembers.ts';

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

/** Only the fields that changed, as "field: before → after". */
function changedFields(entry: AuditEntry): { field: string; before: unknown; after: unknown }[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields]
    .filter((f) => f !== 'updatedAt' && JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '∅';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const people = useMembers();
  const [open, setOpen] = useState(false);
  const fields = changedFields(entry);
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
        <Stack gap={2} mt="xs">
          {fields.map((f) => (
            <Text key={f.field} size="xs">
              <Code>{f.field}</Code> {show(f.before)} → {show(f.after)}
            </Text>
          ))}
        </Stack>
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
          aria-label="Record type"
          placeholder="Any record"
          data={ENTITIES.map((e) => ({ value: e, label: humanize(e) }))}
          value={entity}
          onChange={setEntity}
          clearable
          w={180}
        />
        <Select
          aria-label="Channel"
          placeholder="Any channel"
          data={CHANNELS}
          value={via}
          onChange={setVia}
          clearable
          w={160}
        />
      </Group>
      <ErrorAlert error={list.error} />
      {list.items.map((e) => (
        <AuditRow key={e.id} entry={e} />
      ))}
      {!list.loading && list.items.length === 0 ? <Text c="dimmed">No entries.</Text> : null}
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

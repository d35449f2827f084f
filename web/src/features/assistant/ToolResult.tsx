import { Anchor, Badge, Group, Paper, Table, Text } from '@mantine/core';
import type { AssistantAction } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { humanize } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { type Row, recordLabel, shownResult } from './records.ts';

const MAX_COLUMNS = 4;
// Ids are the link; owner ids mean nothing to a reader.
const HIDDEN_COLUMNS = new Set(['id', 'assignedTo']);

function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return '…';
  return String(value);
}

function ResultTable({ area, rows, more }: { area: string | undefined; rows: Row[]; more: boolean }) {
  const columns = Object.keys(rows[0] ?? {})
    .filter((c) => !HIDDEN_COLUMNS.has(c))
    .slice(0, MAX_COLUMNS);
  if (rows.length === 0) return null;
  return (
    <DataTable
      minWidth={300}
      headings={columns.map(humanize)}
      fz="xs"
      striped
      withTableBorder
      data-testid="assistant-table"
      footer={
        more ? (
          <Text size="xs" c="dimmed" mt={4}>
            More match; ask for a narrower list or open the full list page.
          </Text>
        ) : null
      }
    >
      {rows.map((row, index) => (
        <Table.Tr key={String(row.id ?? index)}>
          {columns.map((c, column) => (
            <Table.Td key={c}>
              {column === 0 && area && typeof row.id === 'number' ? (
                <Anchor component={Link} to={`/${area}/${row.id}`} size="xs">
                  {cellText(row[c])}
                </Anchor>
              ) : (
                cellText(row[c])
              )}
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function RecordCard({ area, record }: { area: string; record: Row }) {
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="assistant-card">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Anchor component={Link} to={`/${area}/${String(record.id)}`} size="sm" fw={600} truncate>
          {recordLabel(record)}
        </Anchor>
        {typeof record.status === 'string' ? <StatusBadge value={record.status} /> : null}
      </Group>
    </Paper>
  );
}

/** One tool call under an answer: a table for lists, a card for a record, the reason when it did not run. */
export function ToolResult({ action }: { action: AssistantAction }) {
  if (action.status === 'failed' || action.status === 'denied') {
    return (
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Badge color="red" variant="light" size="sm">
          {action.status === 'denied' ? 'Not allowed' : 'Failed'}
        </Badge>
        {action.error ? <Text size="xs">{action.error}</Text> : null}
      </Group>
    );
  }
  if (action.status !== 'done') return null;
  const shown = shownResult(action.tool, action.result);
  if (shown.kind === 'table') return <ResultTable area={shown.area} rows={shown.rows} more={shown.more} />;
  if (shown.kind === 'record') return <RecordCard area={shown.area} record={shown.record} />;
  return null;
}

import { Anchor, Group, Paper, Table, Text } from '@mantine/core';
import type { AssistantAction } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Link } from '../../lib/router.tsx';
import { useOrganization } from '../../session/useOrganization.ts';
import { cellText, columnLabel, columnsOf, type Row, recordLabel, shownResult } from './records.ts';

const MAX_COLUMNS = 4;

function ResultTable({ area, rows, more }: { area: string | undefined; rows: Row[]; more: boolean }) {
  const timeZone = useOrganization().organization?.settings.timezone;
  const columns = columnsOf(rows, MAX_COLUMNS);
  if (rows.length === 0) return null;
  return (
    <DataTable
      minWidth={300}
      headings={columns.map(columnLabel)}
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
                  {cellText(c, row[c], timeZone)}
                </Anchor>
              ) : (
                cellText(c, row[c], timeZone)
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

/** One tool call under an answer: a table for lists, a card for a record. */
export function ToolResult({ action }: { action: AssistantAction }) {
  // A refusal or failure is said once, in the reply's words.
  if (action.status !== 'done') return null;
  const shown = shownResult(action.tool, action.result);
  if (shown.kind === 'table') return <ResultTable area={shown.area} rows={shown.rows} more={shown.more} />;
  if (shown.kind === 'record') return <RecordCard area={shown.area} record={shown.record} />;
  return null;
}

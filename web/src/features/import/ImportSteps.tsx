import { Alert, Button, FileInput, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { parseCsv } from '../../../../src/domain/csv.ts';
import type { ImportField, Mapping } from '../../../../src/domain/import-fields.ts';
import type { Input } from '../../api/endpoints.ts';
import { download, toCsv } from '../../components/csv.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { t } from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/money.ts';
import { fieldLabel } from './fieldLabels.ts';
import type { ImportOutcome, RowProblem } from './importRows.ts';

/** The import wizard's steps up to the run: reading the file, matching its columns, previewing, reporting. */

const MAX_ROWS = 5000;
export const PREVIEW_ROWS = 5;

export interface CsvFile {
  name: string;
  headers: string[];
  rows: string[][];
  /** The line each row starts on, counting quoted line breaks. */
  lines: number[];
}

async function readCsv(file: File): Promise<CsvFile> {
  const {
    rows: [headers, ...rows],
    lines,
  } = parseCsv(await file.text());
  if (!headers || rows.length === 0) throw new Error('The file has no rows under its header line.');
  if (rows.length > MAX_ROWS) {
    throw new Error(`The file has ${rows.length} rows; import at most ${MAX_ROWS} at a time.`);
  }
  return { name: file.name, headers, rows, lines: lines.slice(1) };
}

export function ChooseFile({ onRead }: { onRead(csv: CsvFile): void }) {
  const [error, setError] = useState<string | null>(null);
  async function choose(file: File | null) {
    setError(null);
    if (!file) return;
    try {
      onRead(await readCsv(file));
    } catch (problem) {
      setError(messageOf(problem));
    }
  }
  return (
    <Stack>
      <Text size="sm">
        A CSV file with a header line, its cells separated by commas, semicolons or tabs (one kind per file).
        You match the columns to fields next.
      </Text>
      <FileInput
        label={t('ui.csvFile')}
        placeholder={t('ui.chooseAFile')}
        accept=".csv,text/csv"
        onChange={choose}
      />
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}

export function MapColumns({
  csv,
  fields,
  mapping,
  onChange,
}: {
  csv: CsvFile;
  fields: ImportField[];
  mapping: Mapping;
  onChange(mapping: Mapping): void;
}) {
  const columns = csv.headers.map((h, i) => ({ value: String(i), label: h || `Column ${i + 1}` }));
  return (
    <DataTable
      minWidth={360}
      headings={['Field', `Column in ${csv.name}`]}
      verticalSpacing={4}
      data-testid="import-mapping"
    >
      {fields.map((f) => (
        <Table.Tr key={f.name}>
          <Table.Td>
            {fieldLabel(f)}
            {f.required ? ' *' : ''}
          </Table.Td>
          <Table.Td>
            <Select
              aria-label={`Column for ${fieldLabel(f)}`}
              placeholder={t('ui.leaveEmpty')}
              data={columns}
              value={mapping[f.name] === null ? null : String(mapping[f.name])}
              onChange={(v) => onChange({ ...mapping, [f.name]: v === null ? null : Number(v) })}
              clearable
              size="xs"
            />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

/** A value as the person will see it on the record: money in major units with its currency. */
function shown(field: ImportField, input: Input, currency: string): string {
  const value = input[field.name];
  if (field.kind === 'money' && typeof value === 'number')
    return formatMoney(value, typeof input.currency === 'string' ? input.currency : currency);
  return Array.isArray(value) ? value.join(', ') : String(value ?? '');
}

export function Preview({
  inputs,
  fields,
  currency,
}: {
  inputs: Input[];
  fields: ImportField[];
  currency: string;
}) {
  const columns = fields.filter((f) => inputs.some((input) => input[f.name] !== undefined));
  return (
    <DataTable
      minWidth={360}
      headings={columns.map(fieldLabel)}
      fz="xs"
      striped
      withTableBorder
      data-testid="import-preview"
    >
      {inputs.map((input, row) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: preview rows are a fixed slice of the file
        <Table.Tr key={row}>
          {columns.map((f) => (
            <Table.Td key={f.name}>{shown(f, input, currency)}</Table.Td>
          ))}
        </Table.Tr>
      ))}
    </DataTable>
  );
}

/** Rows that were or would be refused, by line, with the server's reason. */
export function Problems({ problems }: { problems: RowProblem[] }) {
  return (
    <Table.ScrollContainer minWidth={360} mah={300}>
      <Table fz="xs" striped withTableBorder data-testid="import-problems">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {problems.map((p) => (
            <Table.Tr key={p.line}>
              <Table.Td>{p.line}</Table.Td>
              <Table.Td>{p.problem}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function Report({ outcome, csv }: { outcome: ImportOutcome; csv: CsvFile }) {
  const failed = outcome.failures;
  function downloadFailures() {
    const rows = failed.map((f) => ({
      line: f.line,
      problem: f.problem,
      ...Object.fromEntries(csv.headers.map((h, i) => [h || `Column ${i + 1}`, f.cells[i] ?? ''])),
    }));
    download(`${csv.name.replace(/\.csv$/i, '')}-failed-rows.csv`, toCsv(rows));
  }
  const done = `${outcome.created} created, ${outcome.updated} updated, ${outcome.skipped} skipped as already there`;
  return (
    <Stack data-testid="import-report">
      <Alert
        color={failed.length || outcome.stopped ? 'yellow' : 'teal'}
        title={outcome.stopped ? 'Import stopped' : `Import of ${csv.rows.length} rows finished`}
      >
        {done}.{outcome.stopped ? ` ${outcome.stopped}` : ''}
        {failed.length
          ? ` ${plural(failed.length, 'row was', 'rows were')} not imported; the reasons are below.`
          : ''}
      </Alert>
      {failed.length ? (
        <>
          <Problems problems={failed} />
          <Group>
            <Button variant="default" onClick={downloadFailures}>
              Download the failed rows
            </Button>
          </Group>
        </>
      ) : null}
    </Stack>
  );
}

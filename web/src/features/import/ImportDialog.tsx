import { Alert, Button, FileInput, Group, Modal, Progress, Select, Stack, Table, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { customers, type Input, leads } from '../../api/endpoints.ts';
import { download, parseCsv, toCsv } from '../../components/csv.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { useOrganization } from '../../session/useOrganization.ts';
import { useRefresh } from '../records/useRecord.ts';
import {
  guessMapping,
  IMPORT_FIELDS,
  type ImportArea,
  type ImportField,
  type Mapping,
  toInput,
} from './fields.ts';
import { type ImportOutcome, importRows } from './importRows.ts';

const MAX_ROWS = 5000;
const PREVIEW_ROWS = 5;

const CREATE: Record<ImportArea, (input: Input) => Promise<unknown>> = {
  customers: customers.create,
  leads: leads.create,
};

interface CsvFile {
  name: string;
  headers: string[];
  rows: string[][];
}

async function readCsv(file: File): Promise<CsvFile> {
  const [headers, ...rows] = parseCsv(await file.text());
  if (!headers || rows.length === 0) throw new Error('The file has no rows under its header line.');
  if (rows.length > MAX_ROWS) {
    throw new Error(`The file has ${rows.length} rows; import at most ${MAX_ROWS} at a time.`);
  }
  return { name: file.name, headers, rows };
}

function ChooseFile({ onRead }: { onRead(csv: CsvFile): void }) {
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
        A CSV file with a header line. Commas, semicolons or tabs between cells all work; you match the
        columns to fields next.
      </Text>
      <FileInput label="CSV file" placeholder="Choose a file" accept=".csv,text/csv" onChange={choose} />
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}

function MapColumns({
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
            {f.label}
            {f.required ? ' *' : ''}
          </Table.Td>
          <Table.Td>
            <Select
              aria-label={`Column for ${f.label}`}
              placeholder="Leave empty"
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

function Preview({ inputs, fields }: { inputs: Input[]; fields: ImportField[] }) {
  const shown = fields.filter((f) => inputs.some((input) => input[f.name] !== undefined));
  return (
    <DataTable
      minWidth={360}
      headings={shown.map((f) => f.label)}
      fz="xs"
      striped
      withTableBorder
      data-testid="import-preview"
    >
      {inputs.map((input, row) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: preview rows are a fixed slice of the file
        <Table.Tr key={row}>
          {shown.map((f) => (
            <Table.Td key={f.name}>{String(input[f.name] ?? '')}</Table.Td>
          ))}
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function Report({ outcome, csv, total }: { outcome: ImportOutcome; csv: CsvFile; total: number }) {
  const failed = outcome.failures;
  function downloadFailures() {
    const rows = failed.map((f) => ({
      line: f.line,
      problem: f.problem,
      ...Object.fromEntries(csv.headers.map((h, i) => [h || `Column ${i + 1}`, f.cells[i] ?? ''])),
    }));
    download(`${csv.name.replace(/\.csv$/i, '')}-failed-rows.csv`, toCsv(rows));
  }
  return (
    <Stack data-testid="import-report">
      <Alert color={failed.length ? 'yellow' : 'teal'} title={`Imported ${outcome.created} of ${total} rows`}>
        {outcome.stopped ? 'Stopped before the end. ' : ''}
        {failed.length === 0 ? 'Every row went in.' : null}
        {failed.length === 1 ? 'One row was not imported; the reason is below.' : null}
        {failed.length > 1 ? `${failed.length} rows were not imported; the reasons are below.` : null}
      </Alert>
      {failed.length ? (
        <>
          <Table.ScrollContainer minWidth={360} mah={300}>
            <Table fz="xs" striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Line</Table.Th>
                  <Table.Th>Problem</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {failed.map((f) => (
                  <Table.Tr key={f.line}>
                    <Table.Td>{f.line}</Table.Td>
                    <Table.Td>{f.problem}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
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

/** Creates the rows one by one; closing the dialog stops an import under way after the row in flight. */
function useImportRun(area: ImportArea) {
  const refresh = useRefresh();
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const stopped = useRef(false);
  useEffect(
    () => () => {
      stopped.current = true;
    },
    [],
  );

  async function start(rows: string[][], toInput: (row: string[]) => Input) {
    stopped.current = false;
    setProgress(0);
    const result = await importRows({
      rows,
      toInput,
      create: CREATE[area],
      onProgress: setProgress,
      shouldStop: () => stopped.current,
    });
    await refresh(area);
    setProgress(null);
    setOutcome(result);
  }
  const stop = () => {
    stopped.current = true;
  };
  return { progress, outcome, start, stop };
}

function ImportProgress({ done, total, onStop }: { done: number; total: number; onStop(): void }) {
  return (
    <Stack>
      <Text size="sm">
        Importing row {done} of {total}…
      </Text>
      <Progress value={(done / total) * 100} animated aria-label="Import progress" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onStop}>
          Stop
        </Button>
      </Group>
    </Stack>
  );
}

/** Import waits until every required field has a column. */
function StartImport({
  missing,
  rows,
  onAnotherFile,
  onStart,
}: {
  missing: ImportField[];
  rows: number;
  onAnotherFile(): void;
  onStart(): void;
}) {
  return (
    <>
      {missing.length ? (
        <Alert color="yellow">Choose a column for {missing.map((f) => f.label).join(', ')}.</Alert>
      ) : null}
      <Group justify="space-between">
        <Button variant="default" onClick={onAnotherFile}>
          Another file
        </Button>
        <Button onClick={onStart} disabled={missing.length > 0}>
          Import {rows} rows
        </Button>
      </Group>
    </>
  );
}

/** Choose a file, match its columns, check a preview, import, then read which rows failed and why. */
function ImportWizard({ area, onDone }: { area: ImportArea; onDone(): void }) {
  const fields: ImportField[] = IMPORT_FIELDS[area];
  const { currency } = useOrganization();
  const [csv, setCsv] = useState<CsvFile | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const { progress, outcome, start, stop } = useImportRun(area);

  if (!csv) {
    return (
      <ChooseFile
        onRead={(file) => {
          setCsv(file);
          setMapping(guessMapping(fields, file.headers));
        }}
      />
    );
  }
  if (outcome) {
    return (
      <Stack>
        <Report outcome={outcome} csv={csv} total={csv.rows.length} />
        <Group justify="flex-end">
          <Button onClick={onDone}>Close</Button>
        </Group>
      </Stack>
    );
  }

  const rowInput = (row: string[]) => toInput(fields, mapping, row, currency);
  const missing = fields.filter((f) => f.required && mapping[f.name] === null);

  if (progress !== null) {
    return <ImportProgress done={progress} total={csv.rows.length} onStop={stop} />;
  }

  return (
    <Stack>
      <MapColumns csv={csv} fields={fields} mapping={mapping} onChange={setMapping} />
      <Text size="sm" fw={600}>
        Preview of the first rows
      </Text>
      <Preview inputs={csv.rows.slice(0, PREVIEW_ROWS).map(rowInput)} fields={fields} />
      <StartImport
        missing={missing}
        rows={csv.rows.length}
        onAnotherFile={() => setCsv(null)}
        onStart={() => void start(csv.rows, rowInput)}
      />
    </Stack>
  );
}

/** Opens the CSV import for customers or leads. */
export function ImportButton({ area, noun }: { area: ImportArea; noun: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>
        Import CSV
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Import ${noun} from CSV`} size="xl">
        {open ? <ImportWizard area={area} onDone={() => setOpen(false)} /> : null}
      </Modal>
    </>
  );
}

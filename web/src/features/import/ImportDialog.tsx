import {
  Alert,
  Button,
  FileInput,
  Group,
  Modal,
  Progress,
  Radio,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { Input } from '../../api/endpoints.ts';
import { download, parseCsv, toCsv } from '../../components/csv.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { formatMoney } from '../../lib/money.ts';
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
import {
  type CheckOutcome,
  checkRows,
  type ImportOutcome,
  type ImportRows,
  importRows,
  type RowProblem,
} from './importRows.ts';

const MAX_ROWS = 5000;
const PREVIEW_ROWS = 5;

interface CsvFile {
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
        A CSV file with a header line, its cells separated by commas, semicolons or tabs (one kind per file).
        You match the columns to fields next.
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

/** A value as the person will see it on the record: money in major units with its currency. */
function shown(field: ImportField, input: Input, currency: string): string {
  const value = input[field.name];
  if (field.kind === 'money' && typeof value === 'number')
    return formatMoney(value, typeof input.currency === 'string' ? input.currency : currency);
  return Array.isArray(value) ? value.join(', ') : String(value ?? '');
}

function Preview({ inputs, fields, currency }: { inputs: Input[]; fields: ImportField[]; currency: string }) {
  const columns = fields.filter((f) => inputs.some((input) => input[f.name] !== undefined));
  return (
    <DataTable
      minWidth={360}
      headings={columns.map((f) => f.label)}
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
function Problems({ problems }: { problems: RowProblem[] }) {
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

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function Report({ outcome, csv }: { outcome: ImportOutcome; csv: CsvFile }) {
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

type Step =
  | { name: 'map' }
  | { name: 'checking' | 'importing'; done: number }
  | { name: 'checked'; check: CheckOutcome }
  | { name: 'report'; outcome: ImportOutcome };

/** Checks, then imports, a batch at a time; closing the dialog or Stop ends it after the batch in flight. */
function useImportRun(area: ImportArea, rows: ImportRows | null) {
  const refresh = useRefresh();
  const [step, setStep] = useState<Step>({ name: 'map' });
  const [error, setError] = useState<string | null>(null);
  const stopped = useRef(false);
  useEffect(
    () => () => {
      stopped.current = true;
    },
    [],
  );
  const progress = (name: 'checking' | 'importing') => ({
    onProgress: (done: number) => setStep({ name, done }),
    shouldStop: () => stopped.current,
  });

  async function check() {
    if (!rows) return;
    stopped.current = false;
    setError(null);
    setStep({ name: 'checking', done: 0 });
    try {
      setStep({ name: 'checked', check: await checkRows(area, rows, progress('checking')) });
    } catch (problem) {
      setError(messageOf(problem));
      setStep({ name: 'map' });
    }
  }

  async function run(onExisting: 'skip' | 'update') {
    if (!rows) return;
    stopped.current = false;
    setStep({ name: 'importing', done: 0 });
    const outcome = await importRows(area, rows, onExisting, progress('importing'));
    await refresh(area);
    setStep({ name: 'report', outcome });
  }

  return {
    step,
    error,
    check,
    run,
    back: () => setStep({ name: 'map' }),
    stop: () => {
      stopped.current = true;
    },
  };
}

function RunProgress({
  verb,
  done,
  total,
  onStop,
}: {
  verb: string;
  done: number;
  total: number;
  onStop(): void;
}) {
  return (
    <Stack>
      <Text size="sm">
        {verb} row {done} of {total}…
      </Text>
      <Progress value={(done / total) * 100} animated aria-label={`${verb} progress`} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onStop}>
          Stop
        </Button>
      </Group>
    </Stack>
  );
}

/** What the check found, and what to do with rows whose email is already on a record. */
function CheckSummary({
  check,
  total,
  onBack,
  onImport,
}: {
  check: CheckOutcome;
  total: number;
  onBack(): void;
  onImport(onExisting: 'skip' | 'update'): void;
}) {
  const [onExisting, setOnExisting] = useState<'skip' | 'update'>('skip');
  const refused = check.problems.length;
  return (
    <Stack data-testid="import-check">
      <Alert color={refused ? 'yellow' : 'teal'} title={`Checked ${total} rows`}>
        {plural(check.fresh, 'new record', 'new records')},{' '}
        {plural(check.existing, 'row matches', 'rows match')} an existing record by email
        {refused ? `, ${plural(refused, 'row', 'rows')} will be refused (see below)` : ''}.
      </Alert>
      {check.existing ? (
        <Radio.Group
          label="Rows whose email is already on a record"
          value={onExisting}
          onChange={(v) => setOnExisting(v === 'update' ? 'update' : 'skip')}
        >
          <Stack gap={6} mt={6}>
            <Radio value="skip" label="Skip them and leave the records as they are" />
            <Radio value="update" label="Update the records with the file's values" />
          </Stack>
        </Radio.Group>
      ) : null}
      {refused ? <Problems problems={check.problems} /> : null}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Back
        </Button>
        <Button onClick={() => onImport(onExisting)} disabled={refused === total}>
          Import
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
          Check {plural(rows, 'row', 'rows')}
        </Button>
      </Group>
    </>
  );
}

/** Choose a file, match its columns, check a preview and the whole file, import, then read what happened. */
function ImportWizard({ area, onDone }: { area: ImportArea; onDone(): void }) {
  const fields: ImportField[] = IMPORT_FIELDS[area];
  const { currency } = useOrganization();
  const [csv, setCsv] = useState<CsvFile | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const rowInput = (row: string[]) => toInput(fields, mapping, row, currency);
  const rows: ImportRows | null = csv
    ? { inputs: csv.rows.map(rowInput), cells: csv.rows, lines: csv.lines }
    : null;
  const { step, error, check, run, back, stop } = useImportRun(area, rows);

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
  const total = csv.rows.length;
  switch (step.name) {
    case 'report':
      return (
        <Stack>
          <Report outcome={step.outcome} csv={csv} />
          <Group justify="flex-end">
            <Button onClick={onDone}>Close</Button>
          </Group>
        </Stack>
      );
    case 'checking':
      return <RunProgress verb="Checking" done={step.done} total={total} onStop={stop} />;
    case 'importing':
      return <RunProgress verb="Importing" done={step.done} total={total} onStop={stop} />;
    case 'checked':
      return (
        <CheckSummary check={step.check} total={total} onBack={back} onImport={(how) => void run(how)} />
      );
  }

  const missing = fields.filter((f) => f.required && mapping[f.name] === null);
  return (
    <Stack>
      <MapColumns csv={csv} fields={fields} mapping={mapping} onChange={setMapping} />
      <Text size="sm" fw={600}>
        Preview of the first rows
      </Text>
      <Preview inputs={csv.rows.slice(0, PREVIEW_ROWS).map(rowInput)} fields={fields} currency={currency} />
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
      <StartImport
        missing={missing}
        rows={total}
        onAnotherFile={() => setCsv(null)}
        onStart={() => void check()}
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

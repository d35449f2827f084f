import { Alert, Button, Group, Modal, Progress, Radio, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import {
  guessMapping,
  IMPORT_FIELDS,
  type ImportArea,
  type ImportField,
  type Mapping,
  toInput,
} from '../../../../src/domain/import-fields.ts';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { t } from '../../lib/i18n.ts';
import { useOrganization } from '../../session/useOrganization.ts';
import { useRefresh } from '../records/useRecord.ts';
import { fieldLabel } from './fieldLabels.ts';
import {
  ChooseFile,
  type CsvFile,
  MapColumns,
  PREVIEW_ROWS,
  Preview,
  Problems,
  plural,
  Report,
} from './ImportSteps.tsx';
import {
  type CheckOutcome,
  checkRows,
  type ImportOutcome,
  type ImportRows,
  importRows,
} from './importRows.ts';

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
          label={t('ui.rowsWhoseEmailIsAlreadyOnARecord')}
          value={onExisting}
          onChange={(v) => setOnExisting(v === 'update' ? 'update' : 'skip')}
        >
          <Stack gap={6} mt={6}>
            <Radio value="skip" label={t('ui.skipThemAndLeaveTheRecordsAsTheyAre')} />
            <Radio value="update" label={t('ui.updateTheRecordsWithTheFileSValues')} />
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
        <Alert color="yellow">Choose a column for {missing.map(fieldLabel).join(', ')}.</Alert>
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

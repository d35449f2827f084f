import type { ImportArea } from '../../../../src/domain/import-fields.ts';
import { type Input, imports } from '../../api/endpoints.ts';
import { messageOf } from '../../components/ErrorAlert.tsx';

/** Rows a request carries: small enough to answer quickly and show progress, large enough to be few. */
export const BATCH_ROWS = 200;

export interface RowProblem {
  /** Line in the file where the row starts, so people can find it in their spreadsheet. */
  line: number;
  cells: string[];
  problem: string;
}

/** The file as the import sends it: one body per data row, with its cells and the line it starts on. */
export interface ImportRows {
  inputs: Input[];
  cells: string[][];
  lines: number[];
}

export interface CheckOutcome {
  fresh: number;
  existing: number;
  problems: RowProblem[];
}

export interface ImportOutcome {
  created: number;
  updated: number;
  skipped: number;
  failures: RowProblem[];
  /** Why the import ended early: the person stopped it, or a batch could not be sent. */
  stopped: string | null;
}

interface Progress {
  onProgress(done: number): void;
  shouldStop(): boolean;
}

/**
 * Sends the rows a batch at a time, numbering them from 1 across the whole file so the server's answers
 * point back at their lines. Stops between batches when asked, or when a batch fails as a whole.
 */
async function inBatches<R>(
  rows: ImportRows,
  progress: Progress,
  send: (inputs: Input[], firstRow: number) => Promise<R>,
  take: (answer: R) => void,
): Promise<string | null> {
  for (let start = 0; start < rows.inputs.length; start += BATCH_ROWS) {
    if (progress.shouldStop()) return 'Stopped before the end.';
    try {
      take(await send(rows.inputs.slice(start, start + BATCH_ROWS), start + 1));
    } catch (error) {
      return `Stopped at line ${rows.lines[start]}: ${messageOf(error)}`;
    }
    progress.onProgress(Math.min(start + BATCH_ROWS, rows.inputs.length));
  }
  return null;
}

const problemAt = (rows: ImportRows, row: number, problem: string): RowProblem => ({
  line: rows.lines[row - 1] ?? row + 1,
  cells: rows.cells[row - 1] ?? [],
  problem,
});

/** What importing would do: new rows, rows whose email exists, rows the server would refuse and why. */
export async function checkRows(
  area: ImportArea,
  rows: ImportRows,
  progress: Progress,
): Promise<CheckOutcome> {
  const outcome: CheckOutcome = { fresh: 0, existing: 0, problems: [] };
  const stopped = await inBatches(
    rows,
    progress,
    (batch, firstRow) => imports.preview(area, { rows: batch, firstRow }),
    (answer) => {
      outcome.fresh += answer.new;
      outcome.existing += answer.existing;
      for (const r of answer.rows)
        if (r.status === 'invalid') outcome.problems.push(problemAt(rows, r.row, r.message ?? 'Refused'));
    },
  );
  if (stopped) throw new Error(stopped);
  return outcome;
}

/** Imports the rows batch by batch; each batch is saved whole, refused rows come back with their reason. */
export async function importRows(
  area: ImportArea,
  rows: ImportRows,
  onExisting: 'skip' | 'update',
  progress: Progress,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { created: 0, updated: 0, skipped: 0, failures: [], stopped: null };
  outcome.stopped = await inBatches(
    rows,
    progress,
    (batch, firstRow) => imports.commit(area, { rows: batch, firstRow, onExisting }),
    (answer) => {
      outcome.created += answer.created;
      outcome.updated += answer.updated;
      outcome.skipped += answer.skipped;
      for (const r of answer.rows)
        if (r.status === 'failed') outcome.failures.push(problemAt(rows, r.row, r.message ?? 'Refused'));
    },
  );
  return outcome;
}

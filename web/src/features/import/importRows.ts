import { ApiError } from '../../api/client.ts';
import type { Input } from '../../api/endpoints.ts';
import { messageOf } from '../../components/ErrorAlert.tsx';

export interface RowFailure {
  /** Line in the file, counting the header as line 1, so people can find the row in their spreadsheet. */
  line: number;
  cells: string[];
  problem: string;
}

export interface ImportOutcome {
  created: number;
  failures: RowFailure[];
  stopped: boolean;
}

/** The server's own words for why a row was refused, naming the fields when it did. */
function problemOf(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = Object.entries(error.fieldErrors());
    if (fields.length > 0) return fields.map(([field, message]) => `${field}: ${message}`).join('; ');
  }
  return messageOf(error);
}

/**
 * Creates one record per row through the same endpoint the form uses, so every rule and permission applies,
 * one at a time so the report keeps the file's order. A refused row is reported and the rest go on.
 */
export async function importRows(opts: {
  rows: string[][];
  toInput(row: string[]): Input;
  create(input: Input): Promise<unknown>;
  onProgress(done: number): void;
  shouldStop(): boolean;
}): Promise<ImportOutcome> {
  const failures: RowFailure[] = [];
  let created = 0;
  for (const [index, cells] of opts.rows.entries()) {
    if (opts.shouldStop()) return { created, failures, stopped: true };
    try {
      await opts.create(opts.toInput(cells));
      created++;
    } catch (error) {
      failures.push({ line: index + 2, cells, problem: problemOf(error) });
    }
    opts.onProgress(index + 1);
  }
  return { created, failures, stopped: false };
}

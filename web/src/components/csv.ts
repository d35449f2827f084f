import Papa from 'papaparse';
import type { Query } from '../api/client.ts';
import type { Page } from '../api/types.ts';

export const EXPORT_LIMIT = 50_000;

const asText = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : Array.isArray(value)
      ? value.join('; ')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

/**
 * Rows as CSV text, columns in order of first appearance. Cells a spreadsheet would run as a formula get a
 * leading apostrophe (see `parseCsv`, which takes it off again).
 */
export function toCsv(rows: Record<string, unknown>[]): string {
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const data = rows.map((r) => fields.map((f) => asText(r[f])));
  return `${Papa.unparse({ fields, data }, { newline: '\r\n', escapeFormulae: true })}\r\n`;
}

/** Walks the whole filtered list page by page (the same cursor the screen uses) up to a sane cap. */
export async function collectAll<T>(
  fetchPage: (query: Query) => Promise<Page<T>>,
  query: Query,
  onProgress: (count: number) => void,
): Promise<{ rows: T[]; truncated: boolean }> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage({ ...query, limit: 200, cursor });
    rows.push(...page.items);
    onProgress(rows.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < EXPORT_LIMIT);
  return { rows, truncated: Boolean(cursor) };
}

export function download(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}

export interface ParsedCsv {
  rows: string[][];
  /** The line of the file each row starts on (1 for the first), counting line breaks inside quotes. */
  lines: number[];
  /** The one separator the file uses: comma, semicolon or tab, guessed from its first lines. */
  delimiter: string;
}

/** "'=SUM(A1)" as `toCsv` wrote it: the apostrophe only stopped a spreadsheet from running the cell. */
const withoutFormulaGuard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** Reads CSV text with one separator for the whole file; blank lines are left out. */
export function parseCsv(text: string): ParsedCsv {
  const source = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  const lines: number[] = [];
  let delimiter = ',';
  let line = 1;
  let counted = 0;
  Papa.parse<string[]>(source, {
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: 'greedy',
    step(result) {
      delimiter = result.meta.delimiter;
      // A row starts at the first visible character after the previous one (blank lines are skipped);
      // counting the line breaks before that point also counts those inside earlier quoted cells.
      let start = counted;
      while (start < source.length && /\s/.test(source[start]!)) start++;
      for (let i = counted; i < start; i++) if (source[i] === '\n') line++;
      lines.push(line);
      const end = result.meta.cursor;
      for (let i = start; i < end; i++) if (source[i] === '\n') line++;
      counted = end;
      rows.push(result.data.map(withoutFormulaGuard));
    },
  });
  return { rows, lines, delimiter };
}

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
 * leading apostrophe (see `parseCsv` in src/domain/csv.ts, which takes it off again).
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

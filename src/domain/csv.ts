import Papa from 'papaparse';

/** CSV text read into rows of cells: the web's import and the assistant's file reader read files the same way. */

export interface ParsedCsv {
  rows: string[][];
  /** The line of the file each row starts on (1 for the first), counting line breaks inside quotes. */
  lines: number[];
  /** The one separator the file uses: comma, semicolon or tab, guessed from its first lines. */
  delimiter: string;
}

/** "'=SUM(A1)" as an export wrote it: the apostrophe only stopped a spreadsheet from running the cell. */
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

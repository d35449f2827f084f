import type { ImportResult } from '../contracts/imports.ts';
import type { ImportKind } from '../crm/imports.ts';
import { countOf } from '../tools/imports.ts';

/** How many refused rows a reply lists before saying how many more there are. */
export const PROBLEMS_SHOWN = 5;

/** "row 5: Email: Enter a valid email", for the first few problems, then how many more. */
export function problemLines(problems: { row: number; message: string | null }[]): string[] {
  const lines = problems.slice(0, PROBLEMS_SHOWN).map((p) => `– row ${p.row}: ${p.message ?? 'refused'}`);
  const more = problems.length - PROBLEMS_SHOWN;
  if (more > 0) lines.push(`– and ${more} more`);
  return lines;
}

/** What a person reads after an import ran: what went in, what was left alone, and why rows were refused. */
export function importReply(result: ImportResult & { kind: ImportKind }): string {
  const lines = [`Imported ${countOf(result.kind, result.created)}.`];
  if (result.updated > 0) lines.push(`Updated ${result.updated} existing.`);
  if (result.skipped > 0)
    lines.push(
      `${result.skipped} already existed (same email) and ${result.skipped === 1 ? 'was' : 'were'} left alone.`,
    );
  if (result.failed > 0) {
    lines.push(`${result.failed} ${result.failed === 1 ? 'row was' : 'rows were'} not imported:`);
    lines.push(...problemLines(result.rows.filter((r) => r.status === 'failed')));
  }
  return lines.join('\n');
}

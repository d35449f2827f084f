import type { ImportKind } from '../crm/imports.ts';
import { DomainError } from '../domain/errors.ts';
import { IMPORT_FIELDS, toInput } from '../domain/import-fields.ts';
import { can } from '../domain/policy.ts';
import { countOf, MAX_CHAT_IMPORT_ROWS, previewImport } from '../tools/imports.ts';
import type { Brain, BrainInput } from './brain.ts';
import { problemLines } from './import-replies.ts';
import { OFFLINE_MODEL } from './offline-brain.ts';
import { columnsOf, kindOf, readTable, type Table } from './table-reading.ts';

/**
 * A CSV file sent to the assistant: read with the web import's column matching, checked row by row by the
 * import service, and the import proposed through the toolbox so it runs only after the person's yes.
 */

/** The file's first line is its header, so the first record is row 2, as a spreadsheet numbers it. */
const FIRST_ROW = 2;

const UPDATE_WORDS = /\b(update|overwrite|refresh)\b/i;

/** Asked when neither the caption, the file's name nor its columns say what the rows are. */
const WHICH_KIND =
  'Are these customers or leads? Send the file again with a caption saying which, e.g. "import these leads".';

function tooLong(name: string, rows: number): string {
  return `${name} has ${rows.toLocaleString('en-US')} rows; I import at most ${MAX_CHAT_IMPORT_ROWS.toLocaleString('en-US')} from a chat. Split the file, or use Import on the Customers or Leads page, which takes larger files.`;
}

/** The preview in words: what the file holds, what an import would do, and the first few problems. */
function previewWords(
  name: string,
  kind: ImportKind,
  preview: Awaited<ReturnType<typeof previewImport>>,
  update: boolean,
  unused: string[],
): string {
  const total = preview.new + preview.existing + preview.invalid;
  const lines = [`${name}: ${countOf(kind, total)}.`, `• ${preview.new} new`];
  if (preview.existing > 0)
    lines.push(
      `• ${preview.existing} already exist (same email) and will be ${update ? 'updated' : 'skipped'}`,
    );
  if (preview.invalid > 0) {
    lines.push(`• ${preview.invalid} with problems, left out:`);
    lines.push(...problemLines(preview.rows.filter((r) => r.status === 'invalid')).map((l) => `  ${l}`));
  }
  if (unused.length > 0) lines.push(`Columns not imported: ${unused.join(', ')}.`);
  return lines.join('\n');
}

async function answer({ ctx, text, box, attachment }: BrainInput): Promise<string> {
  if (!attachment) return 'Send a CSV file to import it.';
  // Asked before anything about the file: someone who may import nothing has no use for its details.
  if (!can(ctx.actor, 'customers', 'create') && !can(ctx.actor, 'leads', 'create'))
    return 'Your role cannot import customers or leads.';
  const name = attachment.name?.trim() || 'The file';
  const read = readTable(attachment.bytes, name);
  if (!read.ok) return read.reply;
  const { headers, rows }: Table = read.table;
  if (rows.length > MAX_CHAT_IMPORT_ROWS) return tooLong(name, rows.length);
  const kind = kindOf(text, attachment.name ?? '', headers);
  if (kind === null) return WHICH_KIND;
  const { mapping, unused } = columnsOf(kind, headers);
  if (mapping.name === null || mapping.name === undefined)
    return `I could not find a Name column in ${name}; its columns are: ${headers.join(', ')}. Name the column with each ${kind === 'leads' ? 'lead' : 'customer'}'s name "Name" and send it again.`;
  const currency = ctx.actor.settings.currency;
  const fields = IMPORT_FIELDS[kind];
  const input = {
    kind,
    rows: rows.map((row) => toInput(fields, mapping, row, currency)),
    firstRow: FIRST_ROW,
    onExisting: UPDATE_WORDS.test(text) ? ('update' as const) : ('skip' as const),
  };
  let preview: Awaited<ReturnType<typeof previewImport>>;
  try {
    preview = await previewImport(ctx, input);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'forbidden') return `Your role cannot import ${kind}.`;
    return `I could not check ${name}: ${error.message}`;
  }
  const update = input.onExisting === 'update';
  const words = previewWords(name, kind, preview, update, unused);
  if (preview.new === 0 && (!update || preview.existing === 0))
    return `${words}\nThere is nothing new to import.`;
  const proposed = await box.call('import_records', input);
  return proposed.ok ? words : `${words}\n${proposed.error}`;
}

/** A CSV file sent to the assistant: an import preview, with the import itself proposed. */
export const tableBrain: Brain = { model: OFFLINE_MODEL, answer };

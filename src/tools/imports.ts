import { z } from 'zod';
import { IMPORT_KINDS, type ImportKind, MAX_IMPORT_ROWS } from '../crm/imports.ts';
import type { Crm } from '../crm/index.ts';
import { defineTool, type ToolContext } from './tool.ts';

/**
 * Many customers or leads at once: the rows of a file the assistant was sent, or rows an MCP client has.
 * The service takes a batch of at most MAX_IMPORT_ROWS in one transaction, so a longer list goes in
 * batches, each saved whole or not at all.
 */

/** The most rows one import from a conversation takes; a larger file belongs in the web app's import. */
export const MAX_CHAT_IMPORT_ROWS = 5_000;

const NOUN: Record<ImportKind, [string, string]> = {
  customers: ['customer', 'customers'],
  leads: ['lead', 'leads'],
};

/** "1 lead", "12 leads". */
export function countOf(kind: ImportKind, n: number): string {
  return `${n} ${NOUN[kind][n === 1 ? 0 : 1]}`;
}

const importInput = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    rows: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .max(MAX_CHAT_IMPORT_ROWS)
      .describe("Each row is the body the kind's create takes; assignedTo may be a member's name or email"),
    firstRow: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .default(1)
      .describe("The first row's number in the answer"),
    onExisting: z.enum(['skip', 'update']).default('skip').describe('For a row whose email matches a record'),
  })
  .strict();

type ImportInput = z.output<typeof importInput>;
type ImportResult = Awaited<ReturnType<Crm['imports']['commit']>>;

/** Runs `each` over the rows a service batch at a time, numbering rows across the whole list. */
async function inBatches<R>(input: ImportInput, each: (rows: unknown[], firstRow: number) => Promise<R>) {
  const answers: R[] = [];
  for (let start = 0; start < input.rows.length; start += MAX_IMPORT_ROWS) {
    answers.push(await each(input.rows.slice(start, start + MAX_IMPORT_ROWS), input.firstRow + start));
  }
  return answers;
}

type Preview = { new: number; existing: number; invalid: number; rows: ImportResultRows };
type ImportResultRows = Awaited<ReturnType<Crm['imports']['preview']>>['rows'];

/**
 * The last preview made with a tool context: the assistant's file reader previews the rows to show their
 * problems, then proposes the import, whose summary needs the same preview; a context lives for one turn.
 */
const lastPreview = new WeakMap<ToolContext, { key: string; preview: Promise<Preview> }>();

/** What the import would do, counted across every batch, without writing anything. */
export function previewImport(ctx: ToolContext, input: ImportInput): Promise<Preview> {
  const key = JSON.stringify([input.kind, input.firstRow, input.rows]);
  const known = lastPreview.get(ctx);
  if (known?.key === key) return known.preview;
  const preview = previewAll(ctx, input);
  lastPreview.set(ctx, { key, preview });
  return preview;
}

async function previewAll(ctx: ToolContext, input: ImportInput): Promise<Preview> {
  const answers = await inBatches(input, (rows, firstRow) =>
    ctx.crm.imports.preview(ctx.actor, input.kind, rows, { firstRow }),
  );
  return {
    new: answers.reduce((n, a) => n + a.new, 0),
    existing: answers.reduce((n, a) => n + a.existing, 0),
    invalid: answers.reduce((n, a) => n + a.invalid, 0),
    rows: answers.flatMap((a) => a.rows),
  };
}

/** "Import 12 leads (3 existing skipped, 1 row with problems left out)". */
function sentence(input: ImportInput, preview: Preview): string {
  const aside = [
    preview.existing > 0 &&
      `${preview.existing} existing ${input.onExisting === 'skip' ? 'skipped' : 'updated'}`,
    preview.invalid > 0 &&
      `${preview.invalid} ${preview.invalid === 1 ? 'row' : 'rows'} with problems left out`,
  ].filter(Boolean);
  return `Import ${countOf(input.kind, preview.new)}${aside.length ? ` (${aside.join(', ')})` : ''}`;
}

export const importTools = [
  defineTool({
    name: 'import_records',
    kind: 'write',
    readerOnly: true,
    description:
      'Import many customers or leads at once, each row checked as if added alone; refused rows come back with their reasons.',
    requires: { area: 'leads', action: 'create' },
    input: importInput,
    async describe(ctx, input) {
      return sentence(input, await previewImport(ctx, input));
    },
    async execute(ctx, input): Promise<ImportResult & { kind: ImportKind }> {
      const { kind, onExisting } = input;
      const answers = await inBatches(input, (rows, firstRow) =>
        ctx.crm.imports.commit(ctx.actor, kind, rows, { firstRow, onExisting }),
      );
      const total = (key: 'created' | 'updated' | 'skipped' | 'failed') =>
        answers.reduce((n, a) => n + a[key], 0);
      return {
        kind,
        created: total('created'),
        updated: total('updated'),
        skipped: total('skipped'),
        failed: total('failed'),
        rows: answers.flatMap((a) => a.rows),
      };
    },
  }),
];

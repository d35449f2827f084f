import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { importPreview, importResult } from '../../contracts/imports.ts';
import { IMPORT_KINDS, importCommitBody, importPreviewBody, MAX_IMPORT_ROWS } from '../../crm/imports.ts';
import { actorOf } from '../context.ts';
import { operation } from './operation.ts';

const NOUNS = { customers: 'Customers', leads: 'Leads' } as const;

/** `POST /<records>/import` and its dry run, for each kind the import takes. */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const { imports } = app.deps.crm;
  for (const kind of IMPORT_KINDS) {
    const tags = [kind];
    app.post(
      `/${kind}/import/preview`,
      operation({
        id: `preview${NOUNS[kind]}Import`,
        summary: `Check ${kind} before importing them`,
        description: `Says of each row whether it would be created, matches an existing record by email, or would be refused and why. Writes nothing. At most ${MAX_IMPORT_ROWS} rows a request.`,
        tags,
        schema: { body: importPreviewBody, response: { 200: importPreview } },
      }),
      (req) => imports.preview(actorOf(req), kind, req.body.rows, { firstRow: req.body.firstRow }),
    );
    app.post(
      `/${kind}/import`,
      operation({
        id: `import${NOUNS[kind]}`,
        summary: `Import ${kind}`,
        description: `Creates a record per row with the rules of creating one, in one transaction per request; a row whose email matches an existing record is skipped or updated (\`onExisting\`). Refused rows are reported with their row number and reason and the rest go in. At most ${MAX_IMPORT_ROWS} rows a request: send a larger file in batches.`,
        tags,
        schema: { body: importCommitBody, response: { 200: importResult } },
      }),
      (req) => {
        const { rows, ...options } = req.body;
        return imports.commit(actorOf(req), kind, rows, options);
      },
    );
  }
};

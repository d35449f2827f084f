import { z } from 'zod';
import { recordId } from './common.ts';

const rowNumber = z.number().int().describe('The row as the request numbered it: `firstRow` for the first');
const problem = z.string().nullable().describe('Why the row was not imported or was left as it is');

export const importPreviewRow = z
  .object({
    row: rowNumber,
    status: z
      .enum(['new', 'existing', 'invalid'])
      .describe('new: would be created; existing: its email matches a record; invalid: would be refused'),
    id: recordId.nullable().describe('The record its email matches, when existing'),
    message: problem,
  })
  .meta({ id: 'ImportPreviewRow' });

export const importPreview = z
  .object({
    new: z.number().int(),
    existing: z.number().int(),
    invalid: z.number().int(),
    rows: z.array(importPreviewRow).describe('One entry per row sent, in order'),
  })
  .meta({ id: 'ImportPreview' });

export const importRowResult = z
  .object({
    row: rowNumber,
    status: z.enum(['created', 'updated', 'skipped', 'failed']),
    id: recordId.nullable().describe('The record created, updated or matched'),
    message: problem,
  })
  .meta({ id: 'ImportRowResult' });

export const importResult = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    rows: z.array(importRowResult).describe('One entry per row sent, in order'),
  })
  .meta({ id: 'ImportResult' });

export type ImportPreview = z.infer<typeof importPreview>;
export type ImportPreviewRow = z.infer<typeof importPreviewRow>;
export type ImportResult = z.infer<typeof importResult>;
export type ImportRowResult = z.infer<typeof importRowResult>;

import type { Input } from '../../api/endpoints.ts';
import { t } from '../../lib/i18n.ts';
import { toMinor } from '../../lib/money.ts';

/** How a CSV cell becomes an API value. The server still validates everything; this only translates. */
type Kind = 'text' | 'choice' | 'number' | 'money' | 'list';

/** The column people are written in: a member's name or email, as the export writes them. */
const ASSIGNEE: ImportField = {
  name: 'assignedTo',
  label: t('ui.assignedTo'),
  kind: 'text',
  aliases: ['assignee', 'owner', 'responsible'],
};

export interface ImportField {
  name: string;
  label: string;
  kind: Kind;
  required?: boolean;
  /** Other header names people use for this column, lower-cased ("e-mail", "organisation"). */
  aliases?: string[];
}

export const IMPORT_FIELDS: Record<'customers' | 'leads', ImportField[]> = {
  customers: [
    { name: 'name', label: t('ui.name'), kind: 'text', required: true, aliases: ['full name', 'customer'] },
    { name: 'kind', label: t('ui.kindIndividualOrBusiness'), kind: 'choice', aliases: ['type'] },
    {
      name: 'companyName',
      label: t('ui.company'),
      kind: 'text',
      aliases: ['company', 'organisation', 'organization'],
    },
    { name: 'email', label: t('ui.email'), kind: 'text', aliases: ['e-mail', 'mail'] },
    { name: 'phone', label: t('ui.phone'), kind: 'text', aliases: ['telephone', 'mobile'] },
    { name: 'addressLine1', label: t('ui.address'), kind: 'text', aliases: ['address', 'street'] },
    { name: 'city', label: t('ui.city'), kind: 'text', aliases: ['town'] },
    { name: 'postalCode', label: t('ui.postalCode'), kind: 'text', aliases: ['zip', 'postcode', 'zip code'] },
    { name: 'country', label: t('ui.country'), kind: 'text' },
    { name: 'status', label: t('ui.status'), kind: 'choice' },
    { name: 'source', label: t('ui.source'), kind: 'text' },
    { name: 'tags', label: t('ui.tagsSeparatedBy'), kind: 'list', aliases: ['labels'] },
    { name: 'notes', label: t('ui.notes'), kind: 'text', aliases: ['note', 'comments'] },
    ASSIGNEE,
  ],
  leads: [
    { name: 'name', label: t('ui.name'), kind: 'text', required: true, aliases: ['full name', 'contact'] },
    { name: 'company', label: t('ui.company'), kind: 'text', aliases: ['organisation', 'organization'] },
    { name: 'email', label: t('ui.email'), kind: 'text', aliases: ['e-mail', 'mail'] },
    { name: 'phone', label: t('ui.phone'), kind: 'text', aliases: ['telephone', 'mobile'] },
    { name: 'source', label: t('ui.source'), kind: 'choice' },
    { name: 'status', label: t('ui.status'), kind: 'choice' },
    { name: 'score', label: t('ui.score0100'), kind: 'number' },
    { name: 'estimatedValue', label: t('ui.estimatedValue'), kind: 'money', aliases: ['value', 'amount'] },
    { name: 'currency', label: t('ui.currency'), kind: 'text' },
    { name: 'notes', label: t('ui.notes'), kind: 'text', aliases: ['note', 'comments'] },
    ASSIGNEE,
  ],
};

export type ImportArea = keyof typeof IMPORT_FIELDS;

/** Column index per field name; a field with no column is left out of every row. */
export type Mapping = Record<string, number | null>;

/** "Estimated value", "estimated_value" and "estimatedValue" all read "estimatedvalue". */
const normalized = (header: string) => header.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Matches headers to fields by name, label or a common alias ("E-mail" -> email). */
export function guessMapping(fields: ImportField[], headers: string[]): Mapping {
  const names = headers.map(normalized);
  const mapping: Mapping = {};
  for (const field of fields) {
    const wanted = [field.name, field.label, ...(field.aliases ?? [])].map(normalized);
    const index = names.findIndex((h) => wanted.includes(h));
    mapping[field.name] = index >= 0 ? index : null;
  }
  return mapping;
}

function convert(kind: Kind, cell: string, currency: string): unknown {
  switch (kind) {
    case 'text':
      return cell;
    // "Bank transfer" and "bank_transfer" both name the same value.
    case 'choice':
      return cell.toLowerCase().replace(/[\s-]+/g, '_');
    case 'number':
      return Number.isFinite(Number(cell)) ? Number(cell) : cell;
    case 'money': {
      const major = Number(cell.replace(/[^\d.-]/g, ''));
      return Number.isFinite(major) ? toMinor(major, currency) : cell;
    }
    case 'list':
      return cell
        .split(';')
        .map((part) => part.trim())
        .filter(Boolean);
  }
}

/**
 * One CSV row as the body of a create request; empty cells are left out so the server's defaults apply.
 * Money is typed in major units of the row's currency, or else the organization's.
 */
export function toInput(fields: ImportField[], mapping: Mapping, row: string[], currency: string): Input {
  const cellOf = (name: string) => {
    const column = mapping[name];
    return column === null || column === undefined ? '' : (row[column] ?? '').trim();
  };
  const rowCurrency = cellOf('currency').toUpperCase() || currency;
  const input: Input = {};
  for (const field of fields) {
    const cell = cellOf(field.name);
    if (cell) input[field.name] = convert(field.kind, cell, rowCurrency);
  }
  return input;
}

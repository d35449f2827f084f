import type { ImportKind } from '../crm/imports.ts';
import { parseCsv } from '../domain/csv.ts';
import { guessMapping, IMPORT_FIELDS, type Mapping } from '../domain/import-fields.ts';

/**
 * A CSV file as the assistant reads it: its text, its header and rows, and whether it holds customers or
 * leads. Every way this can go wrong is a sentence for the person, never an exception.
 */

export interface Table {
  headers: string[];
  rows: string[][];
}

/** A file read, or why it could not be. */
export type Reading = { ok: true; table: Table } | { ok: false; reply: string };

/** The file's text: UTF-8 as spreadsheets export it, else the single-byte encoding older Excel writes. */
function textOf(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export function readTable(bytes: Uint8Array, name: string): Reading {
  const text = textOf(bytes);
  if (text === null)
    return {
      ok: false,
      reply: `${name} does not look like a CSV file. Export the sheet as CSV and send that.`,
    };
  const { rows } = parseCsv(text);
  const [headers, ...data] = rows;
  if (!headers || headers.every((h) => h.trim() === ''))
    return { ok: false, reply: `${name} is empty: there is nothing to import.` };
  if (data.length === 0)
    return {
      ok: false,
      reply: `${name} has a header line but no rows under it, so there is nothing to import.`,
    };
  return { ok: true, table: { headers: headers.map((h) => h.trim()), rows: data } };
}

const SAYS_LEADS = /\b(leads?|prospects?)\b/i;
const SAYS_CUSTOMERS = /\b(customers?|clients?)\b/i;

/** The kind a text names, when it names exactly one. */
function kindNamed(text: string): ImportKind | null {
  const leads = SAYS_LEADS.test(text);
  const customers = SAYS_CUSTOMERS.test(text);
  if (leads === customers) return null;
  return leads ? 'leads' : 'customers';
}

/** Columns only one kind has (a score, a city), counted for each kind. */
function kindByColumns(headers: string[]): ImportKind | null {
  const matched = (kind: ImportKind) =>
    new Set(Object.values(guessMapping(IMPORT_FIELDS[kind], headers)).filter((i) => i !== null));
  const leads = matched('leads');
  const customers = matched('customers');
  const onlyLeads = [...leads].filter((i) => !customers.has(i)).length;
  const onlyCustomers = [...customers].filter((i) => !leads.has(i)).length;
  if (onlyLeads === onlyCustomers) return null;
  return onlyLeads > onlyCustomers ? 'leads' : 'customers';
}

/** Customers or leads: what the caption says, else the file's name, else its columns; null to ask. */
export function kindOf(caption: string, name: string, headers: string[]): ImportKind | null {
  return kindNamed(caption) ?? kindNamed(name.replace(/[_\-.]+/g, ' ')) ?? kindByColumns(headers);
}

/** The columns matched to fields of the kind, and the names of the ones left unused. */
export function columnsOf(kind: ImportKind, headers: string[]): { mapping: Mapping; unused: string[] } {
  const mapping = guessMapping(IMPORT_FIELDS[kind], headers);
  const used = new Set(Object.values(mapping));
  return { mapping, unused: headers.filter((h, i) => h !== '' && !used.has(i)) };
}

import { humanize } from '../lib/format.ts';
import type { MemberDirectory } from '../session/useMembers.ts';
import type { CellEdit } from './InlineEdit.tsx';

/** A field changed by picking one of a closed set of values. */
export function choiceEdit<T>(
  field: string,
  values: readonly string[],
  get: (row: T) => string,
): CellEdit<T> {
  return { field, options: values.map((v) => ({ value: v, label: humanize(v) })), value: get };
}

/** A text field (a name, a title) changed in place. */
export function textEdit<T>(field: string, get: (row: T) => string): CellEdit<T> {
  return { field, value: get };
}

/** Who is responsible: the people the person may assign to, as the record forms offer them. */
export function assigneeEdit<T extends { assignedTo: number | null }>(people: MemberDirectory): CellEdit<T> {
  return {
    field: 'assignedTo',
    options: people.assignable,
    value: (row) => (row.assignedTo === null ? '' : String(row.assignedTo)),
    toInput: Number,
  };
}

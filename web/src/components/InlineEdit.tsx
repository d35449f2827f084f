import {
  ActionIcon,
  Button,
  Group,
  Popover,
  Select,
  Stack,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { t } from '../lib/i18n.ts';
import { messageOf } from './ErrorAlert.tsx';

/** How one column of a list is changed in place: which field, and as a choice or as text. */
export interface CellEdit<T> {
  /** The field the record's PATCH changes. */
  field: string;
  /** Choices for a select (also offered as a bulk action); without them the cell edits as text. */
  options?: { value: string; label: string }[];
  /** The row's current value as the editor shows it. */
  value(row: T): string;
  /** How the chosen text is sent (a number for assignedTo). */
  toInput?(value: string): unknown;
  /** A write other than the PATCH (a deal's stage moves through its own endpoint). */
  save?(id: number, value: unknown): Promise<unknown>;
}

/** The words a person reads for a refused change: the field's own message when the server names it. */
export function problemOf(error: unknown, field: string): string {
  if (error instanceof ApiError) return error.fieldErrors()[field] ?? error.message;
  return messageOf(error);
}

interface EditableCellProps<T> {
  row: T;
  edit: CellEdit<T>;
  /** The column's heading, e.g. "Status". */
  label: string;
  /** The row as a person names it, e.g. "Lead Grace Hall". */
  rowLabel: string;
  save(value: string): Promise<void>;
  /** The value as the cell shows it; without it (a cell holding a link) a small pencil opens the editor. */
  children?: ReactNode;
}

/**
 * A cell that opens a small editor on click. Clicks inside stop here, so the row does not also open the
 * record; a refusal stays in the editor, beside the value, in the server's words.
 */
export function EditableCell<T>({ row, edit, label, rowLabel, save, children }: EditableCellProps<T>) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function start() {
    setValue(edit.value(row));
    setProblem(null);
    setOpen(true);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await save(value);
      setOpen(false);
    } catch (error) {
      setProblem(problemOf(error, edit.field));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Popover opened={open} onChange={setOpen} trapFocus position="bottom-start" withinPortal shadow="md">
      <Popover.Target>
        {children === undefined ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t('inlineEdit.label', { field: label.toLowerCase(), row: rowLabel })}
            onClick={(e) => {
              e.stopPropagation();
              start();
            }}
          >
            <span aria-hidden="true">✎</span>
          </ActionIcon>
        ) : (
          // The name starts with the value shown, as a person reading the screen would say it (WCAG 2.5.3).
          <UnstyledButton
            onClick={(e) => {
              e.stopPropagation();
              start();
            }}
            style={{ borderBottom: '1px dashed var(--mantine-color-gray-5)' }}
          >
            {children}
            <VisuallyHidden>
              {t('inlineEdit.hidden', { field: label.toLowerCase(), row: rowLabel })}
            </VisuallyHidden>
          </UnstyledButton>
        )}
      </Popover.Target>
      <Popover.Dropdown onClick={(e) => e.stopPropagation()}>
        <form onSubmit={submit}>
          <Stack gap="xs" w={240}>
            {edit.options ? (
              <Select
                label={label}
                data={edit.options}
                value={value || null}
                onChange={(v) => setValue(v ?? '')}
                error={problem}
                comboboxProps={{ withinPortal: false }}
                allowDeselect={false}
              />
            ) : (
              <TextInput
                label={label}
                value={value}
                onChange={(e) => setValue(e.currentTarget.value)}
                error={problem}
                data-autofocus
              />
            )}
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setOpen(false)}>
                {t('inlineEdit.cancel')}
              </Button>
              <Button size="xs" type="submit" loading={busy}>
                {t('inlineEdit.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

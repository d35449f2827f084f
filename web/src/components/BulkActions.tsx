import { Alert, Button, Group, List, Menu, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import { t } from '../lib/i18n.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { problemOf } from './InlineEdit.tsx';

/** A change offered for every selected row: one field, one of its choices. */
export interface BulkField {
  field: string;
  label: string;
  options: { value: string; label: string }[];
}

interface Outcome {
  done: number;
  failures: string[];
}

/**
 * Runs `act` on each row in turn (each through its own endpoint, so every rule and permission applies per
 * row) and says which rows were refused and why.
 */
export async function eachRow<T>(
  rows: T[],
  labelOf: (row: T) => string,
  act: (row: T) => Promise<unknown>,
  field = '',
): Promise<Outcome> {
  const failures: string[] = [];
  let done = 0;
  for (const row of rows) {
    try {
      await act(row);
      done++;
    } catch (error) {
      failures.push(`${labelOf(row)}: ${problemOf(error, field)}`);
    }
  }
  return { done, failures };
}

interface BulkBarProps {
  count: number;
  noun: string;
  fields: BulkField[];
  canDelete: boolean;
  change(field: BulkField, value: string): Promise<Outcome>;
  remove(): Promise<Outcome>;
  exportSelected(): void;
  clear(): void;
}

/** What can be done to the selected rows, and how it went. */
export function BulkBar({
  count,
  noun,
  fields,
  canDelete,
  change,
  remove,
  exportSelected,
  clear,
}: BulkBarProps) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<(Outcome & { verb: string }) | null>(null);

  async function run(verb: string, work: () => Promise<Outcome>) {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ ...(await work()), verb });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {count > 0 ? (
        <Paper withBorder p="xs" mb="sm" data-testid="bulk-bar">
          <Group gap="sm" wrap="wrap">
            <Text size="sm" fw={600} aria-live="polite">
              {t('bulk.selected', { count })}
            </Text>
            {fields.map((f) => (
              <Menu key={f.field} withinPortal>
                <Menu.Target>
                  <Button size="xs" variant="light" loading={busy}>
                    {f.label}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {f.options.map((o) => (
                    <Menu.Item key={o.value} onClick={() => run(t('bulk.changed'), () => change(f, o.value))}>
                      {o.label}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            ))}
            <Button size="xs" variant="light" onClick={exportSelected}>
              {t('bulk.export')}
            </Button>
            {canDelete ? (
              <ConfirmButton
                size="xs"
                label={t('bulk.delete')}
                title={t('bulk.deleteTitle', { count, noun })}
                question={t('bulk.deleteQuestion', { count, noun })}
                confirmLabel={t('bulk.deleteConfirm')}
                onConfirm={() => run(t('bulk.deleted'), remove)}
              />
            ) : null}
            <Button size="xs" variant="subtle" onClick={clear}>
              {t('bulk.clear')}
            </Button>
          </Group>
        </Paper>
      ) : null}
      {outcome ? (
        <Alert
          mb="sm"
          color={outcome.failures.length ? 'orange' : 'green'}
          role={outcome.failures.length ? 'alert' : 'status'}
          withCloseButton
          onClose={() => setOutcome(null)}
          title={t('bulk.outcome', {
            done: outcome.done,
            total: outcome.done + outcome.failures.length,
            noun,
            verb: outcome.verb,
          })}
        >
          {outcome.failures.length ? (
            <>
              <Text size="sm">{t('bulk.failed', { verb: outcome.verb })}</Text>
              <List size="sm">
                {outcome.failures.map((f) => (
                  <List.Item key={f}>{f}</List.Item>
                ))}
              </List>
            </>
          ) : null}
        </Alert>
      ) : null}
    </>
  );
}

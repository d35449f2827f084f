import { Button, Group, Paper, SimpleGrid, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ZodType } from 'zod';
import type { Area } from '../../../../src/domain/policy.ts';
import type { Input } from '../../api/endpoints.ts';
import { FormError } from '../../components/FormError.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type ApiForm, changes, compact, useApiForm } from '../../components/useApiForm.ts';
import { t } from '../../lib/i18n.ts';
import { navigate } from '../../lib/router.tsx';
import { useRefresh } from './useRecord.ts';

type Values = Record<string, unknown>;

/** What a record form says about its own area; everything else (saving, notices, navigation) is shared. */
export interface RecordFormSpec<V extends Values, S extends { id: number }> {
  area: Area;
  /** The record being edited; absent when creating one. */
  id?: number | undefined;
  initial: V;
  /** The request body for an edit; only what differs from `initial` is sent. */
  toInput(values: V): Input;
  /** The request body for a create; by default the edit body, blanks left out, assigned to the creator. */
  toCreate?(values: V): Input;
  api: { create(input: Input): Promise<S>; update(id: number, input: Input): Promise<S> };
  /** e.g. "Customer", for "Customer saved". */
  noun: string;
  created(saved: S): string;
  /**
   * The server's own input schemas (src/contracts/record-inputs.ts): checked before sending, so a person sees
   * the same messages without a round trip.
   */
  schema?: { create: ZodType; update: ZodType };
  /** Other areas whose numbers the save changes. */
  alsoRefresh?: string[];
}

/** The form state a record form renders, with its submit handler. */
export interface RecordFormState<V extends Values> extends ApiForm<V> {
  editing: boolean;
  submit: ReturnType<ApiForm<V>['onSubmit']>;
}

/** A new record with nobody chosen goes to its creator; blanks are left out. */
export function forCreate(input: Input): Input {
  return compact({ ...input, assignedTo: input.assignedTo ?? 'me' });
}

/** Selects hold ids as text; the server wants a number or null. */
export function assigneeId(value: string | null): number | null {
  return value ? Number(value) : null;
}

/**
 * Form state for one record: field errors from the server land on the fields they name (through
 * `text` and `field`), anything else above the fields; a save refreshes the area and opens the record.
 */
export function useRecordForm<V extends Values, S extends { id: number }>(
  spec: RecordFormSpec<V, S>,
): RecordFormState<V> {
  const form = useApiForm(spec.initial);
  const notify = useNotify();
  const refresh = useRefresh();
  const editing = spec.id !== undefined;
  const submit = form.onSubmit(async (values) => {
    const input =
      spec.id !== undefined
        ? changes(spec.toInput(values), spec.toInput(spec.initial))
        : (spec.toCreate ?? ((v: V) => forCreate(spec.toInput(v))))(values);
    spec.schema?.[spec.id !== undefined ? 'update' : 'create'].parse(input);
    const saved =
      spec.id !== undefined ? await spec.api.update(spec.id, input) : await spec.api.create(input);
    await refresh(spec.area, ...(spec.alsoRefresh ?? []));
    notify(editing ? `${spec.noun} saved` : spec.created(saved));
    navigate(`/${spec.area}/${saved.id}`);
  });
  return { ...form, editing, submit };
}

interface RecordFormProps<V extends Values> {
  form: RecordFormState<V>;
  title: string;
  /** The submit button's words when creating; an edit says "Save". */
  createLabel: string;
  testId?: string;
  children: ReactNode;
}

/** The page every record form shares: header, the fields on a card, the form's error, Cancel and submit. */
export function RecordForm<V extends Values>({
  form,
  title,
  createLabel,
  testId,
  children,
}: RecordFormProps<V>) {
  return (
    <>
      <PageHeader title={title} />
      <Paper
        withBorder
        p="md"
        radius="md"
        component="form"
        onSubmit={form.submit}
        noValidate
        data-testid={testId}
      >
        <Stack>
          <FormError message={form.formError} />
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => window.history.back()}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {form.editing ? t('form.save') : createLabel}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}

/** Two columns on wider screens, one on a phone. */
export function FieldGrid({ children }: { children: ReactNode }) {
  return <SimpleGrid cols={{ base: 1, sm: 2 }}>{children}</SimpleGrid>;
}

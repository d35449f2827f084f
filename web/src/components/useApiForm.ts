import { type FormEvent, useCallback, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { messageOf } from './ErrorAlert.tsx';

type Values = Record<string, unknown>;

export interface ApiForm<V extends Values> {
  values: V;
  set<K extends keyof V>(name: K, value: V[K]): void;
  /** Props for inputs whose onChange hands over an event (TextInput, Textarea, PasswordInput). */
  text(name: keyof V & string): {
    value: string;
    onChange(event: { currentTarget: { value: string } }): void;
    error: string | undefined;
    name: string;
  };
  /** Props for inputs whose onChange hands over the value (Select, NumberInput, Switch via checked). */
  field<K extends keyof V & string>(
    name: K,
  ): { value: V[K]; onChange(value: V[K]): void; error: string | undefined; name: string };
  errors: Record<string, string>;
  formError: string | null;
  submitting: boolean;
  onSubmit(save: (values: V) => Promise<unknown>): (event?: FormEvent) => Promise<void>;
  reset(values: V): void;
}

/**
 * Form state that shows the server's own validation messages beside the fields they name, and any other
 * refusal (permissions, conflicts) above the buttons. The server is the one place rules live.
 */
export function useApiForm<V extends Values>(initial: V): ApiForm<V> {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  // Stable, so effects may depend on it.
  const set = useCallback(<K extends keyof V>(name: K, value: V[K]) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => {
      if (!(name in current)) return current;
      const { [name as string]: _, ...rest } = current;
      return rest;
    });
  }, []);

  return {
    values,
    set,
    text: (name) => ({
      name,
      value: (values[name] as string | undefined) ?? '',
      onChange: (event) => set(name, event.currentTarget.value as V[typeof name]),
      error: errors[name],
    }),
    field: (name) => ({
      name,
      value: values[name],
      onChange: (value) => set(name, value),
      error: errors[name],
    }),
    errors,
    formError,
    submitting,
    reset(next) {
      setValues(next);
      setErrors({});
      setFormError(null);
    },
    onSubmit: (save) => async (event) => {
      event?.preventDefault();
      setSubmitting(true);
      setErrors({});
      setFormError(null);
      try {
        await save(values);
      } catch (error) {
        const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
        setErrors(fieldErrors);
        setFormError(
          Object.keys(fieldErrors).length > 0 ? 'Please correct the highlighted fields.' : messageOf(error),
        );
      } finally {
        setSubmitting(false);
      }
    },
  };
}

/** Blank inputs are "not given", so optional fields are left out rather than sent as empty text. */
export function compact(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === '' || value === undefined || value === null) continue;
    out[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

/**
 * For edits: only what changed is sent, so a field the person may not touch (or did not) stays out of the
 * request; a cleared value goes as null, which the server reads as "remove".
 */
export function changes(
  next: Record<string, unknown>,
  before: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(next), ...Object.keys(before)])) {
    const after = blankToNull(next[key]);
    if (JSON.stringify(after) !== JSON.stringify(blankToNull(before[key]))) out[key] = after;
  }
  return out;
}

function blankToNull(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  return value;
}

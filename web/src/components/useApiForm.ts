import { type FormEvent, useCallback, useRef, useState } from 'react';
import { ZodError } from 'zod';
import { ApiError, byField } from '../api/client.ts';
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
  /** The message for a field shown by other means; "items" also covers "items.0.quantity". */
  error(name: string): string | undefined;
  formError: string | null;
  submitting: boolean;
  onSubmit(save: (values: V) => Promise<unknown>): (event?: FormEvent) => Promise<void>;
  reset(values: V): void;
}

/** Field messages from a refusal: the server's details, or the issues of the same schema checked here. */
function fieldErrorsOf(error: unknown): Record<string, string> {
  if (error instanceof ApiError) return error.fieldErrors();
  if (error instanceof ZodError) {
    return byField(error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return {};
}

/**
 * Form state that shows validation messages beside the fields they name, and any other refusal (permissions,
 * conflicts) above the buttons. The rules are the server's zod schemas: a save may check them here first
 * (throwing their ZodError), and whatever the server still refuses lands on the fields the same way.
 */
export function useApiForm<V extends Values>(initial: V): ApiForm<V> {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Fields this form shows; a message for any other goes above the form so it is never lost.
  const shown = useRef(new Set<string>());

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
      name: shownAs(shown.current, name),
      value: (values[name] as string | undefined) ?? '',
      onChange: (event) => set(name, event.currentTarget.value as V[typeof name]),
      error: errors[name],
    }),
    field: (name) => ({
      name: shownAs(shown.current, name),
      value: values[name],
      onChange: (value) => set(name, value),
      error: errors[name],
    }),
    errors,
    error: (name) => errors[shownAs(shown.current, name)],
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
        const fieldErrors = fieldErrorsOf(error);
        setErrors(fieldErrors);
        const elsewhere = Object.entries(fieldErrors).filter(([field]) => !isShown(shown.current, field));
        setFormError(
          Object.keys(fieldErrors).length === 0
            ? messageOf(error)
            : elsewhere.length > 0
              ? elsewhere.map(([, message]) => message).join('. ')
              : 'Please correct the highlighted fields.',
        );
      } finally {
        setSubmitting(false);
      }
    },
  };
}

function isShown(shown: Set<string>, field: string): boolean {
  const parts = field.split('.');
  return parts.some((_, i) => shown.has(parts.slice(0, i + 1).join('.')));
}

function shownAs(shown: Set<string>, name: string): string {
  shown.add(name);
  return name;
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

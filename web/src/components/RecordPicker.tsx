import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Query } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { t } from '../lib/i18n.ts';

interface RecordPickerProps<T> {
  label: string;
  area: string;
  value: number | null;
  onChange(value: number | null): void;
  fetchPage(query: Query): Promise<Page<T>>;
  labelOf(row: T): string;
  /** Shown for the current value before any search has loaded it. */
  currentLabel?: string | null;
  error?: string | undefined;
  required?: boolean;
  description?: string;
}

const PICKER_SIZE = 20;

/** Chooses one record by searching the server, so it works the same with ten records or a million. */
export function RecordPicker<T extends { id: number }>(props: RecordPickerProps<T>) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    queryKey: [props.area, 'list', { picker: true, q }],
    queryFn: () => props.fetchPage({ limit: PICKER_SIZE, ...(q ? { q } : {}) }),
  });

  const choices = new Map<string, string>();
  if (props.value !== null && props.currentLabel) choices.set(String(props.value), props.currentLabel);
  for (const row of found.data?.items ?? []) choices.set(String(row.id), props.labelOf(row));
  if (props.value !== null && !choices.has(String(props.value)))
    choices.set(String(props.value), `#${props.value}`);

  return (
    <Select
      label={props.label}
      description={props.description}
      data={[...choices].map(([value, label]) => ({ value, label }))}
      value={props.value === null ? null : String(props.value)}
      onChange={(value) => props.onChange(value ? Number(value) : null)}
      searchable
      clearable={!props.required}
      required={props.required}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={found.isFetching ? t('picker.searching') : t('picker.noMatch')}
      error={props.error}
      placeholder={t('picker.placeholder')}
    />
  );
}

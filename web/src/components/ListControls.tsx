import { Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import type { Query } from '../api/client.ts';
import type { ListTotal } from '../api/types.ts';
import { formatCount } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { navigate, useLocation } from '../lib/router.tsx';

/** A list's search box, its total line, and the filters, search and sort it keeps in the address. */

const SEARCH_DELAY_MS = 300;

/** Filters, search and sort live in the address, so a filtered list can be bookmarked, shared and reloaded. */
export function useListQuery(filterNames: string[]) {
  const { path, search } = useLocation();
  const query: Query = {};
  for (const name of [...filterNames, 'q', 'sort']) {
    const value = search.get(name);
    if (value) query[name] = value;
  }
  function update(name: string, value: string | null) {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    const text = next.toString();
    navigate(text ? `${path}?${text}` : path, { replace: true });
  }
  return { query, update, clear: () => navigate(path, { replace: true }) };
}

export function SearchBox({
  initial,
  onSearch,
  placeholder,
}: {
  initial: string;
  onSearch(q: string): void;
  placeholder: string;
}) {
  const [text, setText] = useState(initial);
  const [debounced] = useDebouncedValue(text, SEARCH_DELAY_MS);
  // What the address last said or was last told: a saved view or a cleared search changes the address, and
  // the box follows it without sending its own stale text back.
  const sent = useRef(initial);
  useEffect(() => {
    if (initial === sent.current) return;
    sent.current = initial;
    setText(initial);
  }, [initial]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled change of the text is a search
  useEffect(() => {
    const q = debounced.trim();
    if (q === sent.current) return;
    sent.current = q;
    onSearch(q);
  }, [debounced]);
  return (
    <TextInput
      aria-label={t('list.search')}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      style={{ flex: '1 1 220px' }}
      type="search"
    />
  );
}

/** "Showing 25 of 1,204", or "of 10,000+" once the server stopped counting. */
export function TotalLine({ shown, total }: { shown: number; total: ListTotal | null }) {
  if (!total || total.count === 0) return null;
  const count = `${formatCount(total.count)}${total.exact ? '' : '+'}`;
  return (
    <Text size="sm" c="dimmed" mb="xs" data-testid="list-total" aria-live="polite">
      {t('list.total', { shown: formatCount(shown), count })}
    </Text>
  );
}

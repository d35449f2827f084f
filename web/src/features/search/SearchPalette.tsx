import '@mantine/spotlight/styles.css';
import { ActionIcon, Kbd, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { search } from '../../api/endpoints.ts';
import type { SearchHit } from '../../api/types.ts';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { t } from '../../lib/i18n.ts';
import { navigate } from '../../lib/router.tsx';
import { useRecentRecords } from './recentRecords.ts';

const SEARCH_DELAY_MS = 200;
const RESULT_LIMIT = 30;

/** Result groups in the order they are shown, each headed by its plural. */
const GROUPS: [SearchHit['type'], string][] = [
  ['customer', 'Customers'],
  ['lead', 'Leads'],
  ['deal', 'Deals'],
  ['issue', 'Issues'],
  ['order', 'Orders'],
  ['payment', 'Payments'],
  ['activity', 'Activities'],
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function MagnifierIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-4-4" />
    </svg>
  );
}

function Hits({ hits, open }: { hits: SearchHit[]; open(hit: SearchHit): void }) {
  return hits.map((hit) => (
    <Spotlight.Action
      key={hit.url}
      label={hit.title}
      description={hit.subtitle ?? undefined}
      onClick={() => open(hit)}
    />
  ));
}

/**
 * The header's search field and the Ctrl/Cmd+K palette it opens: every record type at once, grouped by type,
 * arrows to move and Enter to open; with nothing typed, the records opened from here lately.
 */
export function HeaderSearch() {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), SEARCH_DELAY_MS);
  const { recent, remember } = useRecentRecords();
  const results = useQuery({
    queryKey: ['search', debounced],
    queryFn: () => search.records(debounced, { limit: RESULT_LIMIT }),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  function open(hit: SearchHit) {
    remember(hit);
    navigate(hit.url);
  }

  const typing = query.trim().length > 0;
  const hits = typing ? (results.data?.items ?? []) : [];
  const groups = GROUPS.map(([type, label]) => ({ label, hits: hits.filter((h) => h.type === type) })).filter(
    (g) => g.hits.length > 0,
  );

  let empty: string | null = null;
  if (!typing && recent.length === 0) empty = 'Type a name, email, phone or number to find a record.';
  else if (typing && results.isError) empty = `Search failed: ${messageOf(results.error)}`;
  else if (typing && !results.isFetching && debounced === query.trim() && groups.length === 0)
    empty = `No results for “${query.trim()}”`;

  return (
    <>
      <TextInput
        aria-label={t('ui.searchRecords')}
        placeholder={t('ui.search')}
        value=""
        // Typing here starts the search in the palette, which takes the focus from the first letter.
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          spotlight.open();
        }}
        onClick={spotlight.open}
        rightSection={<Kbd size="xs">{isMac ? '⌘ K' : 'Ctrl K'}</Kbd>}
        rightSectionWidth={64}
        w={{ base: 120, sm: 220 }}
        visibleFrom="xs"
        data-testid="header-search"
      />
      <ActionIcon
        hiddenFrom="xs"
        variant="default"
        size="lg"
        aria-label={t('ui.searchRecords')}
        onClick={spotlight.open}
      >
        <MagnifierIcon />
      </ActionIcon>
      <Spotlight.Root
        query={query}
        onQueryChange={setQuery}
        shortcut={['mod + K']}
        tagsToIgnore={[]}
        scrollable
        maxHeight={480}
      >
        <Spotlight.Search
          placeholder={t('ui.searchCustomersLeadsDealsIssuesOrders')}
          aria-label={t('ui.findARecord')}
        />
        <Spotlight.ActionsList aria-label={t('ui.searchResults')}>
          {typing ? (
            groups.map((g) => (
              // The label is drawn by CSS; role and name let screen readers hear the grouping too.
              <Spotlight.ActionsGroup key={g.label} label={g.label} role="group" aria-label={g.label}>
                <Hits hits={g.hits} open={open} />
              </Spotlight.ActionsGroup>
            ))
          ) : recent.length ? (
            <Spotlight.ActionsGroup label={t('ui.recent')} role="group" aria-label={t('ui.recent')}>
              <Hits hits={recent} open={open} />
            </Spotlight.ActionsGroup>
          ) : null}
          {empty ? (
            <Spotlight.Empty>
              <Text size="sm" c="dimmed">
                {empty}
              </Text>
            </Spotlight.Empty>
          ) : null}
        </Spotlight.ActionsList>
      </Spotlight.Root>
    </>
  );
}

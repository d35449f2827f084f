import { Button, Center, Group, Loader, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useEffect, useState } from 'react';
import type { Query } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { humanize, options } from '../lib/format.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { ExportButton } from './ExportButton.tsx';
import { PageHeader } from './PageHeader.tsx';
import { useCursorList } from './useCursorList.ts';

/** One column of a record list. */
export interface Column<T> {
  key: string;
  label: string;
  render(row: T): ReactNode;
  /** Columns hidden on narrow screens keep the table readable on a phone. */
  wide?: boolean;
  align?: 'left' | 'right';
}

/** A choice above a list that narrows it by one query parameter. */
export interface Filter {
  name: string;
  label: string;
  options: { value: string; label: string }[];
}

/** A filter over one of a fixed list of values, labelled after its parameter ("status" reads "Status"). */
export function choiceFilter(name: string, values: readonly string[]): Filter {
  return { name, label: humanize(name), options: options(values) };
}

/** Staff lists filter by assignee; "Unassigned" where work waits to be picked up. */
export function assigneeFilter(withUnassigned = false): Filter {
  const options = [{ value: 'me', label: 'Assigned to me' }];
  if (withUnassigned) options.push({ value: 'none', label: 'Unassigned' });
  return { name: 'assignedTo', label: 'Assigned', options };
}

/** What a list page says about its own area; searching, paging and export are shared. */
export interface RecordListProps<T extends { id: number }> {
  title: string;
  /** Query cache key and CSV file name. */
  name: string;
  fetchPage(query: Query): Promise<Page<T>>;
  columns: Column<T>[];
  filters?: Filter[];
  /** Sort parameter to its label, in the order offered. */
  sorts?: Record<string, string>;
  /** Where a row leads; by default the record's page, `/<name>/<id>`. */
  hrefOf?(row: T): string;
  /** What the first column links with, for keyboard and screen reader users. */
  labelOf(row: T): string;
  actions?: ReactNode;
  searchPlaceholder?: string;
  emptyText?: string;
  exportable?: boolean;
  /** Filters that arrive by link from a related record (e.g. customerId), shown as removable chips. */
  linkFilters?: string[];
}

const SEARCH_DELAY_MS = 300;

/** Filters, search and sort live in the address, so a filtered list can be bookmarked, shared and reloaded. */
function useListQuery(filterNames: string[]) {
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
  return { query, update };
}

function SearchBox({
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
  useEffect(() => {
    if (debounced.trim() !== initial) onSearch(debounced.trim());
  }, [debounced, initial, onSearch]);
  return (
    <TextInput
      aria-label="Search"
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      style={{ flex: '1 1 220px' }}
      type="search"
    />
  );
}

/** A searchable, filterable, paged list of one area's records. */
export function RecordList<T extends { id: number }>(props: RecordListProps<T>) {
  const filters = props.filters ?? [];
  const linkFilters = props.linkFilters ?? [];
  const { query, update } = useListQuery([...filters.map((f) => f.name), ...linkFilters]);
  const list = useCursorList(props.name, props.fetchPage, query);

  return (
    <>
      <PageHeader
        title={props.title}
        actions={
          <>
            {props.exportable !== false ? (
              <ExportButton name={props.name} fetchPage={props.fetchPage} query={query} />
            ) : null}
            {props.actions}
          </>
        }
      />
      <Group mb="md" gap="sm" wrap="wrap" align="flex-end">
        <SearchBox
          initial={(query.q as string | undefined) ?? ''}
          onSearch={(q) => update('q', q || null)}
          placeholder={props.searchPlaceholder ?? 'Search'}
        />
        {filters.map((f) => (
          <Select
            key={f.name}
            aria-label={f.label}
            placeholder={f.label}
            data={f.options}
            value={(query[f.name] as string | undefined) ?? null}
            onChange={(value) => update(f.name, value)}
            clearable
            w={{ base: 'calc(50% - 6px)', sm: 170 }}
          />
        ))}
        {linkFilters
          .filter((name) => query[name])
          .map((name) => (
            <Button
              key={name}
              variant="light"
              size="xs"
              onClick={() => update(name, null)}
              aria-label={`Remove filter ${name}`}
            >
              {humanize(name.replace(/Id$/, ''))} #{String(query[name])} ×
            </Button>
          ))}
        {props.sorts ? (
          <Select
            aria-label="Sort by"
            placeholder="Newest first"
            data={Object.entries(props.sorts).map(([value, label]) => ({ value, label }))}
            value={(query.sort as string | undefined) ?? null}
            onChange={(value) => update('sort', value)}
            clearable
            w={{ base: 'calc(50% - 6px)', sm: 190 }}
          />
        ) : null}
      </Group>
      <ErrorAlert error={list.error} />
      <RecordTable
        {...props}
        hrefOf={props.hrefOf ?? ((row) => `/${props.name}/${row.id}`)}
        rows={list.items}
        loading={list.loading}
      />
      {list.hasMore ? (
        <Center mt="md">
          <Button variant="light" onClick={list.loadMore} loading={list.loadingMore}>
            Load more
          </Button>
        </Center>
      ) : null}
    </>
  );
}

function RecordTable<T extends { id: number }>({
  rows,
  loading,
  columns,
  hrefOf,
  labelOf,
  emptyText,
}: Pick<RecordListProps<T>, 'columns' | 'labelOf' | 'emptyText'> & {
  hrefOf(row: T): string;
  rows: T[];
  loading: boolean;
}) {
  if (loading) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (rows.length === 0) {
    return (
      <Text c="dimmed" py="xl" ta="center">
        {emptyText ?? 'Nothing here yet.'}
      </Text>
    );
  }
  return (
    // Narrow screens show only the essential columns (see `wide`), which fit a phone without scrolling.
    <Table.ScrollContainer minWidth={340}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="record-table">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} ta={c.align} visibleFrom={c.wide ? 'md' : undefined}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id} onClick={() => navigate(hrefOf(row))} style={{ cursor: 'pointer' }}>
              {columns.map((c, index) => (
                <Table.Td key={c.key} ta={c.align} visibleFrom={c.wide ? 'md' : undefined}>
                  {index === 0 ? (
                    <Link to={hrefOf(row)} aria-label={labelOf(row)}>
                      {c.render(row)}
                    </Link>
                  ) : (
                    c.render(row)
                  )}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

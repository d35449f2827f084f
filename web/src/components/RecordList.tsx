import { Button, Center, Checkbox, Group, Select, Table, Text } from '@mantine/core';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { Area } from '../../../src/domain/policy.ts';
import type { Query } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { useRefresh } from '../features/records/useRecord.ts';
import { humanize, options } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { Link, navigate } from '../lib/router.tsx';
import { isStaff, may, mayEdit } from '../session/permissions.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { BulkBar, type BulkField, eachRow } from './BulkActions.tsx';
import { download, toCsv } from './csv.ts';
import { directionOf, nextSort, SkeletonRows, SortableTh } from './DataTable.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { ExportButton } from './ExportButton.tsx';
import { type CellEdit, EditableCell } from './InlineEdit.tsx';
import { SearchBox, TotalLine, useListQuery } from './ListControls.tsx';
import { PageHeader } from './PageHeader.tsx';
import { SavedViews } from './SavedViews.tsx';
import { useCursorList } from './useCursorList.ts';

/** One column of a record list. */
export interface Column<T> {
  key: string;
  label: string;
  render(row: T): ReactNode;
  /** Columns hidden on narrow screens keep the table readable on a phone. */
  wide?: boolean;
  align?: 'left' | 'right';
  /** The API's sort name for this column; its heading then sorts the list. */
  sort?: string;
  /** How the cell is changed in place (and, with options, in bulk), for rows the person may change. */
  edit?: CellEdit<T>;
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
  const options = [{ value: 'me', label: t('list.assignedToMe') }];
  if (withUnassigned) options.push({ value: 'none', label: t('list.unassigned') });
  return { name: 'assignedTo', label: t('list.assigned'), options };
}

/** The writes a list offers on its rows: selection, bulk changes and editing in place come with them. */
export interface RowWrites {
  update(id: number, input: Record<string, unknown>): Promise<unknown>;
  remove(id: number): Promise<void>;
}

/** What a list page says about its own area; searching, paging and export are shared. */
export interface RecordListProps<T extends { id: number }> {
  title: string;
  /** Query cache key, CSV file name and, unless `area` says otherwise, the permission area. */
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
  writes?: RowWrites;
  area?: Area;
}

/** What the person narrowed the list by, in words: the search text and each chosen filter. */
function narrowedBy(query: Query, filters: Filter[]): string[] {
  const parts = query.q ? [String(query.q)] : [];
  for (const f of filters) {
    const value = query[f.name];
    if (!value) continue;
    parts.push(`${f.label}: ${f.options.find((o) => o.value === value)?.label ?? value}`);
  }
  return parts;
}

/** A searchable, filterable, sortable, paged list of one area's records. */
export function RecordList<T extends { id: number }>(props: RecordListProps<T>) {
  const filters = props.filters ?? [];
  const linkFilters = props.linkFilters ?? [];
  const { role, userId } = useSession();
  const refresh = useRefresh();
  const { query, update, clear } = useListQuery([...filters.map((f) => f.name), ...linkFilters]);
  const list = useCursorList(props.name, props.fetchPage, query, { withTotal: true });
  const area = props.area ?? (props.name as Area);
  // Selection, bulk changes and editing in place are staff work; the portal's lists stay read-only.
  const writes = isStaff(role) ? props.writes : undefined;
  const hrefOf = props.hrefOf ?? ((row: T) => `/${props.name}/${row.id}`);
  const noun = props.title.toLowerCase();

  const [selected, setSelected] = useState<Set<number>>(new Set());
  const queryKey = JSON.stringify(query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search or filter starts a new selection
  useEffect(() => setSelected(new Set()), [queryKey]);
  const selectedRows = list.items.filter((row) => selected.has(row.id));

  const canEdit = (row: T) =>
    'assignedTo' in row
      ? mayEdit(role, area, row as T & { assignedTo: number | null }, userId)
      : may(role, area, 'update');
  const canDelete = Boolean(writes) && may(role, area, 'delete');

  async function write(edit: CellEdit<T>, id: number, text: string) {
    const value = edit.toInput ? edit.toInput(text) : text;
    if (edit.save) await edit.save(id, value);
    else await writes?.update(id, { [edit.field]: value });
  }

  const bulkFields: BulkField[] = props.columns
    .filter((c) => c.edit?.options)
    .map((c) => ({
      field: c.key,
      label: t('list.setField', { field: c.label.toLowerCase() }),
      options: c.edit?.options ?? [],
    }));

  const sortOptions = useMemo(() => {
    const out = { ...props.sorts };
    const current = query.sort as string | undefined;
    if (current && !(current in out)) {
      const column = props.columns.find((c) => c.sort === current.replace(/^-/, ''));
      out[current] = `${column?.label ?? current} ${current.startsWith('-') ? 'descending' : 'ascending'}`;
    }
    return Object.entries(out).map(([value, label]) => ({ value, label }));
  }, [props.sorts, props.columns, query.sort]);

  const narrowed = narrowedBy(query, filters);
  const failedFirstLoad = Boolean(list.error) && list.items.length === 0;

  return (
    <>
      <PageHeader
        title={props.title}
        actions={
          <>
            <SavedViews list={props.name} />
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
          placeholder={props.searchPlaceholder ?? t('list.search')}
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
              aria-label={t('list.removeFilter', { name })}
            >
              {humanize(name.replace(/Id$/, ''))} #{String(query[name])} ×
            </Button>
          ))}
        {props.sorts ? (
          <Select
            aria-label={t('list.sortBy')}
            placeholder={t('list.newestFirst')}
            data={sortOptions}
            value={(query.sort as string | undefined) ?? null}
            onChange={(value) => update('sort', value)}
            clearable
            w={{ base: 'calc(50% - 6px)', sm: 190 }}
          />
        ) : null}
      </Group>
      {writes ? (
        <BulkBar
          count={selectedRows.length}
          noun={noun}
          fields={bulkFields}
          canDelete={canDelete}
          clear={() => setSelected(new Set())}
          exportSelected={() =>
            download(
              `${props.name}-selected-${new Date().toISOString().slice(0, 10)}.csv`,
              toCsv(selectedRows as Record<string, unknown>[]),
            )
          }
          change={async (field, value) => {
            const edit = props.columns.find((c) => c.key === field.field)?.edit;
            const outcome = await eachRow(
              selectedRows,
              props.labelOf,
              (row) => (edit ? write(edit, row.id, value) : Promise.resolve()),
              edit?.field,
            );
            await refresh(props.name);
            return outcome;
          }}
          remove={async () => {
            const outcome = await eachRow(selectedRows, props.labelOf, (row) => writes.remove(row.id));
            setSelected(new Set());
            await refresh(props.name);
            return outcome;
          }}
        />
      ) : null}
      <TotalLine shown={list.items.length} total={list.total} />
      {failedFirstLoad ? (
        <ErrorAlert error={list.error} onRetry={list.retry} />
      ) : !list.loading && list.items.length === 0 ? (
        <Group justify="center" py="xl" gap="sm" data-testid="list-empty">
          <Text c="dimmed" ta="center">
            {narrowed.length
              ? t('list.noResults', { terms: narrowed.join(', ') })
              : (props.emptyText ?? t('list.empty'))}
          </Text>
          {narrowed.length ? (
            <Button variant="subtle" size="xs" onClick={clear}>
              {t('list.clear')}
            </Button>
          ) : null}
        </Group>
      ) : (
        // Narrow screens show only the essential columns (see `wide`), which fit a phone without scrolling.
        <Table.ScrollContainer minWidth={340}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="record-table" aria-busy={list.loading}>
            <Table.Thead>
              <Table.Tr>
                {writes ? (
                  <Table.Th w={36}>
                    <Checkbox
                      aria-label={t('list.selectAll')}
                      checked={list.items.length > 0 && selectedRows.length === list.items.length}
                      indeterminate={selectedRows.length > 0 && selectedRows.length < list.items.length}
                      onChange={(e) =>
                        setSelected(
                          e.currentTarget.checked ? new Set(list.items.map((r) => r.id)) : new Set(),
                        )
                      }
                    />
                  </Table.Th>
                ) : null}
                {props.columns.map((c) =>
                  c.sort ? (
                    <SortableTh
                      key={c.key}
                      label={c.label}
                      direction={directionOf(query.sort as string | undefined, c.sort)}
                      onSort={() => update('sort', nextSort(query.sort as string | undefined, c.sort ?? ''))}
                      ta={c.align}
                      visibleFrom={c.wide ? 'md' : undefined}
                    />
                  ) : (
                    <Table.Th key={c.key} ta={c.align} visibleFrom={c.wide ? 'md' : undefined}>
                      {c.label}
                    </Table.Th>
                  ),
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.loading ? (
                <SkeletonRows columns={props.columns.length + (writes ? 1 : 0)} />
              ) : (
                list.items.map((row) => (
                  <Table.Tr
                    key={row.id}
                    onClick={() => navigate(hrefOf(row))}
                    style={{ cursor: 'pointer' }}
                    bg={selected.has(row.id) ? 'var(--mantine-primary-color-light)' : undefined}
                  >
                    {writes ? (
                      <Table.Td onClick={(e) => e.stopPropagation()}>
                        <Checkbox
                          aria-label={t('list.select', { name: props.labelOf(row) })}
                          checked={selected.has(row.id)}
                          onChange={(e) => {
                            const next = new Set(selected);
                            if (e.currentTarget.checked) next.add(row.id);
                            else next.delete(row.id);
                            setSelected(next);
                          }}
                        />
                      </Table.Td>
                    ) : null}
                    {props.columns.map((c, index) => {
                      const editor = (shown?: ReactNode) =>
                        c.edit && writes && canEdit(row) ? (
                          <EditableCell
                            row={row}
                            edit={c.edit}
                            label={c.label}
                            rowLabel={props.labelOf(row)}
                            save={async (text) => {
                              if (c.edit) await write(c.edit, row.id, text);
                              await refresh(props.name);
                            }}
                          >
                            {shown}
                          </EditableCell>
                        ) : (
                          shown
                        );
                      return (
                        <Table.Td key={c.key} ta={c.align} visibleFrom={c.wide ? 'md' : undefined}>
                          {index === 0 ? (
                            <Group gap={4} wrap="nowrap">
                              <Link to={hrefOf(row)} aria-label={props.labelOf(row)}>
                                {c.render(row)}
                              </Link>
                              {editor()}
                            </Group>
                          ) : (
                            editor(c.render(row))
                          )}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.error && !failedFirstLoad ? <ErrorAlert error={list.error} onRetry={list.loadMore} /> : null}
      {list.hasMore ? (
        <Center mt="md">
          <Button variant="light" onClick={list.loadMore} loading={list.loadingMore}>
            {t('list.loadMore')}
          </Button>
        </Center>
      ) : null}
    </>
  );
}

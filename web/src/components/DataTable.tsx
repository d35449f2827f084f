import { Skeleton, Table, type TableProps, type TableThProps, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';

interface DataTableProps extends TableProps {
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** Column headings; an empty one heads a column of buttons. */
  headings: string[];
  children: ReactNode;
  /** Shown under the table, scrolling with it. */
  footer?: ReactNode;
  /** While the first rows load, grey placeholder rows hold their place. */
  loading?: boolean;
}

/** A plain table of rows under a row of headings. */
export function DataTable({ minWidth, headings, children, footer, loading, ...table }: DataTableProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table {...table}>
        <Table.Thead>
          <Table.Tr>
            {headings.map((heading, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a table's headings have a fixed order
              <Table.Th key={index}>{heading || null}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{loading ? <SkeletonRows columns={headings.length} /> : children}</Table.Tbody>
      </Table>
      {footer}
    </Table.ScrollContainer>
  );
}

/** Placeholder rows in the table's own shape, so the page does not jump when the rows arrive. */
export function SkeletonRows({ columns, rows = 6 }: { columns: number; rows?: number }) {
  return Array.from({ length: rows }, (_, row) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
    <Table.Tr key={row} data-testid="skeleton-row" aria-hidden="true">
      {Array.from({ length: columns }, (_, column) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <Table.Td key={column}>
          <Skeleton height={12} radius="sm" width={column === 0 ? '70%' : '50%'} />
        </Table.Td>
      ))}
    </Table.Tr>
  ));
}

export type SortDirection = 'ascending' | 'descending' | 'none';

/** How a `sort` parameter ("name", "-score") orders the column sorted by `name`. */
export function directionOf(sort: string | undefined, name: string): SortDirection {
  if (sort === name) return 'ascending';
  if (sort === `-${name}`) return 'descending';
  return 'none';
}

/** A click cycles ascending, descending, then back to the list's own order. */
export function nextSort(sort: string | undefined, name: string): string | null {
  const direction = directionOf(sort, name);
  if (direction === 'none') return name;
  return direction === 'ascending' ? `-${name}` : null;
}

interface SortableThProps extends Omit<TableThProps, 'onClick'> {
  label: string;
  direction: SortDirection;
  onSort(): void;
}

/** A column heading that sorts the list; screen readers hear the order through aria-sort. */
export function SortableTh({ label, direction, onSort, ...th }: SortableThProps) {
  const arrow = direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕';
  return (
    <Table.Th aria-sort={direction} {...th}>
      <UnstyledButton onClick={onSort} fw={600} fz="sm" style={{ whiteSpace: 'nowrap' }}>
        {label}
        <span aria-hidden="true" style={{ marginLeft: 4, opacity: direction === 'none' ? 0.4 : 1 }}>
          {arrow}
        </span>
      </UnstyledButton>
    </Table.Th>
  );
}

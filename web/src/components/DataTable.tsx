import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

interface DataTableProps extends TableProps {
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** Column headings; an empty one heads a column of buttons. */
  headings: string[];
  children: ReactNode;
  /** Shown under the table, scrolling with it. */
  footer?: ReactNode;
}

/** A plain table of rows under a row of headings. */
export function DataTable({ minWidth, headings, children, footer, ...table }: DataTableProps) {
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
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
      {footer}
    </Table.ScrollContainer>
  );
}

import { Anchor, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { type Query, toQueryString } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Link } from '../../lib/router.tsx';

interface RelatedListProps<T> {
  title: string;
  /** Rows link to `/<area>/<id>`, and "See all" to the area's list filtered the same way. */
  area: string;
  query?: Query;
  fetchPage(query: Query): Promise<Page<T>>;
  cells(row: T): ReactNode[];
}

const SHOWN = 5;

/** A record's neighbours (a customer's deals, orders, issues): the newest few and a link to all of them. */
export function RelatedList<T extends { id: number }>({
  title,
  area,
  query = {},
  fetchPage,
  cells,
}: RelatedListProps<T>) {
  const page = useQuery({
    queryKey: [area, 'list', { ...query, related: true }],
    queryFn: () => fetchPage({ ...query, limit: SHOWN }),
  });
  const rows = page.data?.items ?? [];
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          {title}
        </Title>
        {page.data?.nextCursor ? (
          <Anchor component={Link} to={`/${area}${toQueryString(query)}`} size="sm">
            See all
          </Anchor>
        ) : null}
      </Group>
      <ErrorAlert error={page.error} />
      {rows.length === 0 && !page.isPending ? (
        <Text c="dimmed" size="sm">
          None yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={300}>
          <Table>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id}>
                  {cells(row).map((cell, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells have a fixed order per row
                    <Table.Td key={index}>
                      {index === 0 ? <Link to={`/${area}/${row.id}`}>{cell}</Link> : cell}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

import { Anchor, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { type Query, toQueryString } from '../../api/client.ts';
import { deals, issues, orders, payments } from '../../api/endpoints.ts';
import type { Page } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TextSkeleton } from '../../components/Skeletons.tsx';
import { humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';

const LISTS = { deals: deals.list, orders: orders.list, payments: payments.list, issues: issues.list };
type RelatedArea = keyof typeof LISTS;
type RowOf<A extends RelatedArea> = Awaited<ReturnType<(typeof LISTS)[A]>>['items'][number];

interface RelatedListProps<A extends RelatedArea> {
  /** By default the area's name ("Deals"). */
  title?: string;
  /** Rows link to `/<area>/<id>`, and "See all" to the area's list filtered the same way. */
  area: A;
  query?: Query;
  cells(row: RowOf<A>): ReactNode[];
}

const SHOWN = 5;

/** A record's neighbours (a customer's deals, orders, issues): the newest few and a link to all of them. */
export function RelatedList<A extends RelatedArea>({ title, area, query = {}, cells }: RelatedListProps<A>) {
  const page = useQuery({
    queryKey: [area, 'list', { ...query, related: true }],
    queryFn: (): Promise<Page<RowOf<A>>> => LISTS[area]({ ...query, limit: SHOWN }),
  });
  const rows = page.data?.items ?? [];
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {title ?? humanize(area)}
        </Title>
        {page.data?.nextCursor ? (
          <Anchor component={Link} to={`/${area}${toQueryString(query)}`} size="sm">
            {t('related.seeAll')}
          </Anchor>
        ) : null}
      </Group>
      <ErrorAlert error={page.error} />
      {page.isPending ? <TextSkeleton /> : null}
      {rows.length === 0 && !page.isPending ? (
        <Text c="dimmed" size="sm">
          {t('related.none')}
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

import { Button, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { customers, orders } from '../../api/endpoints.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { TextSkeleton } from '../../components/Skeletons.tsx';
import { formatDate, humanize } from '../../lib/format.ts';
import { formatMoney } from '../../lib/money.ts';
import { Link } from '../../lib/router.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { RelatedList } from '../records/RelatedList.tsx';

/** What a customer owes, across their open orders (per currency, never mixed). */
function Balance() {
  const open = useQuery({
    queryKey: ['orders', 'list', { portal: true }],
    queryFn: () => orders.list({ limit: 200 }),
  });
  const owed = new Map<string, number>();
  for (const o of open.data?.items ?? []) {
    if (o.status === 'cancelled') continue;
    owed.set(o.currency, (owed.get(o.currency) ?? 0) + o.outstanding);
  }
  return (
    <Paper withBorder p="md" radius="md" data-testid="portal-balance">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        Left to pay
      </Text>
      {open.isPending ? (
        <TextSkeleton lines={1} />
      ) : [...owed].length === 0 ? (
        <Text fw={700} size="xl">
          Nothing
        </Text>
      ) : (
        [...owed].map(([currency, amount]) => (
          <Text key={currency} fw={700} size="xl">
            {formatMoney(amount, currency)}
          </Text>
        ))
      )}
    </Paper>
  );
}

/** A customer's home: their balance, orders, payments and issues. */
export function PortalHome() {
  const { me } = useSession();
  const account = useQuery({
    queryKey: ['customers', 'list', { portal: true }],
    queryFn: () => customers.list({ limit: 1 }),
  });
  const record = account.data?.items[0];

  return (
    <Stack>
      <PageHeader
        title={`Welcome, ${me.user.name}`}
        subtitle={
          record ? `${record.name}${record.companyName ? ` · ${record.companyName}` : ''}` : undefined
        }
        actions={
          <Button component={Link} to="/issues/new">
            Raise an issue
          </Button>
        }
      />
      <ErrorAlert error={account.error} />
      {!account.isPending && !record ? (
        <Paper withBorder p="md">
          <Title order={3} size="h5">
            Your account is not linked yet
          </Title>
          <Text c="dimmed">Ask the company you work with to link your sign-in to your customer record.</Text>
        </Paper>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Balance />
      </SimpleGrid>
      <SimpleGrid type="container" cols={{ base: 1, '1100px': 3 }}>
        <RelatedList
          title="My orders"
          area="orders"
          cells={(o) => [
            o.number,
            formatDate(o.orderDate),
            humanize(o.status),
            formatMoney(o.total, o.currency),
          ]}
        />
        <RelatedList
          title="My payments"
          area="payments"
          cells={(p) => [p.number, formatDate(p.paidAt), formatMoney(p.amount, p.currency)]}
        />
        <RelatedList title="My issues" area="issues" cells={(i) => [i.title, humanize(i.status)]} />
      </SimpleGrid>
    </Stack>
  );
}

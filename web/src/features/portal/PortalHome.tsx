import { Button, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { customers, orders } from '../../api/endpoints.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { TextSkeleton } from '../../components/Skeletons.tsx';
import { formatDate, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
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
        {t('portal.leftToPay')}
      </Text>
      {open.isPending ? (
        <TextSkeleton lines={1} />
      ) : [...owed].length === 0 ? (
        <Text fw={700} size="xl">
          {t('portal.nothing')}
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
        title={t('portal.welcome', { name: me.user.name })}
        subtitle={
          record ? `${record.name}${record.companyName ? ` · ${record.companyName}` : ''}` : undefined
        }
        actions={
          <Button component={Link} to="/issues/new">
            {t('portal.raiseIssue')}
          </Button>
        }
      />
      <ErrorAlert error={account.error} />
      {!account.isPending && !record ? (
        <Paper withBorder p="md">
          <Title order={3} size="h5">
            {t('portal.notLinked')}
          </Title>
          <Text c="dimmed">{t('portal.notLinkedText')}</Text>
        </Paper>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Balance />
      </SimpleGrid>
      <SimpleGrid type="container" cols={{ base: 1, '1100px': 3 }}>
        <RelatedList
          title={t('nav.myOrders')}
          area="orders"
          cells={(o) => [
            o.number,
            formatDate(o.orderDate),
            humanize(o.status),
            formatMoney(o.total, o.currency),
          ]}
        />
        <RelatedList
          title={t('nav.myPayments')}
          area="payments"
          cells={(p) => [p.number, formatDate(p.paidAt), formatMoney(p.amount, p.currency)]}
        />
        <RelatedList title={t('nav.myIssues')} area="issues" cells={(i) => [i.title, humanize(i.status)]} />
      </SimpleGrid>
    </Stack>
  );
}

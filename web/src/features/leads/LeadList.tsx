import { Button } from '@mantine/core';
import { leads } from '../../api/endpoints.ts';
import type { Lead } from '../../api/types.ts';
import { type Column, RecordList } from '../../components/RecordList.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../lib/enums.ts';
import { formatDate, humanize, options } from '../../lib/format.ts';
import { formatMoney } from '../../lib/money.ts';
import { Link } from '../../lib/router.tsx';
import { may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { ImportButton } from '../import/ImportDialog.tsx';

export function LeadList() {
  const { role } = useSession();
  const people = useMembers();
  const columns: Column<Lead>[] = [
    { key: 'name', label: 'Name', render: (l) => l.name },
    { key: 'company', label: 'Company', render: (l) => l.company ?? '—', wide: true },
    { key: 'status', label: 'Status', render: (l) => <StatusBadge value={l.status} /> },
    { key: 'score', label: 'Score', render: (l) => l.score, align: 'right' },
    {
      key: 'value',
      label: 'Est. value',
      render: (l) => formatMoney(l.estimatedValue, l.currency),
      align: 'right',
      wide: true,
    },
    { key: 'source', label: 'Source', render: (l) => humanize(l.source), wide: true },
    { key: 'assignedTo', label: 'Owner', render: (l) => people.nameOf(l.assignedTo), wide: true },
    { key: 'createdAt', label: 'Added', render: (l) => formatDate(l.createdAt), wide: true },
  ];
  return (
    <RecordList
      title="Leads"
      name="leads"
      fetchPage={leads.list}
      columns={columns}
      filters={[
        { name: 'status', label: 'Status', options: options(LEAD_STATUSES) },
        { name: 'source', label: 'Source', options: options(LEAD_SOURCES) },
        { name: 'assignedTo', label: 'Assigned', options: [{ value: 'me', label: 'Assigned to me' }] },
      ]}
      sorts={[
        { value: '-score', label: 'Highest score' },
        { value: 'name', label: 'Name A–Z' },
        { value: 'createdAt', label: 'Oldest first' },
        { value: '-updatedAt', label: 'Recently updated' },
      ]}
      hrefOf={(l) => `/leads/${l.id}`}
      labelOf={(l) => `Lead ${l.name}`}
      searchPlaceholder="Search by name"
      actions={
        may(role, 'leads', 'create') ? (
          <>
            <ImportButton area="leads" noun="leads" />
            <Button component={Link} to="/leads/new">
              New lead
            </Button>
          </>
        ) : null
      }
    />
  );
}

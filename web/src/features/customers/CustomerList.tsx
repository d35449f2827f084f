import { customers } from '../../api/endpoints.ts';
import type { Customer } from '../../api/types.ts';
import { assigneeEdit, choiceEdit, textEdit } from '../../components/cellEdits.ts';
import { assigneeFilter, type Column, choiceFilter, RecordList } from '../../components/RecordList.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES } from '../../lib/enums.ts';
import { formatDate, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { ImportButton } from '../import/ImportDialog.tsx';
import { NewRecordButton } from '../records/NewRecordButton.tsx';

/** The customers list, with CSV import for those who may create. */
export function CustomerList() {
  const { role } = useSession();
  const people = useMembers();
  const columns: Column<Customer>[] = [
    {
      key: 'name',
      label: t('ui.name'),
      render: (c) => c.name,
      sort: 'name',
      edit: textEdit('name', (c) => c.name),
    },
    { key: 'email', label: t('ui.email'), render: (c) => c.email ?? '—', wide: true },
    { key: 'city', label: t('ui.city'), render: (c) => c.city ?? '—', wide: true },
    { key: 'kind', label: t('ui.kind'), render: (c) => humanize(c.kind), wide: true },
    {
      key: 'status',
      label: t('ui.status'),
      render: (c) => <StatusBadge value={c.status} />,
      edit: choiceEdit('status', CUSTOMER_STATUSES, (c) => c.status),
    },
    {
      key: 'assignedTo',
      label: t('ui.owner'),
      render: (c) => people.nameOf(c.assignedTo),
      wide: true,
      edit: assigneeEdit(people),
    },
    {
      key: 'createdAt',
      label: t('ui.added'),
      render: (c) => formatDate(c.createdAt),
      wide: true,
      sort: 'createdAt',
    },
  ];
  return (
    <RecordList
      title={t('ui.customers')}
      name="customers"
      fetchPage={customers.list}
      writes={customers}
      columns={columns}
      filters={[
        choiceFilter('status', CUSTOMER_STATUSES),
        choiceFilter('kind', CUSTOMER_KINDS),
        assigneeFilter(),
      ]}
      sorts={{
        name: t('ui.nameAZ'),
        '-name': t('ui.nameZA'),
        createdAt: t('ui.oldestFirst'),
        '-updatedAt': t('ui.recentlyUpdated'),
      }}
      labelOf={(c) => `Customer ${c.name}`}
      searchPlaceholder={t('ui.searchByName')}
      actions={
        may(role, 'customers', 'create') ? (
          <>
            <ImportButton area="customers" noun="customers" />
            <NewRecordButton area="customers" label={t('ui.newCustomer')} />
          </>
        ) : null
      }
    />
  );
}

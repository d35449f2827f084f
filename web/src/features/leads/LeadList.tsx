import { leads } from '../../api/endpoints.ts';
import type { Lead } from '../../api/types.ts';
import { assigneeEdit, choiceEdit, textEdit } from '../../components/cellEdits.ts';
import { assigneeFilter, type Column, choiceFilter, RecordList } from '../../components/RecordList.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../lib/enums.ts';
import { formatDate, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/money.ts';
import { may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { ImportButton } from '../import/ImportDialog.tsx';
import { NewRecordButton } from '../records/NewRecordButton.tsx';

/** The leads list, with CSV import for those who may create. */
export function LeadList() {
  const { role } = useSession();
  const people = useMembers();
  const columns: Column<Lead>[] = [
    {
      key: 'name',
      label: t('ui.name'),
      render: (l) => l.name,
      sort: 'name',
      edit: textEdit('name', (l) => l.name),
    },
    { key: 'company', label: t('ui.company'), render: (l) => l.company ?? '—', wide: true },
    {
      key: 'status',
      label: t('ui.status'),
      render: (l) => <StatusBadge value={l.status} />,
      // "converted" is reached only by converting the lead.
      edit: choiceEdit(
        'status',
        LEAD_STATUSES.filter((s) => s !== 'converted'),
        (l) => l.status,
      ),
    },
    { key: 'score', label: t('ui.score'), render: (l) => l.score, align: 'right', sort: 'score' },
    {
      key: 'value',
      label: t('ui.estValue'),
      render: (l) => formatMoney(l.estimatedValue, l.currency),
      align: 'right',
      wide: true,
    },
    { key: 'source', label: t('ui.source'), render: (l) => humanize(l.source), wide: true },
    {
      key: 'assignedTo',
      label: t('ui.owner'),
      render: (l) => people.nameOf(l.assignedTo),
      wide: true,
      edit: assigneeEdit(people),
    },
    {
      key: 'createdAt',
      label: t('ui.added'),
      render: (l) => formatDate(l.createdAt),
      wide: true,
      sort: 'createdAt',
    },
  ];
  return (
    <RecordList
      title={t('ui.leads')}
      name="leads"
      fetchPage={leads.list}
      writes={leads}
      columns={columns}
      filters={[
        choiceFilter('status', LEAD_STATUSES),
        choiceFilter('source', LEAD_SOURCES),
        assigneeFilter(),
      ]}
      sorts={{
        '-score': t('ui.highestScore'),
        name: t('ui.nameAZ'),
        createdAt: t('ui.oldestFirst'),
        '-updatedAt': t('ui.recentlyUpdated'),
      }}
      labelOf={(l) => `Lead ${l.name}`}
      searchPlaceholder={t('ui.searchByName')}
      actions={
        may(role, 'leads', 'create') ? (
          <>
            <ImportButton area="leads" noun="leads" />
            <NewRecordButton area="leads" label={t('ui.newLead')} />
          </>
        ) : null
      }
    />
  );
}

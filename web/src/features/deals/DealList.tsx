import { Button } from '@mantine/core';
import { deals } from '../../api/endpoints.ts';
import type { Deal } from '../../api/types.ts';
import { assigneeEdit, textEdit } from '../../components/cellEdits.ts';
import { assigneeFilter, type Column, choiceFilter, RecordList } from '../../components/RecordList.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { DEAL_STATUSES, PRIORITIES } from '../../lib/enums.ts';
import { formatDate } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/money.ts';
import { Link } from '../../lib/router.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { NewRecordButton } from '../records/NewRecordButton.tsx';
import { usePipelines } from './usePipelines.ts';

/** Deals as a list; the board shows the same deals by stage. */
export function DealList() {
  const people = useMembers();
  const { defaultPipeline } = usePipelines();
  const stageNames = [...new Set(defaultPipeline?.stages.map((s) => s.name) ?? [])];
  const columns: Column<Deal>[] = [
    {
      key: 'title',
      label: t('ui.deal'),
      render: (d) => d.title,
      sort: 'title',
      edit: textEdit('title', (d) => d.title),
    },
    { key: 'customer', label: t('ui.customer'), render: (d) => d.customerName ?? '—', wide: true },
    {
      key: 'stage',
      label: t('ui.stage'),
      render: (d) => d.stageName,
      // A stage belongs to the deal's pipeline; the list offers the default pipeline's stages by name.
      edit: {
        field: 'stage',
        options: stageNames.map((s) => ({ value: s, label: s })),
        value: (d) => d.stageName,
        save: (id, stage) => deals.moveStage(id, String(stage)),
      },
    },
    {
      key: 'value',
      label: t('ui.value'),
      render: (d) => formatMoney(d.value, d.currency),
      align: 'right',
      sort: 'value',
    },
    { key: 'status', label: t('ui.status'), render: (d) => <StatusBadge value={d.status} />, wide: true },
    {
      key: 'close',
      label: t('ui.expectedClose'),
      render: (d) => formatDate(d.expectedCloseDate),
      wide: true,
    },
    {
      key: 'assignedTo',
      label: t('ui.owner'),
      render: (d) => people.nameOf(d.assignedTo),
      wide: true,
      edit: assigneeEdit(people),
    },
  ];
  return (
    <RecordList
      title={t('ui.deals')}
      name="deals"
      fetchPage={deals.list}
      writes={deals}
      columns={columns}
      filters={[
        choiceFilter('status', DEAL_STATUSES),
        { name: 'stage', label: t('ui.stage'), options: stageNames.map((s) => ({ value: s, label: s })) },
        choiceFilter('priority', PRIORITIES),
        assigneeFilter(),
      ]}
      linkFilters={['customerId', 'pipelineId']}
      sorts={{
        '-value': t('ui.highestValue'),
        value: t('ui.lowestValue'),
        title: t('ui.titleAZ'),
        '-updatedAt': t('ui.recentlyUpdated'),
        createdAt: t('ui.oldestFirst'),
      }}
      labelOf={(d) => `Deal ${d.title}`}
      searchPlaceholder={t('ui.searchByTitle')}
      actions={
        <>
          <Button variant="default" component={Link} to="/board">
            Board
          </Button>
          <NewRecordButton area="deals" label={t('ui.newDeal')} />
        </>
      }
    />
  );
}

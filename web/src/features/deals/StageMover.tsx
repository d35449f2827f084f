import { Select } from '@mantine/core';
import { useState } from 'react';
import { deals } from '../../api/endpoints.ts';
import type { Deal } from '../../api/types.ts';
import { messageOf } from '../../components/ErrorAlert.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { useRefresh } from '../records/useRecord.ts';
import { usePipelines } from './usePipelines.ts';

/** The keyboard-friendly twin of dragging a card on the board. */
export function StageMover({ deal }: { deal: Deal }) {
  const { pipelines } = usePipelines();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const stages = pipelines.find((p) => p.id === deal.pipelineId)?.stages ?? [];

  async function move(stageId: string | null) {
    if (!stageId || Number(stageId) === deal.stageId) return;
    setBusy(true);
    try {
      const moved = await deals.moveStage(deal.id, Number(stageId));
      await refresh('deals');
      notify(`Moved to ${moved.stageName}`);
    } catch (error) {
      notify(messageOf(error), 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Select
      aria-label="Move to stage"
      data={stages.map((s) => ({ value: String(s.id), label: s.name }))}
      value={String(deal.stageId)}
      onChange={move}
      disabled={busy || stages.length === 0}
      allowDeselect={false}
      w={180}
    />
  );
}

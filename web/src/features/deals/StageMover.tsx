import { Select } from '@mantine/core';
import { useState } from 'react';
import type { Deal } from '../../api/types.ts';
import { t } from '../../lib/i18n.ts';
import { usePipelines } from './usePipelines.ts';
import { useStageMove } from './useStageMove.ts';

/** The keyboard-friendly twin of dragging a card on the board. */
export function StageMover({ deal }: { deal: Deal }) {
  const { pipelines } = usePipelines();
  const move = useStageMove();
  const [busy, setBusy] = useState(false);
  const stages = pipelines.find((p) => p.id === deal.pipelineId)?.stages ?? [];

  async function choose(stageId: string | null) {
    const stage = stages.find((s) => String(s.id) === stageId);
    if (!stage || stage.id === deal.stageId) return;
    setBusy(true);
    try {
      await move(deal, stage);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Select
      aria-label={t('ui.moveToStage')}
      data={stages.map((s) => ({ value: String(s.id), label: s.name }))}
      value={String(deal.stageId)}
      onChange={choose}
      disabled={busy || stages.length === 0}
      allowDeselect={false}
      w={180}
    />
  );
}

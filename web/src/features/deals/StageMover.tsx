import { Select } from '@mantine/core';
import { deals } from '../../api/endpoints.ts';
import type { Deal } from '../../api/types.ts';
import { useAction } from '../records/useAction.ts';
import { usePipelines } from './usePipelines.ts';

/** The keyboard-friendly twin of dragging a card on the board. */
export function StageMover({ deal }: { deal: Deal }) {
  const { pipelines } = usePipelines();
  const { busy, run } = useAction('deals');
  const stages = pipelines.find((p) => p.id === deal.pipelineId)?.stages ?? [];

  async function move(stageId: string | null) {
    if (!stageId || Number(stageId) === deal.stageId) return;
    await run(
      () => deals.moveStage(deal.id, Number(stageId)),
      (moved) => `Moved to ${moved.stageName}`,
    );
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

import { useDroppable } from '@dnd-kit/core';
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { deals } from '../../api/endpoints.ts';
import type { Deal, PipelineStage } from '../../api/types.ts';
import { useCursorList } from '../../components/useCursorList.ts';
import { formatMoney } from '../../lib/money.ts';
import { useMembers } from '../../session/useMembers.ts';
import { DealCard } from './DealCard.tsx';

export interface PendingMove {
  deal: Deal;
  toStageId: number;
}

interface BoardColumnProps {
  pipelineId: number;
  stage: PipelineStage;
  /** Cards on their way between columns: shown where they were dropped until the server answers. */
  moves: Map<number, PendingMove>;
}

const COLUMN_WIDTH = 272;
export const COLUMN_GAP = 12;
/** From one column to the next, for moving a card with the keyboard. */
export const COLUMN_STEP = COLUMN_WIDTH + COLUMN_GAP;

/** One stage, loaded a page at a time: a column with thousands of deals stays quick. */
export function BoardColumn({ pipelineId, stage, moves }: BoardColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: `stage-${stage.id}`, data: { stage } });
  const people = useMembers();
  const list = useCursorList('deals', deals.list, { pipelineId, stage: stage.name, sort: '-value' });
  const arriving = [...moves.values()].filter((m) => m.toStageId === stage.id).map((m) => m.deal);
  const staying = list.items.filter((d) => !moves.has(d.id));
  const cards = [...arriving, ...staying.filter((d) => !arriving.some((a) => a.id === d.id))];
  const currency = cards[0]?.currency ?? 'USD';
  const total = cards.filter((d) => d.currency === currency).reduce((sum, d) => sum + d.value, 0);

  return (
    <Paper
      ref={setNodeRef}
      withBorder
      radius="md"
      p="xs"
      bg={isOver ? 'var(--mantine-primary-color-light)' : 'var(--parley-sunken)'}
      w={COLUMN_WIDTH}
      miw={COLUMN_WIDTH}
      data-testid={`board-column-${stage.name}`}
      data-drop-target={isOver || undefined}
      aria-label={`Stage ${stage.name}`}
      role="region"
    >
      <Group justify="space-between" mb="xs" px={4}>
        <Text fw={700} size="sm">
          {stage.name}
        </Text>
        <Badge
          variant="light"
          color={stage.outcome === 'won' ? 'teal' : stage.outcome === 'lost' ? 'red' : 'gray'}
        >
          {cards.length}
          {list.hasMore ? '+' : ''}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" px={4} mb="xs">
        {formatMoney(total, currency)}
      </Text>
      <Stack gap="xs" mih={80}>
        {cards.map((deal) => (
          <DealCard
            key={deal.id}
            deal={deal}
            assignee={people.nameOf(deal.assignedTo)}
            pending={moves.has(deal.id)}
          />
        ))}
        {list.hasMore ? (
          <Button variant="subtle" size="xs" onClick={list.loadMore} loading={list.loadingMore}>
            Load more
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}

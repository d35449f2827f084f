import {
  type Active,
  type Announcements,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  MouseSensor,
  type Over,
  type ScreenReaderInstructions,
  TouchSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Button, Group, Paper, ScrollArea, Select, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Deal, PipelineStage } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { t } from '../../lib/i18n.ts';
import { Link, navigate, useLocation } from '../../lib/router.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { BoardColumn, COLUMN_GAP, COLUMN_STEP, type PendingMove } from './BoardColumn.tsx';
import { DealCardBody } from './DealCard.tsx';
import { usePipelines } from './usePipelines.ts';
import { useStageMove } from './useStageMove.ts';

/** Arrow keys carry a picked-up card a whole column sideways, rather than a few pixels at a time. */
const columnSteps: KeyboardCoordinateGetter = (event, { currentCoordinates }) => {
  const step = {
    ArrowRight: [COLUMN_STEP, 0],
    ArrowLeft: [-COLUMN_STEP, 0],
    ArrowDown: [0, 60],
    ArrowUp: [0, -60],
  }[event.code];
  if (!step) return undefined;
  event.preventDefault();
  return { x: currentCoordinates.x + step[0]!, y: currentCoordinates.y + step[1]! };
};

/** Enter follows the card's link; Space picks it up and puts it down. */
const KEYS = { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter', 'Tab'] };

const dealOf = (active: Active) => active.data.current?.deal as Deal | undefined;
const stageOf = (over: Over | null) => over?.data.current?.stage as PipelineStage | undefined;

/**
 * What a screen reader hears while a card moves: the deal and the stages by name, not internal ids. A move
 * over the stage just announced says nothing, so "Picked up" is not drowned by "over Lead" at once.
 */
function namedAnnouncements(): Announcements {
  let lastStageId: number | undefined;
  return {
    onDragStart: ({ active }) => {
      const deal = dealOf(active);
      lastStageId = deal?.stageId;
      return deal ? `Picked up ${deal.title}, in ${deal.stageName}.` : undefined;
    },
    onDragOver: ({ active, over }) => {
      const deal = dealOf(active);
      const stage = stageOf(over);
      if (!deal || stage?.id === lastStageId) return undefined;
      lastStageId = stage?.id;
      return stage ? `${deal.title} is over ${stage.name}.` : `${deal.title} is over no stage.`;
    },
    onDragEnd: ({ active, over }) => {
      const deal = dealOf(active);
      const stage = stageOf(over);
      if (!deal) return undefined;
      if (!stage || stage.id === deal.stageId) return `${deal.title} stays in ${deal.stageName}.`;
      return `${deal.title} moved to ${stage.name}.`;
    },
    onDragCancel: ({ active }) => {
      const deal = dealOf(active);
      return deal ? `Move cancelled. ${deal.title} stays in ${deal.stageName}.` : undefined;
    },
  };
}

const screenReaderInstructions: ScreenReaderInstructions = {
  draggable:
    'Press Enter to open the deal. To move it to another stage, press Space to pick it up, the arrow keys to carry it between stages, and Space to put it down, or Escape to cancel. On a touch screen, press and hold the card, then drag it.',
};

/** Moves a card at once and asks the server; a refusal puts the card back and says why. */
function useStageMoves() {
  const [moves, setMoves] = useState<Map<number, PendingMove>>(new Map());
  const moveStage = useStageMove();

  async function move(deal: Deal, stage: PipelineStage) {
    setMoves((current) =>
      new Map(current).set(deal.id, {
        deal: { ...deal, stageId: stage.id, stageName: stage.name },
        toStageId: stage.id,
      }),
    );
    try {
      await moveStage(deal, stage);
    } finally {
      setMoves((current) => {
        const next = new Map(current);
        next.delete(deal.id);
        return next;
      });
    }
  }

  return { moves, move };
}

export function DealsBoard() {
  const { pipelines, defaultPipeline, error, loading } = usePipelines();
  const { search } = useLocation();
  const pipeline = pipelines.find((p) => String(p.id) === search.get('pipeline')) ?? defaultPipeline;
  const { moves, move } = useStageMoves();
  const people = useMembers();
  const [dragging, setDragging] = useState<Deal | null>(null);
  const [announcements] = useState(namedAnnouncements);
  // A sideways swipe at the board's left edge scrolls nothing; it must not become the browser's Back.
  useEffect(() => {
    const root = document.documentElement;
    const before = root.style.overscrollBehaviorX;
    root.style.overscrollBehaviorX = 'none';
    return () => {
      root.style.overscrollBehaviorX = before;
    };
  }, []);
  const sensors = useSensors(
    // A mouse drag starts after a few pixels, so a click still opens the deal.
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // A finger must rest on the card first: a quick swipe scrolls the board instead of moving a deal.
    useSensor(TouchSensor, { activationConstraint: { delay: 300, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnSteps, keyboardCodes: KEYS }),
  );

  function onDragStart(event: DragStartEvent) {
    setDragging((event.active.data.current?.deal as Deal | undefined) ?? null);
  }

  function onDragEnd(event: DragEndEvent) {
    setDragging(null);
    const deal = event.active.data.current?.deal as Deal | undefined;
    const stage = event.over?.data.current?.stage as PipelineStage | undefined;
    if (!deal || !stage || stage.id === deal.stageId) return;
    void move(deal, stage);
  }

  return (
    <>
      <PageHeader
        title={t('ui.dealsBoard')}
        subtitle="Drag a card to another stage (on a phone, press and hold it first). Only deals assigned to you can be moved, unless you are an owner."
        actions={
          <>
            {pipelines.length > 1 ? (
              <Select
                aria-label={t('ui.pipeline')}
                data={pipelines.map((p) => ({ value: String(p.id), label: p.name }))}
                value={pipeline ? String(pipeline.id) : null}
                onChange={(v) => v && navigate(`/board?pipeline=${v}`, { replace: true })}
                allowDeselect={false}
                w={200}
              />
            ) : null}
            <Button variant="default" component={Link} to="/deals">
              List
            </Button>
          </>
        }
      />
      <ErrorAlert error={error} />
      {!loading && !pipeline ? (
        <Text c="dimmed">No pipeline yet. An owner can add one in Settings.</Text>
      ) : null}
      {pipeline ? (
        <DndContext
          sensors={sensors}
          accessibility={{ announcements, screenReaderInstructions }}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(null)}
        >
          <ScrollArea type="auto" offsetScrollbars>
            {/* Columns as tall as the tallest, so a card dropped low in a short column still lands in it. */}
            <Group align="stretch" wrap="nowrap" gap={COLUMN_GAP} pb="md" data-testid="deals-board">
              {pipeline.stages.map((stage) => (
                <BoardColumn key={stage.id} pipelineId={pipeline.id} stage={stage} moves={moves} />
              ))}
            </Group>
          </ScrollArea>
          {/* No drop animation: the card already sits in its new column, where the server will confirm it. */}
          <DragOverlay dropAnimation={null}>
            {dragging ? (
              <Paper withBorder p="sm" radius="md" shadow="md" w={256}>
                <DealCardBody deal={dragging} assignee={people.nameOf(dragging.assignedTo)} />
              </Paper>
            ) : null}
          </DragOverlay>
        </DndContext>
      ) : null}
    </>
  );
}

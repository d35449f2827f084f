import { useDraggable } from '@dnd-kit/core';
import { Badge, Group, Paper, Text } from '@mantine/core';
import { type MouseEvent, useEffect, useRef } from 'react';
import type { Deal } from '../../api/types.ts';
import { formatMoney } from '../../lib/money.ts';
import { Link } from '../../lib/router.tsx';

export function DealCardBody({ deal, assignee }: { deal: Deal; assignee: string }) {
  return (
    <>
      <Text fw={600} size="sm" lineClamp={2} c="var(--mantine-color-anchor)">
        {deal.title}
      </Text>
      {deal.customerName ? (
        <Text size="xs" c="dimmed" truncate>
          {deal.customerName}
        </Text>
      ) : null}
      <Group justify="space-between" mt={6} gap={4}>
        <Text size="sm" fw={500}>
          {formatMoney(deal.value, deal.currency)}
        </Text>
        {deal.priority === 'high' || deal.priority === 'urgent' ? (
          <Badge size="xs" color={deal.priority === 'urgent' ? 'red' : 'orange'} variant="light">
            {deal.priority}
          </Badge>
        ) : null}
      </Group>
      <Text size="xs" c="dimmed" truncate>
        {assignee}
      </Text>
    </>
  );
}

/**
 * One deal on the board: a single link to the deal (click or Enter opens it) that can also be picked up, with
 * the mouse, a long press, or Space and the arrow keys. Nothing interactive sits inside it.
 */
export function DealCard({ deal, assignee, pending }: { deal: Deal; assignee: string; pending: boolean }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `deal-${deal.id}`,
    data: { deal },
    attributes: { role: 'link', roleDescription: 'draggable link' },
  });
  // A drop back on the card itself ends in a click; that click must not open the deal.
  const dragged = useRef(false);
  useEffect(() => {
    if (isDragging) dragged.current = true;
  }, [isDragging]);
  return (
    <Paper
      component={Link}
      to={`/deals/${deal.id}`}
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      draggable={false}
      onPointerDown={() => {
        dragged.current = false;
      }}
      onClick={(event: MouseEvent) => {
        if (dragged.current) event.preventDefault();
        dragged.current = false;
      }}
      onContextMenu={(event: MouseEvent) => {
        if (isDragging) event.preventDefault();
      }}
      withBorder
      p="sm"
      radius="md"
      shadow="xs"
      display="block"
      data-testid={`deal-card-${deal.id}`}
      data-deal-title={deal.title}
      data-dragging={isDragging || undefined}
      style={{
        opacity: isDragging || pending ? 0.5 : 1,
        cursor: 'grab',
        color: 'inherit',
        textDecoration: 'none',
        // Panning stays with the browser, so a swipe scrolls the board; a long press picks the card up.
        touchAction: 'manipulation',
        WebkitTouchCallout: 'none',
        userSelect: 'none',
      }}
    >
      <DealCardBody deal={deal} assignee={assignee} />
    </Paper>
  );
}

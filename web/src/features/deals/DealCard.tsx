import { useDraggable } from '@dnd-kit/core';
import { Badge, Group, Paper, Text } from '@mantine/core';
import type { Deal } from '../../api/types.ts';
import { formatMoney } from '../../lib/money.ts';
import { Link } from '../../lib/router.tsx';

export function DealCardBody({ deal, assignee }: { deal: Deal; assignee: string }) {
  return (
    <>
      <Text fw={600} size="sm" lineClamp={2}>
        <Link to={`/deals/${deal.id}`} onPointerDown={(e) => e.stopPropagation()}>
          {deal.title}
        </Link>
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

/** A card you can pick up with the mouse, a finger, or the keyboard (space, arrows, space). */
export function DealCard({ deal, assignee, pending }: { deal: Deal; assignee: string; pending: boolean }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `deal-${deal.id}`,
    data: { deal },
  });
  return (
    <Paper
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      withBorder
      p="sm"
      radius="md"
      shadow="xs"
      data-testid={`deal-card-${deal.id}`}
      data-deal-title={deal.title}
      aria-roledescription="Draggable deal"
      aria-label={`${deal.title}, ${formatMoney(deal.value, deal.currency)}`}
      style={{ opacity: isDragging || pending ? 0.5 : 1, cursor: 'grab', touchAction: 'none' }}
    >
      <DealCardBody deal={deal} assignee={assignee} />
    </Paper>
  );
}

import { Paper, SimpleGrid, Skeleton, Stack, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { t } from '../lib/i18n.ts';

/**
 * Grey shapes where content is about to appear, so the page keeps its layout while it loads. Screen readers
 * hear "Loading" once, from the status region, instead of the shapes.
 */
function Loading({ children }: { children: ReactNode }) {
  return (
    <div role="status" aria-live="polite" data-testid="skeleton">
      <VisuallyHidden>{t('app.loading')}</VisuallyHidden>
      <div aria-hidden>{children}</div>
    </div>
  );
}

/** Names for placeholder shapes that never move, to key them by. */
function slots(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `slot-${i}`);
}

/** Lines of text of varied length. */
function Lines({ count }: { count: number }) {
  return (
    <Stack gap="xs">
      {slots(count).map((slot, i) => (
        <Skeleton key={slot} h={12} w={`${90 - ((i * 23) % 40)}%`} />
      ))}
    </Stack>
  );
}

/** Lines of text on their way, inside a card that is already shown. */
export function TextSkeleton({ lines = 3 }: { lines?: number }) {
  return (
    <Loading>
      <Lines count={lines} />
    </Loading>
  );
}

/** A card whose content is on its way: a heading and some lines, or a block of `height` (a chart). */
export function CardSkeleton({ lines = 4, height }: { lines?: number; height?: number }) {
  return (
    <Loading>
      <Paper withBorder p="md" radius="md">
        <Skeleton h={16} w="40%" mb="md" />
        {height ? <Skeleton h={height} /> : <Lines count={lines} />}
      </Paper>
    </Loading>
  );
}

/** A whole page on its way: a title, then cards. */
export function PageSkeleton({ cards = 2 }: { cards?: number }) {
  return (
    <Loading>
      <Skeleton h={28} w={240} mb="xs" />
      <Skeleton h={14} w={160} mb="lg" />
      <Stack>
        {slots(cards).map((slot) => (
          <Paper key={slot} withBorder p="md" radius="md">
            <Skeleton h={16} w="30%" mb="md" />
            <Lines count={4} />
          </Paper>
        ))}
      </Stack>
    </Loading>
  );
}

/** The dashboard's figures on their way: a row of small cards. */
export function FigureSkeletons({ count }: { count: number }) {
  return (
    <Loading>
      <SimpleGrid type="container" cols={{ base: 2, '560px': 3, '1000px': 6 }} spacing="sm">
        {slots(count).map((slot) => (
          <Paper key={slot} withBorder p="md" radius="md">
            <Skeleton h={10} w="60%" mb="sm" />
            <Skeleton h={22} w="70%" mb="xs" />
            <Skeleton h={10} w="50%" />
          </Paper>
        ))}
      </SimpleGrid>
    </Loading>
  );
}

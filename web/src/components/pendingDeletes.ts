import { useSyncExternalStore } from 'react';

/**
 * Records deleted with Undo still offered: they exist on the server until their notice goes, but every list
 * leaves them out meanwhile, including lists that load again in that time.
 */
let pending = new Set<string>();
const listeners = new Set<() => void>();

const keyOf = (area: string, id: number) => `${area}:${id}`;

function change(next: Set<string>) {
  pending = next;
  for (const listener of listeners) listener();
}

export function hideWhileDeleting(area: string, id: number): void {
  change(new Set(pending).add(keyOf(area, id)));
}

export function stopHiding(area: string, id: number): void {
  const next = new Set(pending);
  next.delete(keyOf(area, id));
  change(next);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The rows of `area` that are not on their way out; the list renders again when that changes. */
export function useWithoutPendingDeletes<T>(area: string, rows: T[]): T[] {
  const hidden = useSyncExternalStore(subscribe, () => pending);
  if (hidden.size === 0) return rows;
  return rows.filter((row) => !hidden.has(keyOf(area, (row as { id?: number }).id ?? -1)));
}

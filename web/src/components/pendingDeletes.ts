/**
 * Records deleted with Undo still offered: they exist on the server until their notice goes, but every list
 * leaves them out meanwhile, including lists that load again in that time.
 */
const pending = new Set<string>();

const keyOf = (area: string, id: number) => `${area}:${id}`;

export function hideWhileDeleting(area: string, id: number): void {
  pending.add(keyOf(area, id));
}

export function stopHiding(area: string, id: number): void {
  pending.delete(keyOf(area, id));
}

/** The rows of `area` that are not on their way out. */
export function withoutPendingDeletes<T>(area: string, rows: T[]): T[] {
  if (pending.size === 0) return rows;
  return rows.filter((row) => !pending.has(keyOf(area, (row as { id?: number }).id ?? -1)));
}

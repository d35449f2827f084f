import { type Action, type Area, grantFor } from '../../../src/domain/policy.ts';
import type { Role } from '../api/types.ts';

/**
 * The server decides; the web app asks the same permission table only to hide what would be refused anyway,
 * so people are not offered buttons that can only fail.
 */
export function may(role: Role | null, area: Area, action: Action): boolean {
  return role !== null && grantFor(role, area, action) !== false;
}

export function mayEdit(
  role: Role | null,
  area: Area,
  record: { assignedTo: number | null },
  userId: number,
): boolean {
  if (role === null) return false;
  const grant = grantFor(role, area, 'update');
  if (grant === 'all') return true;
  return grant === 'assigned' && record.assignedTo === userId;
}

export const isStaff = (role: Role | null) => role === 'owner' || role === 'employee';

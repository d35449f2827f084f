import { useQuery } from '@tanstack/react-query';
import { members } from '../api/endpoints.ts';
import type { Member } from '../api/types.ts';
import { may } from './permissions.ts';
import { useSession } from './SessionProvider.tsx';

const MAX_MEMBERS = 1000;

async function allMembers(): Promise<Member[]> {
  const out: Member[] = [];
  let cursor: string | undefined;
  do {
    const page = await members.list({ limit: 200, cursor, sort: 'email' });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < MAX_MEMBERS);
  return out;
}

export interface MemberDirectory {
  nameOf(userId: number | null | undefined): string;
  /**
   * People a record can be assigned to: the organization's staff, for owners and employees alike, as the
   * service allows (an employee may hand a record to a colleague, after which only that colleague edits it).
   */
  assignable: { value: string; label: string }[];
}

/**
 * Staff read their colleagues' names (owners through the full member list, which also names customers'
 * portal logins); customers know only themselves, as the server allows.
 */
export function useMembers(): MemberDirectory {
  const { role, me } = useSession();
  const canRead = may(role, 'members', 'read');
  const fullList = useQuery({
    queryKey: ['members', 'all'],
    queryFn: allMembers,
    enabled: canRead,
    staleTime: 300_000,
  });
  const colleagues = useQuery({
    queryKey: ['members', 'colleagues'],
    queryFn: async () => (await members.colleagues()).items,
    enabled: !canRead && may(role, 'colleagues', 'read'),
    staleTime: 300_000,
  });
  const people = canRead ? (fullList.data ?? []) : (colleagues.data ?? []);
  const staff = canRead
    ? (fullList.data ?? []).filter((m) => m.role !== 'customer')
    : (colleagues.data ?? []);
  const byId = new Map(people.map((m) => [m.userId, m.name]));

  return {
    nameOf(userId) {
      if (userId === null || userId === undefined) return 'Unassigned';
      if (userId === me.user.id) return `${me.user.name} (you)`;
      return byId.get(userId) ?? `Member #${userId}`;
    },
    assignable: staff.length
      ? staff.map((m) => ({
          value: String(m.userId),
          label: m.userId === me.user.id ? `${m.name} (you)` : m.name,
        }))
      : [{ value: String(me.user.id), label: `${me.user.name} (you)` }],
  };
}

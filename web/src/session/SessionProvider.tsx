import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { currentOrg, selectOrg, whenSignedOut } from '../api/client.ts';
import { auth } from '../api/endpoints.ts';
import type { Account, Membership, Role } from '../api/types.ts';

export interface Session {
  me: Account;
  userId: number;
  role: Role | null;
  organization: Account['organization'];
  memberships: Membership[];
  switchOrganization(slug: string): Promise<void>;
  signOut(): Promise<void>;
}

interface SessionState {
  me: Account | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  /** After something else signed the browser in (accepting an invitation). */
  reload(): Promise<void>;
  session: Session | null;
}

const SessionContext = createContext<SessionState | null>(null);
const ME_KEY = ['auth', 'me'];
const ME_HASH = JSON.stringify(ME_KEY); // how TanStack Query hashes a key of plain strings

/** Anonymous is an answer, not an error: the session check says "signed out" with a 200. */
async function loadMe(): Promise<Account | null> {
  return (await auth.session()).account;
}

/**
 * Whenever who is signed in (or in which organization) changes, everything cached belongs to the previous
 * session. The sign-in query itself is kept and overwritten rather than removed, so the components watching it
 * hear the change.
 */
function startSession(queries: QueryClient, me: Account | null): void {
  queries.removeQueries({ predicate: (query) => query.queryHash !== ME_HASH });
  queries.setQueryData(ME_KEY, me);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const meQuery = useQuery({ queryKey: ME_KEY, queryFn: loadMe, staleTime: 60_000, retry: false });
  const me = meQuery.data ?? null;

  useEffect(() => {
    whenSignedOut(() => {
      queries.setQueryData(ME_KEY, null);
    });
  }, [queries]);

  // A remembered organization the person has since left must not keep failing every request.
  useEffect(() => {
    const slug = currentOrg();
    if (!me || !slug) return;
    if (!me.memberships.some((m) => m.slug === slug)) {
      selectOrg(null);
      void queries.invalidateQueries();
    }
  }, [me, queries]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      await auth.login(email, password);
      const signedIn = await auth.me();
      if (signedIn.organization) selectOrg(signedIn.organization.slug);
      startSession(queries, signedIn);
    },
    [queries],
  );

  const signOut = useCallback(async () => {
    try {
      await auth.logout();
    } finally {
      startSession(queries, null);
    }
  }, [queries]);

  const switchOrganization = useCallback(
    async (slug: string) => {
      selectOrg(slug);
      startSession(queries, await auth.me());
    },
    [queries],
  );

  const value = useMemo<SessionState>(() => {
    const session: Session | null = me
      ? {
          me,
          userId: me.user.id,
          role: me.role,
          organization: me.organization,
          memberships: me.memberships,
          switchOrganization,
          signOut,
        }
      : null;
    const reload = async () => startSession(queries, await loadMe());
    return { me, loading: meQuery.isPending, signIn, reload, session };
  }, [me, meQuery.isPending, signIn, signOut, switchOrganization, queries]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState needs a SessionProvider');
  return state;
}

/** For pages behind sign-in: the session is always there. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession is for signed-in pages only');
  return session;
}

import { expiresAfter, hashSecret, isApiToken, newSecret, SESSION_PREFIX } from '../auth/secrets.ts';
import type { Session } from '../contracts/accounts.ts';
import type { Db } from '../db/index.ts';
import { forbidden, notFound } from '../domain/errors.ts';
import { type Clock, isoNow } from '../domain/time.ts';
import { membershipsOf } from './actors.ts';
import type { CrmDeps } from './deps.ts';

/** Starts a sign-in session for a user and returns its secret, which only the caller ever sees. */
export async function createSession(db: Db, userId: number, clock: Clock, ttlDays: number): Promise<string> {
  const token = newSecret(SESSION_PREFIX);
  const now = clock();
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashSecret(token),
      user_id: userId,
      created_at: now.toISOString(),
      last_used_at: now.toISOString(),
      expires_at: expiresAfter(now, ttlDays),
    })
    .execute();
  return token;
}

/** Signs a user out everywhere, except (when given) the session making the request. */
export async function revokeSessionsOf(db: Db, userId: number, except?: string | null): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (except) q = q.where('token_hash', '<>', hashSecret(except));
  await q.execute();
}

/** Whose a bearer secret is. */
export interface Credential {
  userId: number;
  /** API tokens are bound to one organization; sessions may pick any membership. */
  organizationId?: number;
  kind: 'session' | 'api_token';
}

/** Which kind of secret a request was authenticated with. */
export type CredentialKind = Credential['kind'];

/**
 * Refuses (403) what only a person signed in with their password may do: a leaked API token must not be able
 * to mint credentials that outlive its own revocation.
 */
export function requireSession(credential: CredentialKind, what: string): void {
  if (credential !== 'session') {
    throw forbidden(`An API token cannot ${what}; sign in with your password to do it`);
  }
}

/** Resolves a bearer secret (session or personal API token) to its user, or null when unknown, expired or revoked. */
export async function resolveBearer(db: Db, token: string, clock: Clock): Promise<Credential | null> {
  const now = isoNow(clock);
  const hash = hashSecret(token);
  if (isApiToken(token)) {
    const row = await db
      .selectFrom('api_tokens')
      .select(['id', 'user_id', 'organization_id', 'expires_at', 'revoked_at', 'last_used_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) return null;
    // Writing last_used_at on every request would turn each read into a write; once a minute is enough.
    if (!row.last_used_at || row.last_used_at < new Date(clock().getTime() - 60_000).toISOString()) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    }
    return { userId: row.user_id, organizationId: row.organization_id, kind: 'api_token' };
  }
  const row = await db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'expires_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.expires_at <= now) return null;
  return { userId: row.user_id, kind: 'session' };
}

/** Sign-in sessions: opened after a person proves who they are, ended on sign-out. */
export function sessionsService({ db, clock }: CrmDeps) {
  return {
    /**
     * Pre-authentication: opens a session for a user who has just proved who they are, returning its secret,
     * the user and their memberships. A user who belongs nowhere gets none (403): it could only fail.
     */
    async open(userId: number, ttlDays: number): Promise<Session> {
      const memberships = await membershipsOf(db, userId);
      if (memberships.length === 0) {
        throw forbidden('You are not a member of any organization yet; ask an owner to invite you');
      }
      const user = await db
        .selectFrom('users')
        .select(['id', 'email', 'name'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) throw notFound('user', userId);
      const token = await createSession(db, userId, clock, ttlDays);
      return { token, user, memberships };
    },

    /** Ends the session a secret belongs to; an unknown secret is already ended. */
    async end(token: string): Promise<void> {
      await db.deleteFrom('sessions').where('token_hash', '=', hashSecret(token)).execute();
    },

    /** Pre-authentication: whose a bearer secret (session or API token) is, or null when it is not valid. */
    resolve: (token: string) => resolveBearer(db, token, clock),
  };
}

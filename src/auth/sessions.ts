import type { Db } from '../db/index.ts';
import { type Clock, isoNow } from '../domain/time.ts';
import { hashSecret, newSecret } from './secrets.ts';

export const SESSION_PREFIX = 'pls';
export const API_TOKEN_PREFIX = 'plt';

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
      expires_at: new Date(now.getTime() + ttlDays * 86_400_000).toISOString(),
    })
    .execute();
  return token;
}

export async function revokeSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashSecret(token)).execute();
}

/** Signs a user out everywhere, except (when given) the session making the request. */
export async function revokeSessionsOf(db: Db, userId: number, except?: string | null): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (except) q = q.where('token_hash', '<>', hashSecret(except));
  await q.execute();
}

export interface Credential {
  userId: number;
  /** API tokens are bound to one organization; sessions may pick any membership. */
  organizationId?: number;
  kind: 'session' | 'api_token';
}

/** Resolves a bearer secret (session or personal API token) to its user, or null when unknown, expired or revoked. */
export async function resolveBearer(db: Db, token: string, clock: Clock): Promise<Credential | null> {
  const now = isoNow(clock);
  const hash = hashSecret(token);
  if (token.startsWith(`${API_TOKEN_PREFIX}_`)) {
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

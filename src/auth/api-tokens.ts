import type { Selectable } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../crm/audit.ts';
import { text } from '../crm/fields.ts';
import { listQuery, paginate, sortable } from '../crm/list.ts';
import type { Db } from '../db/index.ts';
import type { ApiTokensTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { notFound } from '../domain/errors.ts';
import { type Clock, isoNow } from '../domain/time.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { API_TOKEN_PREFIX } from './sessions.ts';

/**
 * Personal API tokens: for scripts and MCP clients. Each acts as its user in one organization, is shown once
 * and stored only as a hash. People see and revoke only their own tokens, in the organization they act in.
 */

export const apiTokenInput = z
  .object({
    name: text(100),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

const SORT = sortable(['created_at']);
export const apiTokenListQuery = listQuery(SORT, {});

/** Enough of the secret to tell tokens apart in a list, far too little to guess the rest. */
const SHOWN_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 1 + 6;

export function toApiToken(r: Selectable<ApiTokensTable>) {
  return {
    id: r.id,
    name: r.name,
    prefix: r.token_prefix,
    organizationId: r.organization_id,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}
export type ApiToken = ReturnType<typeof toApiToken>;

export async function createApiToken(
  db: Db,
  clock: Clock,
  actor: Actor,
  raw: unknown,
): Promise<ApiToken & { token: string }> {
  const input = apiTokenInput.parse(raw);
  const token = newSecret(API_TOKEN_PREFIX);
  const now = clock();
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        user_id: actor.userId,
        organization_id: actor.organizationId,
        name: input.name,
        token_hash: hashSecret(token),
        token_prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
        created_at: at,
        last_used_at: null,
        expires_at: input.expiresInDays
          ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString()
          : null,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const created = toApiToken(row);
    await recordAudit(trx, actor, at, {
      action: 'create',
      entity: 'api_token',
      entityId: row.id,
      after: created,
    });
    return { ...created, token };
  });
}

export async function listApiTokens(db: Db, actor: Actor, raw: unknown) {
  const params = apiTokenListQuery.parse(raw);
  const q = db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .where('organization_id', '=', actor.organizationId);
  const page = await paginate(q, params, SORT);
  return { items: page.items.map(toApiToken), nextCursor: page.nextCursor };
}

/** Revoking twice is harmless; another person's token, or one from another organization, is not found. */
export async function revokeApiToken(db: Db, clock: Clock, actor: Actor, tokenId: number): Promise<void> {
  const before = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', tokenId)
    .where('user_id', '=', actor.userId)
    .where('organization_id', '=', actor.organizationId)
    .executeTakeFirst();
  if (!before) throw notFound('API token', tokenId);
  if (before.revoked_at) return;
  const now = isoNow(clock);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, now, {
      action: 'delete',
      entity: 'api_token',
      entityId: row.id,
      before: toApiToken(before),
      after: toApiToken(row),
    });
  });
}

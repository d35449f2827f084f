import type { Selectable } from 'kysely';
import { z } from 'zod';
import { API_TOKEN_PREFIX, expiresAfter, hashSecret, newSecret } from '../auth/secrets.ts';
import type { ApiToken, NewApiToken } from '../contracts/accounts.ts';
import type { Db } from '../db/index.ts';
import type { ApiTokensTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { notFound } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { text } from './fields.ts';
import { listQuery, paginate, sortable } from './list.ts';
import { revokeOnce } from './revocation.ts';

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
/** Listing one's own tokens, newest first by default. */
export const apiTokenListQuery = listQuery(SORT, {});

/** Enough of the secret to tell tokens apart in a list, far too little to guess the rest. */
const SHOWN_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 1 + 6;

/** A token as its owner sees it: never the secret. */
export function toApiToken(r: Selectable<ApiTokensTable>): ApiToken {
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

/** The actor's own tokens in the organization they act in. */
function ownTokens(db: Db, actor: Actor) {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .where('organization_id', '=', actor.organizationId);
}

/** Each person's own API tokens. */
export function apiTokensService({ db, clock }: CrmDeps) {
  return {
    /** Returns the token with its secret, which exists only here: the database keeps its hash. */
    async create(actor: Actor, raw: unknown): Promise<NewApiToken> {
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
            expires_at: input.expiresInDays ? expiresAfter(now, input.expiresInDays) : null,
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
    },

    async list(actor: Actor, raw: unknown) {
      const params = apiTokenListQuery.parse(raw);
      const page = await paginate(ownTokens(db, actor), params, SORT);
      return { items: page.items.map(toApiToken), nextCursor: page.nextCursor };
    },

    /** Revoking twice is harmless; another person's token, or one from another organization, is not found. */
    async revoke(actor: Actor, tokenId: number): Promise<void> {
      const now = isoNow(clock);
      await revokeOnce(db, actor, now, {
        entity: 'api_token',
        load: (trx) => ownTokens(trx, actor).where('id', '=', tokenId).executeTakeFirst(),
        missing: notFound('API token', tokenId),
        revoke: (trx, id) =>
          trx
            .updateTable('api_tokens')
            .set({ revoked_at: now })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow(),
        view: toApiToken,
      });
    },
  };
}

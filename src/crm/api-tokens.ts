import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { LockoutPolicy, SignInSource } from '../auth/lockout.ts';
import { API_TOKEN_PREFIX, expiresAfter, hashSecret, newSecret } from '../auth/secrets.ts';
import type { ApiToken, NewApiToken } from '../contracts/accounts.ts';
import type { Db } from '../db/index.ts';
import type { ApiTokensTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { notFound } from '../domain/errors.ts';
import { type Clock, isoNow } from '../domain/time.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { text } from './fields.ts';
import { listQuery, paginate, sortable } from './list.ts';
import { revokeOnce } from './revocation.ts';
import { type CredentialKind, requireSession } from './sessions.ts';
import { confirmCurrentPassword, givenPassword } from './sign-in.ts';

/**
 * Personal API tokens: for scripts and MCP clients. Each acts as its user in one organization, is shown once
 * and stored only as a hash. People see and revoke only their own tokens, in the organization they act in.
 */

/** What a token is: its label and, optionally, when it expires. */
export const apiTokenFields = z
  .object({
    name: text(100, 'a name'),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

/** A person asking for a token: a token can outlive the session that made it, so it takes the password too. */
export const apiTokenInput = apiTokenFields.extend({ currentPassword: givenPassword }).strict();

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

/** Revokes every live API token of a user, in all organizations; returns how many. */
export async function revokeTokensOf(db: Db, userId: number, now: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How a token's maker proves who they are: the kind of credential the request came with, and their password. */
export interface TokenProof {
  credential: CredentialKind;
  policy: LockoutPolicy;
  source: SignInSource;
}

/** Stores a new token for the actor and returns it with its secret, which exists only here. */
async function insertToken(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.infer<typeof apiTokenFields>,
): Promise<NewApiToken> {
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
}

/** Each person's own API tokens. */
export function apiTokensService({ db, clock }: CrmDeps) {
  return {
    /**
     * Returns the token with its secret, which exists only here: the database keeps its hash. Needs a session
     * (403 for an API token) and the current password (400 when wrong, counted by the lockout like a sign-in).
     */
    async create(actor: Actor, raw: unknown, proof: TokenProof): Promise<NewApiToken> {
      requireSession(proof.credential, 'create API tokens');
      const input = apiTokenInput.parse(raw);
      await confirmCurrentPassword(db, clock, proof, actor.userId, input.currentPassword);
      return insertToken(db, clock, actor, input);
    },

    /**
     * System: a token made by the operator (`parley token create`), who has the database already and so
     * needs neither a session nor the person's password.
     */
    issue: (actor: Actor, raw: unknown) => insertToken(db, clock, actor, apiTokenFields.parse(raw)),

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

import { z } from 'zod';
import type { LockoutPolicy, SignInSource } from '../auth/lockout.ts';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import type { Account } from '../contracts/accounts.ts';
import type { Db } from '../db/index.ts';
import type { Actor, Via } from '../domain/actor.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { type ActorChoice, actorFor, membershipsOf } from './actors.ts';
import { revokeTokensOf } from './api-tokens.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { revokeSessionsOf } from './sessions.ts';
import { authenticate, confirmCurrentPassword, givenPassword } from './sign-in.ts';
import { unlinkChatsOf } from './telegram-links.ts';

/** A password being chosen. */
export const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH);

/**
 * Changing one's own password: the current one, then the new one. API tokens are revoked with the change
 * unless `keepApiTokens` is true (scripts the person trusts keep running); Telegram chats are always signed out.
 */
export const passwordChangeInput = z
  .object({ currentPassword: givenPassword, newPassword, keepApiTokens: z.boolean().optional() })
  .strict();

/**
 * Sets a user's password hash and closes what the old password may have opened: every session but
 * `keepSession`, every Telegram chat signed in as them, and their API tokens unless kept. Returns what it closed.
 */
export async function replacePassword(
  trx: Db,
  userId: number,
  hash: string,
  now: string,
  opts: { keepSession?: string | null; keepApiTokens?: boolean } = {},
): Promise<{ chatsSignedOut: number; apiTokensRevoked: number }> {
  await trx
    .updateTable('users')
    .set({ password_hash: hash, updated_at: now })
    .where('id', '=', userId)
    .execute();
  await revokeSessionsOf(trx, userId, opts.keepSession ?? null);
  const chatsSignedOut = await unlinkChatsOf(trx, userId, now);
  const apiTokensRevoked = opts.keepApiTokens ? 0 : await revokeTokensOf(trx, userId, now);
  return { chatsSignedOut, apiTokensRevoked };
}

/** Who is signed in, every organization they belong to, and the one this request acts in. */
export async function accountOf(db: Db, actor: Actor): Promise<Account> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  if (!user) throw notFound('user', actor.userId);
  const memberships = await membershipsOf(db, actor.userId);
  const current = memberships.find((m) => m.organizationId === actor.organizationId);
  return {
    user,
    memberships,
    organization: current ? { id: current.organizationId, slug: current.slug, name: current.name } : null,
    role: actor.role,
  };
}

/** People's own accounts, and the look-ups that make an actor of someone signing in. */
export function accountService({ db, clock }: CrmDeps) {
  return {
    /** Who the actor is: their user, memberships and current organization. */
    get: (actor: Actor) => accountOf(db, actor),

    /** The organizations the actor's user belongs to. */
    memberships: (actor: Actor) => membershipsOf(db, actor.userId),

    /**
     * Replaces the actor's password after checking the current one (under the same lockout as sign-in, so a
     * stolen session cannot be used to guess it). Whoever may have learnt the old password loses what it gave:
     * every other session of the user ends, every Telegram chat signed in as them is signed out, and their
     * API tokens are revoked unless the input keeps them.
     */
    async changePassword(
      actor: Actor,
      raw: unknown,
      check: { policy: LockoutPolicy; source: SignInSource },
      currentSession: string | null,
    ): Promise<void> {
      const input = passwordChangeInput.parse(raw);
      await confirmCurrentPassword(db, clock, check, actor.userId, input.currentPassword);
      const hash = await hashPassword(input.newPassword);
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        const closed = await replacePassword(trx, actor.userId, hash, now, {
          keepSession: currentSession,
          keepApiTokens: input.keepApiTokens === true,
        });
        await recordAudit(trx, actor, now, {
          action: 'update',
          entity: 'password',
          entityId: actor.userId,
          after: closed,
        });
      });
    },

    /**
     * Pre-authentication: checks an email and password under the channel's lockout, counted against `source`
     * (401 for either wrong, 423 while locked or paused) and returns the user.
     */
    signIn: (email: string, password: string, policy: LockoutPolicy, source: SignInSource) =>
      authenticate(db, clock, policy, email, password, source),

    /** Pre-authentication: the organizations a user who is signing in belongs to. */
    membershipsOfUser: (userId: number) => membershipsOf(db, userId),

    /** Pre-authentication: the actor a signed-in user acts as (403 when not a member of the one chosen). */
    actorFor: (userId: number, via: Via, choice: ActorChoice = {}) => actorFor(db, userId, via, choice),

    /** System: the user with an email, for operator commands (404 when there is none). */
    async userIdByEmail(email: string): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email.toLowerCase())
        .executeTakeFirst();
      if (!row) throw new DomainError('not_found', `no user with email ${email}`);
      return row.id;
    },
  };
}

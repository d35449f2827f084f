import { z } from 'zod';
import { recordAudit } from '../crm/audit.ts';
import type { Db } from '../db/index.ts';
import type { Actor } from '../domain/actor.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { type Clock, isoNow } from '../domain/time.ts';
import { membershipsOf } from './actors.ts';
import { type LockoutPolicy, verifyWithLockout } from './login.ts';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { revokeSessionsOf } from './sessions.ts';

/** A password someone types to prove who they are: never trimmed, only bounded. */
export const givenPassword = z.string().min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH);

/** A password being chosen. */
export const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH);

export const passwordChangeInput = z.object({ currentPassword: givenPassword, newPassword }).strict();

/** Who is signed in, every organization they belong to, and the one this request acts in. */
export async function accountOf(db: Db, actor: Actor) {
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

/**
 * Replaces the actor's password after checking the current one (under the same lockout as sign-in, so a
 * stolen session cannot be used to guess it) and signs out every other session of the user.
 */
export async function changePassword(
  db: Db,
  clock: Clock,
  policy: LockoutPolicy,
  actor: Actor,
  raw: unknown,
  currentSession: string | null,
): Promise<void> {
  const input = passwordChangeInput.parse(raw);
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'failed_login_count', 'locked_until'])
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  if (!user) throw notFound('user', actor.userId);
  if (!(await verifyWithLockout(db, clock, policy, user, input.currentPassword))) {
    throw invalid('currentPassword is not correct', [{ path: 'currentPassword', message: 'is not correct' }]);
  }
  const hash = await hashPassword(input.newPassword);
  const now = isoNow(clock);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, updated_at: now })
      .where('id', '=', user.id)
      .execute();
    await revokeSessionsOf(trx, user.id, currentSession);
    await recordAudit(trx, actor, now, { action: 'update', entity: 'password', entityId: user.id });
  });
}

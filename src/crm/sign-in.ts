import { type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import {
  accountLockEnds,
  FORGET_FAILURES_HOURS,
  type LockoutPolicy,
  lockedAt,
  lockedError,
  pausedError,
  type SignInSource,
  sourceDelayMs,
} from '../auth/lockout.ts';
import { decoyHash, MAX_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords.ts';
import type { User } from '../contracts/accounts.ts';
import type { Db } from '../db/index.ts';
import type { UserRow } from '../db/schema.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import { addMinutes, type Clock } from '../domain/time.ts';

/** A password someone types to prove who they are: never trimmed, only bounded. */
export const givenPassword = z
  .string({ error: 'Enter your password' })
  .min(1, 'Enter your password')
  .max(MAX_PASSWORD_LENGTH);

type Credentials = Pick<UserRow, 'id' | 'password_hash' | 'locked_until'>;

/** One message for an unknown email and a wrong password, so sign-in does not reveal who has an account. */
export const WRONG_CREDENTIALS = 'The email or password is not correct';

/** A lock column (an account's or a source's) that is unset or has run out by `nowIso`. */
const notLocked = (column: 'users.locked_until' | 'sign_in_throttles.locked_until', nowIso: string) =>
  sql<SqlBool>`(${sql.ref(column)} is null or ${sql.ref(column)} <= ${nowIso})`;

/**
 * Counts this attempt against its source before the password is checked, in one statement, and returns the
 * source's count with it. Counting first is what keeps a burst of parallel guesses within the limit: the
 * attempt that reaches it pauses the source at once (for the longest pause, shortened to its due length
 * just after), so no attempt after it is even checked. A right password takes its count back.
 */
async function claimAttempt(
  db: Db,
  policy: LockoutPolicy,
  userId: number,
  source: SignInSource,
  now: Date,
): Promise<number> {
  const nowIso = now.toISOString();
  const forgetBefore = new Date(now.getTime() - FORGET_FAILURES_HOURS * 3_600_000).toISOString();
  const longest = addMinutes(now, policy.lockoutMinutes).toISOString();
  const count = sql<number>`case when sign_in_throttles.last_failure_at < ${forgetBefore} then 1 else sign_in_throttles.failures + 1 end`;
  const row = await db
    .insertInto('sign_in_throttles')
    .values({
      user_id: userId,
      source,
      failures: 1,
      locked_until: policy.maxFailures <= 1 ? longest : null,
      last_failure_at: nowIso,
    })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'source'])
        .doUpdateSet({
          failures: count,
          locked_until: sql<
            string | null
          >`case when ${count} >= ${policy.maxFailures} then ${longest} else null end`,
          last_failure_at: nowIso,
        })
        .where(notLocked('sign_in_throttles.locked_until', nowIso)),
    )
    .returning('failures')
    .executeTakeFirst();
  if (!row) {
    const paused = await db
      .selectFrom('sign_in_throttles')
      .select('locked_until')
      .where('user_id', '=', userId)
      .where('source', '=', source)
      .executeTakeFirst();
    throw pausedError(paused?.locked_until ?? longest, now);
  }
  const failures = Number(row.failures);
  const delay = sourceDelayMs(policy, failures);
  if (delay > 0) {
    await db
      .updateTable('sign_in_throttles')
      .set({ locked_until: new Date(now.getTime() + delay).toISOString() })
      .where('user_id', '=', userId)
      .where('source', '=', source)
      .where('failures', '=', failures)
      .execute();
  }
  return failures;
}

/**
 * After a right password: checks the account lock again (parallel guesses from elsewhere may have set it
 * while the password was hashed) and, in the same statement, clears the account's count; then forgets the
 * source's failures.
 */
async function confirmSuccess(db: Db, userId: number, source: SignInSource, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  const cleared = await db
    .updateTable('users')
    .set({ failed_login_count: 0, locked_until: null })
    .where('id', '=', userId)
    .where(notLocked('users.locked_until', nowIso))
    .returning('id')
    .executeTakeFirst();
  if (!cleared) throw lockedError(await accountLock(db, userId, now), now);
  await db
    .deleteFrom('sign_in_throttles')
    .where('user_id', '=', userId)
    .where('source', '=', source)
    .execute();
}

async function accountLock(db: Db, userId: number, now: Date): Promise<string> {
  const row = await db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirst();
  return lockedAt(row?.locked_until ?? null, now) ?? now.toISOString();
}

/**
 * After a wrong password: counts it against the account in one statement, which locks the account when it
 * is the last one allowed from all sources together; an account locked meanwhile is left as it is.
 */
async function countAccountFailure(db: Db, policy: LockoutPolicy, userId: number, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  const reachesLimit = sql`failed_login_count + 1 >= ${policy.accountMaxFailures}`;
  const row = await db
    .updateTable('users')
    .set({
      failed_login_count: sql<number>`case when ${reachesLimit} then 0 else failed_login_count + 1 end`,
      locked_until: sql<
        string | null
      >`case when ${reachesLimit} then ${accountLockEnds(policy, now)} else locked_until end`,
    })
    .where('id', '=', userId)
    .where(notLocked('users.locked_until', nowIso))
    .returning('locked_until')
    .executeTakeFirst();
  const until = lockedAt(row ? row.locked_until : await accountLock(db, userId, now), now);
  if (until) throw lockedError(until, now);
}

/**
 * Checks `password` for a known user under the lockout policy, counting it against `source` (where the
 * guess comes from) and the account. A locked account or a paused source is refused (423) whatever the
 * password; the wrong password that reaches a source's limit pauses that source (423), with longer pauses
 * for each further one; success clears the source's count. Returns whether the password was right.
 */
export async function verifyWithLockout(
  db: Db,
  clock: Clock,
  policy: LockoutPolicy,
  user: Credentials,
  password: string,
  source: SignInSource,
): Promise<boolean> {
  const now = clock();
  const locked = lockedAt(user.locked_until, now);
  if (locked) throw lockedError(locked, now);
  const failures = await claimAttempt(db, policy, user.id, source, now);

  // Accounts without a password (not yet set) still pay for a hash, and never match the decoy's password.
  const matches = await verifyPassword(user.password_hash ?? (await decoyHash()), password);
  if (matches && user.password_hash !== null) {
    await confirmSuccess(db, user.id, source, now);
    return true;
  }
  await countAccountFailure(db, policy, user.id, now);
  if (failures >= policy.maxFailures) {
    throw pausedError(new Date(now.getTime() + sourceDelayMs(policy, failures)).toISOString(), now);
  }
  return false;
}

/**
 * For a signed-in person confirming a sensitive change (a new password, an API token): their current
 * password, checked and counted like a sign-in; a wrong one is a 400 on the `currentPassword` field.
 */
export async function confirmCurrentPassword(
  db: Db,
  clock: Clock,
  check: { policy: LockoutPolicy; source: SignInSource },
  userId: number,
  password: string,
): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'locked_until'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw notFound('user', userId);
  if (!(await verifyWithLockout(db, clock, check.policy, user, password, check.source))) {
    throw invalid('currentPassword is not correct', [{ path: 'currentPassword', message: 'is not correct' }]);
  }
}

/**
 * Pre-authentication: signs a person in by email and password. 401 with one message for an unknown email or
 * a wrong password, 423 while the account is locked or the source paused. Each channel passes its own
 * limits, and where the attempt comes from.
 */
export async function authenticate(
  db: Db,
  clock: Clock,
  policy: LockoutPolicy,
  email: string,
  password: string,
  source: SignInSource,
): Promise<User> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'locked_until'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) {
    // The same hashing work as for a real account, so timing does not tell which emails exist.
    await verifyPassword(await decoyHash(), password);
    throw new DomainError('unauthenticated', WRONG_CREDENTIALS);
  }
  if (!(await verifyWithLockout(db, clock, policy, user, password, source))) {
    throw new DomainError('unauthenticated', WRONG_CREDENTIALS);
  }
  return { id: user.id, email: user.email, name: user.name };
}

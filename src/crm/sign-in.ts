import { sql } from 'kysely';
import { type LockoutPolicy, lockEnds, lockedAt, lockedError } from '../auth/lockout.ts';
import { decoyHash, verifyPassword } from '../auth/passwords.ts';
import type { User } from '../contracts/accounts.ts';
import type { Db } from '../db/index.ts';
import type { UserRow } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';

type Credentials = Pick<UserRow, 'id' | 'password_hash' | 'failed_login_count' | 'locked_until'>;

/** One message for an unknown email and a wrong password, so sign-in does not reveal who has an account. */
export const WRONG_CREDENTIALS = 'The email or password is not correct';

/**
 * Checks `password` for a known user under the lockout policy. A locked account is refused (423) whatever the
 * password; a wrong one counts a failure, and the failure that reaches the limit locks the account and starts
 * the count again. Success clears the count. Returns whether the password was right.
 */
export async function verifyWithLockout(
  db: Db,
  clock: Clock,
  policy: LockoutPolicy,
  user: Credentials,
  password: string,
): Promise<boolean> {
  const now = clock();
  const nowIso = now.toISOString();
  const locked = lockedAt(user.locked_until, now);
  if (locked) throw lockedError(locked, now);

  // Accounts without a password (not yet set) still pay for a hash, and never match the decoy's password.
  const matches = await verifyPassword(user.password_hash ?? (await decoyHash()), password);
  if (matches && user.password_hash !== null) {
    if (user.failed_login_count > 0 || user.locked_until) {
      await db
        .updateTable('users')
        .set({ failed_login_count: 0, locked_until: null })
        .where('id', '=', user.id)
        .execute();
    }
    return true;
  }

  const until = lockEnds(policy, now);
  const reachesLimit = sql`failed_login_count + 1 >= ${policy.maxFailures}`;
  // One statement counts the failure and locks when it is the last one allowed, so parallel guesses cannot
  // slip past the limit; an account locked meanwhile by a parallel request is left as it is.
  const row = await db
    .updateTable('users')
    .set({
      failed_login_count: sql<number>`case when ${reachesLimit} then 0 else failed_login_count + 1 end`,
      locked_until: sql<string | null>`case when ${reachesLimit} then ${until} else locked_until end`,
    })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
    .returning('locked_until')
    .executeTakeFirst();
  const lockedUntil = row
    ? row.locked_until
    : (await db.selectFrom('users').select('locked_until').where('id', '=', user.id).executeTakeFirst())
        ?.locked_until;
  const nowLocked = lockedAt(lockedUntil ?? null, now);
  if (nowLocked) throw lockedError(nowLocked, now);
  return false;
}

/**
 * Pre-authentication: signs a person in by email and password. 401 with one message for an unknown email or
 * a wrong password, 423 while the account is locked. Each channel passes its own lockout limits.
 */
export async function authenticate(
  db: Db,
  clock: Clock,
  policy: LockoutPolicy,
  email: string,
  password: string,
): Promise<User> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'failed_login_count', 'locked_until'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) {
    // The same hashing work as for a real account, so timing does not tell which emails exist.
    await verifyPassword(await decoyHash(), password);
    throw new DomainError('unauthenticated', WRONG_CREDENTIALS);
  }
  if (!(await verifyWithLockout(db, clock, policy, user, password))) {
    throw new DomainError('unauthenticated', WRONG_CREDENTIALS);
  }
  return { id: user.id, email: user.email, name: user.name };
}

import { DomainError } from '../domain/errors.ts';
import { addMinutes } from '../domain/time.ts';

/** How many wrong passwords in a row lock an account, and for how long. Each channel passes its own. */
export interface LockoutPolicy {
  maxFailures: number;
  lockoutMinutes: number;
}

/** The policy the configuration sets for the web and API sign-in. */
export function lockoutPolicy(config: {
  LOGIN_MAX_FAILURES: number;
  LOGIN_LOCKOUT_MINUTES: number;
}): LockoutPolicy {
  return { maxFailures: config.LOGIN_MAX_FAILURES, lockoutMinutes: config.LOGIN_LOCKOUT_MINUTES };
}

/** The end of a lock recorded as `lockedUntil`, or null when the account is not locked at `now`. */
export function lockedAt(lockedUntil: string | null, now: Date): string | null {
  return lockedUntil && lockedUntil > now.toISOString() ? lockedUntil : null;
}

/** When a lock that starts at `now` ends. */
export function lockEnds(policy: LockoutPolicy, now: Date): string {
  return addMinutes(now, policy.lockoutMinutes).toISOString();
}

/** The refusal while an account is locked (423), saying until when. */
export function lockedError(until: string, now: Date): DomainError {
  const minutes = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60_000));
  return new DomainError(
    'locked',
    `Too many failed sign-in attempts: this account is locked until ${until}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { lockedUntil: until },
  );
}

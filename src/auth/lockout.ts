import { DomainError } from '../domain/errors.ts';
import { addMinutes } from '../domain/time.ts';

/**
 * How wrong passwords are throttled (docs/security.md, "Sign-in: lockout and throttling"). Failures are
 * counted per account and source (a client address, a Telegram chat): a source that reaches `maxFailures`
 * is paused for `backoffSeconds`, doubled by each further wrong password up to `lockoutMinutes`, while the
 * owner signing in from elsewhere is not. Only `accountMaxFailures` wrong passwords from all sources together
 * lock the account itself, briefly. Each channel passes its own.
 */
export interface LockoutPolicy {
  maxFailures: number;
  backoffSeconds: number;
  lockoutMinutes: number;
  accountMaxFailures: number;
  accountLockoutMinutes: number;
}

/** A source's failures are forgotten after this long without another one. */
export const FORGET_FAILURES_HOURS = 24;

/** The policy the configuration sets for the web and API sign-in. */
export function lockoutPolicy(config: {
  LOGIN_MAX_FAILURES: number;
  LOGIN_BACKOFF_SECONDS: number;
  LOGIN_LOCKOUT_MINUTES: number;
  LOGIN_ACCOUNT_MAX_FAILURES: number;
  LOGIN_ACCOUNT_LOCKOUT_MINUTES: number;
}): LockoutPolicy {
  return {
    maxFailures: config.LOGIN_MAX_FAILURES,
    backoffSeconds: config.LOGIN_BACKOFF_SECONDS,
    lockoutMinutes: config.LOGIN_LOCKOUT_MINUTES,
    accountMaxFailures: config.LOGIN_ACCOUNT_MAX_FAILURES,
    accountLockoutMinutes: config.LOGIN_ACCOUNT_LOCKOUT_MINUTES,
  };
}

/** The end of a lock recorded as `lockedUntil`, or null when it is not in force at `now`. */
export function lockedAt(lockedUntil: string | null, now: Date): string | null {
  return lockedUntil && lockedUntil > now.toISOString() ? lockedUntil : null;
}

/**
 * How long a source is paused after its `failures`-th wrong password in a row, in milliseconds: nothing below
 * the limit, then `backoffSeconds`, doubling with each further failure, never more than `lockoutMinutes`.
 */
export function sourceDelayMs(policy: LockoutPolicy, failures: number): number {
  if (failures < policy.maxFailures) return 0;
  const cap = policy.lockoutMinutes * 60_000;
  // Past 30 doublings every delay is the cap anyway; stopping there keeps the number finite.
  const doublings = Math.min(failures - policy.maxFailures, 30);
  return Math.min(cap, policy.backoffSeconds * 1000 * 2 ** doublings);
}

/** When the account-wide lock that starts at `now` ends. */
export function accountLockEnds(policy: LockoutPolicy, now: Date): string {
  return addMinutes(now, policy.accountLockoutMinutes).toISOString();
}

function waitFor(until: string, now: Date): string {
  const seconds = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** A lock's end as people read it: the time of day in UTC (locks last minutes, never past the next day). */
function clockTime(until: string): string {
  return `${until.slice(11, 16)} UTC`;
}

/** The refusal while the account itself is locked (423), saying until when. */
export function lockedError(until: string, now: Date): DomainError {
  return new DomainError(
    'locked',
    `Too many failed sign-in attempts: this account is locked until ${clockTime(until)}. Try again in ${waitFor(until, now)}.`,
    { lockedUntil: until },
  );
}

/** The refusal while one source is paused for an account (423): others can still sign in. */
export function pausedError(until: string, now: Date): DomainError {
  return new DomainError(
    'locked',
    `Too many failed sign-in attempts from here: signing in to this account from here is paused until ${clockTime(until)}. Try again in ${waitFor(until, now)}.`,
    { lockedUntil: until },
  );
}

/** Where guesses come from, as throttles count them: a client address or a Telegram chat. */
export type SignInSource = `ip:${string}` | `telegram:${number}` | 'invitation';

export const addressSource = (ip: string): SignInSource => `ip:${ip}`;
export const chatSource = (chatId: number): SignInSource => `telegram:${chatId}`;

import { createHash, randomBytes } from 'node:crypto';

/** What each kind of secret starts with, so one can be told from another on sight. */
export const SESSION_PREFIX = 'pls';
export const API_TOKEN_PREFIX = 'plt';
export const INVITATION_PREFIX = 'pli';
export const RESET_PREFIX = 'plr';

/** Opaque bearer secrets: random, shown once, stored only as their SHA-256 so a database leak reveals none. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** What the database keeps of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether a bearer secret is a personal API token rather than a sign-in session. */
export function isApiToken(secret: string): boolean {
  return secret.startsWith(`${API_TOKEN_PREFIX}_`);
}

/** When a secret made at `now` to last `days` days expires. */
export function expiresAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}

/** When a secret made at `now` to last `minutes` minutes expires. */
export function expiresAfterMinutes(now: Date, minutes: number): string {
  return new Date(now.getTime() + minutes * 60_000).toISOString();
}

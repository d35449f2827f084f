import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Opaque bearer secrets: random, shown once, stored only as their SHA-256 so a database leak reveals none. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two strings of possibly different lengths (hashing first evens the lengths). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

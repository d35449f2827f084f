import { createHash, randomBytes } from 'node:crypto';

/** Opaque bearer secrets: random, shown once, stored only as their SHA-256 so a database leak reveals none. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

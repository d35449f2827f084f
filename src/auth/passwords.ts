import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes); Algorithm.Argon2id is the library's default.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The shortest password anyone may choose. */
export const MIN_PASSWORD_LENGTH = 8;
/** Long enough for any passphrase, short enough that hashing one cannot be used to burn CPU. */
export const MAX_PASSWORD_LENGTH = 1024;

/** An argon2id hash of a password, to store. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Whether a password matches a stored hash; a missing or malformed hash matches nothing. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so response time does not reveal which emails exist. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('parley-decoy-password');
  return decoy;
}

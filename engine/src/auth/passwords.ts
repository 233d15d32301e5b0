import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** The library's `Algorithm.Argon2id` (a const enum, which this build cannot import). */
const ARGON2ID = 2;

/** Argon2id at OWASP's minimum: 19 MiB, two passes, one lane. */
const ARGON2 = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** false for a wrong password and for a hash that does not parse (never a throw to the caller). */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    // A stored hash that does not parse matches nothing; the account is then reset by an administrator.
    return false;
  }
}

/** A random secret, URL-safe. */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** API key secrets are 32 random bytes: a fast hash is as safe as a slow one for them. */
export function keyHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameKeyHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

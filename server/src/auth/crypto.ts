import { hash as digest, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** A random secret for session ids, tokens and CSRF values: 256 bits, base64url. */
export const secret = (): string => randomBytes(32).toString('base64url');

/** A short random id for records. */
export const newId = (prefix: string): string => `${prefix}-${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;

/**
 * sha256 hex: how session ids, tokens, API keys and one-time codes are stored. The one-shot
 * `crypto.hash` costs a third of a `createHash` object, and every authenticated request pays it.
 */
export const sha256 = (value: string): string => digest('sha256', value, 'hex');

/** A 6-digit one-time code from the CSPRNG. */
export const oneTimeCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/**
 * Whether two strings are equal, in time that depends on their lengths only (as `sameSecret`), for a
 * hot path: it reads the strings where they are instead of copying both into Buffers first.
 */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Constant-time comparison of two strings. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum). */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash that never verifies, checked for unknown logins so they take as long as known ones. */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$jxveCOz7gsiwk+kWlS+89g$efemIvSPOFPjIYJaO49hTuQylDaJMbIytEMhpHNv3kM';

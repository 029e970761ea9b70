import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key is `crmb_<12 hex>_<43 base64url>`: the first part (with `crmb_`) is the prefix that finds
 * the row and is shown in lists; the rest is 32 random bytes. Only the SHA-256 of the whole key is
 * stored: the key is high-entropy, so a fast hash is as strong as a slow one here.
 */
const KEY_PATTERN = /^(crmb_[0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

/** A new random key and its prefix. */
export function generateApiKey(): { key: string; prefix: string } {
  const prefix = `crmb_${randomBytes(6).toString('hex')}`;
  return { key: `${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

/** The prefix of a well-formed key, or null for anything else (a forged or mistyped key). */
export function apiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** The stored form of a key: its SHA-256, hex. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares a key's hash with a stored one in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

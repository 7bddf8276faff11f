/**
 * API keys: who holds each (a name), what it may do (scopes), and the check of a presented key
 * against the keys' hashes in constant time. The server never holds a key in clear, only its
 * SHA-256: keys are 32 random bytes, so no dictionary or brute force reaches one through its hash,
 * and a slow hash (scrypt) would cost its milliseconds on every request of the hot route.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiScope } from './api-scopes.js';

/** Shorter keys are refused everywhere (the keys file, WEALTHREC_API_KEYS, a request). */
export const MIN_API_KEY_LENGTH = 32;

/** A key as the keys file records it: never the key itself. */
export interface ApiKeyEntry {
  /** Who holds the key (a team, a system): in audit records and as the rate limit's count. */
  name: string;
  scopes: readonly ApiScope[];
  /** `sha256:` and the 64 hex digits of the key's SHA-256. */
  hash: string;
}

/** The holder of the key a request presented. */
export interface ApiKeyHolder {
  name: string;
  scopes: ReadonlySet<ApiScope>;
}

/** The holder of the presented key, or null for no key, a short one or an unknown one. */
/** An audit record's `requestedBy` for a call through the API: the key's holder by name (never the key). */
export function requestedBy(holder: ApiKeyHolder): string {
  return `api:${holder.name}`;
}

export type KeyCheck = (presented: string | undefined) => ApiKeyHolder | null;

const HASH_PREFIX = 'sha256:';

export function hashApiKey(key: string): string {
  return `${HASH_PREFIX}${createHash('sha256').update(key).digest('hex')}`;
}

/** 32 random bytes, base64url (43 characters) behind `wrk_`, a prefix secret scanners can look for. */
export function generateApiKey(): string {
  return `wrk_${randomBytes(32).toString('base64url')}`;
}

/** The digest of a `sha256:<hex>` hash, or null when it is not one. */
export function hashDigest(hash: string): Buffer | null {
  if (!hash.startsWith(HASH_PREFIX) || !/^[0-9a-f]{64}$/.test(hash.slice(HASH_PREFIX.length))) return null;
  return Buffer.from(hash.slice(HASH_PREFIX.length), 'hex');
}

/**
 * Compares digests, not keys: timingSafeEqual needs equal lengths, and hashing first means the time
 * taken says nothing about the key's length or its common prefix with a real one. Every entry is
 * compared, matched or not, so the time does not say which one matched.
 */
export function keyChecker(entries: readonly ApiKeyEntry[]): KeyCheck {
  const known = entries.map((e) => {
    const digest = hashDigest(e.hash);
    if (!digest) throw new Error(`the key of ${e.name} has no sha256 hash`);
    return { digest, holder: { name: e.name, scopes: new Set(e.scopes) } satisfies ApiKeyHolder };
  });
  return (presented) => {
    if (presented === undefined || presented.length < MIN_API_KEY_LENGTH) return null;
    const d = createHash('sha256').update(presented).digest();
    let match: ApiKeyHolder | null = null;
    for (const k of known) if (timingSafeEqual(k.digest, d)) match = k.holder;
    return match;
  };
}

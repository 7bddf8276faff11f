/** API keys: from WEALTHREC_API_KEYS (comma-separated) or a file (one per line), compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from '../src/errors.js';

/** The matching key's label (`key-1`, `key-2`… in the order given: never the key), or null. */
export type KeyCheck = (presented: string | undefined) => string | null;

export function readApiKeys(file?: string, env: string | undefined = process.env.WEALTHREC_API_KEYS): string[] {
  const raw = file ? readFileSync(file, 'utf8').split('\n') : (env ?? '').split(',');
  const keys = raw.map((k) => k.trim()).filter((k) => k !== '' && !k.startsWith('#'));
  if (keys.length === 0) throw new UsageError(`no API keys: set WEALTHREC_API_KEYS or pass --api-keys-file${file ? ` (${file} holds none)` : ''}`);
  for (const k of keys) if (k.length < 16) throw new UsageError('every API key must have at least 16 characters');
  return keys;
}

/**
 * Compares digests, not the keys: timingSafeEqual needs equal lengths, and hashing first means the
 * time taken says nothing about the key's length or its common prefix with a real one.
 */
export function keyChecker(keys: readonly string[]): KeyCheck {
  const digest = (k: string) => createHash('sha256').update(k).digest();
  const known = keys.map(digest);
  return (presented) => {
    if (presented === undefined || presented === '') return null;
    const d = digest(presented);
    let match = -1;
    // Every key is compared, matched or not, so the time does not say which one matched.
    known.forEach((k, i) => {
      if (timingSafeEqual(k, d)) match = i;
    });
    return match < 0 ? null : `key-${match + 1}`;
  };
}

/**
 * Plain keys from WEALTHREC_API_KEYS (comma-separated), for development and tests only: each holds
 * every scope and is named `env-1`, `env-2`… in the order given. A server that uses them says so
 * when it starts; production gives `serve --api-keys-file`, which holds hashes only.
 */
import { UsageError } from '../src/errors.js';
import { hashApiKey, MIN_API_KEY_LENGTH, type ApiKeyEntry } from './api-keys.js';
import { API_SCOPES } from './api-scopes.js';

export function developmentKeys(keys: readonly string[]): ApiKeyEntry[] {
  for (const k of keys)
    if (k.length < MIN_API_KEY_LENGTH)
      throw new UsageError(`every API key must have at least ${MIN_API_KEY_LENGTH} characters (wealthrec keys create makes one)`);
  return keys.map((k, i) => ({ name: `env-${i + 1}`, scopes: API_SCOPES, hash: hashApiKey(k) }));
}

export function readDevelopmentKeys(env: string | undefined = process.env.WEALTHREC_API_KEYS): string[] {
  const keys = (env ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (keys.length === 0) throw new UsageError('no API keys: pass --api-keys-file (wealthrec keys create), or set WEALTHREC_API_KEYS for development');
  return keys;
}

/**
 * The API keys in force, and their rotation without a restart: the keys file is watched like the
 * champion pointers (reload-on-change.ts: polled, a new inode or mtime is a new file) and read again
 * when it changes. A file that no longer reads (a malformed line, no key left) changes nothing: the
 * previous keys stay in force and the failure is logged at error level and counted. The check reads
 * the keys in force at each request, so a revoked key is refused from the next request on.
 */
import { log } from '../src/log.js';
import { readKeyFile } from './api-key-file.js';
import { keyChecker, type KeyCheck } from './api-keys.js';
import { developmentKeys } from './development-api-keys.js';
import { reloadOnChange, type ReloadOutcome } from './reload-on-change.js';

/** A keys file (production), or plain development keys (WEALTHREC_API_KEYS: every scope, fixed while serving). */
export type ApiKeySource = { file: string } | { development: readonly string[] };

export interface ApiKeys {
  /** The presented key against the keys in force now. */
  check: KeyCheck;
  /** Where the keys come from and their names, for the start banner: never a key nor a hash. */
  describe(): string;
  /** Reads the file again now (SIGHUP), or after the read running. */
  reloadNow(trigger: string): Promise<ReloadOutcome>;
  stop(): void;
}

export interface ApiKeysOptions {
  /** How often the keys file is checked for a change. */
  pollMs: number;
  /** After each read of the changed file, kept or not (metrics). */
  onReload?: (outcome: ReloadOutcome) => void;
}

/** Throws a UsageError when the source gives no usable key: a server no one can call does not start. */
export function openApiKeys(source: ApiKeySource, options: ApiKeysOptions): ApiKeys {
  if ('development' in source) {
    const entries = developmentKeys(source.development);
    const check = keyChecker(entries);
    return {
      check,
      describe: () => `${entries.length} development key(s) from WEALTHREC_API_KEYS, every scope (not for production: use --api-keys-file)`,
      reloadNow: async (trigger) => ({ ok: true, trigger }),
      stop: () => undefined,
    };
  }
  return watchKeyFile(source.file, options);
}

function watchKeyFile(file: string, options: ApiKeysOptions): ApiKeys {
  let entries = readKeyFile(file);
  let current = keyChecker(entries);
  const watch = reloadOnChange(
    [file],
    async () => {
      const next = readKeyFile(file);
      current = keyChecker(next); // one assignment: a request sees the old keys or the new ones, never a mix
      entries = next;
    },
    (outcome) => {
      if (outcome.ok) log.info({ keys: entries.map((e) => e.name) }, 'API keys file read again: these keys are in force');
      else log.error({ err: outcome.error, trigger: outcome.trigger }, 'API keys file could not be used: the previous keys stay in force');
      options.onReload?.(outcome);
    },
    options.pollMs,
  );
  return {
    check: (presented) => current(presented),
    describe: () => `${entries.length} key(s) from ${file} (${entries.map((e) => `${e.name}: ${e.scopes.join(',')}`).join('; ')}), watched for changes`,
    reloadNow: (trigger) => watch.reloadNow(trigger),
    stop: () => watch.stop(),
  };
}

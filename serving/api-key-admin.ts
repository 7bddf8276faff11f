/**
 * `wealthrec keys`: a key is made here from the system's random source, its hash added to the keys
 * file, and the key returned to be shown once; it is stored nowhere in clear. A running server
 * picks the changed file up by itself (watched-api-keys.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../src/errors.js';
import { formatKeyLine, KEY_FILE_HEADER, KEY_NAME, parseKeyFile, writeKeyFile } from './api-key-file.js';
import { generateApiKey, hashApiKey, type ApiKeyEntry } from './api-keys.js';
import type { ApiScope } from './api-scopes.js';

/** The file's text ('' when it does not exist yet) and its entries; a malformed file is refused, never rewritten. */
function current(file: string): { text: string; entries: ApiKeyEntry[] } {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return { text, entries: parseKeyFile(text, file) };
}

/** A new key for `name`: its line added to `file` (created if need be). Returns the key, to be shown once. */
export async function createApiKey(file: string, name: string, scopes: readonly ApiScope[]): Promise<{ key: string; entry: ApiKeyEntry }> {
  if (!KEY_NAME.test(name)) throw new UsageError(`a key name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit; got "${name}"`);
  if (scopes.length === 0) throw new UsageError('a key needs at least one scope');
  const { text, entries } = current(file);
  if (entries.some((e) => e.name === name)) throw new UsageError(`${file} already has a key named ${name}: revoke it first or pick another name`);
  const key = generateApiKey();
  const entry: ApiKeyEntry = { name, scopes: [...scopes], hash: hashApiKey(key) };
  const before = text === '' ? KEY_FILE_HEADER : text.endsWith('\n') ? text : `${text}\n`;
  await writeKeyFile(file, before + formatKeyLine(entry));
  return { key, entry };
}

/** Names and scopes, in the file's order: never the hashes. */
export function listApiKeys(file: string): Array<{ name: string; scopes: readonly ApiScope[] }> {
  if (!existsSync(file)) throw new UsageError(`no keys file ${file}: create a key with wealthrec keys create NAME --scopes ...`);
  return current(file).entries.map(({ name, scopes }) => ({ name, scopes }));
}

/** Removes `name`'s line (comments and the other lines stay as they are): its key is refused once the server reads the file. */
export async function revokeApiKey(file: string, name: string): Promise<void> {
  const { text, entries } = current(file);
  if (!entries.some((e) => e.name === name)) throw new UsageError(`${file} has no key named ${name}`);
  const kept = text.split('\n').filter((line) => line.trim().split(/\s+/)[0] !== name || line.trim().startsWith('#'));
  await writeKeyFile(file, kept.join('\n'));
}

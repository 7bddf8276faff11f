/**
 * The keys file (`serve --api-keys-file`): one line per key, `NAME SCOPES sha256:HEX`, scopes
 * comma-separated, `#` comments and blank lines ignored. It holds hashes only, so reading it (a
 * backup, a config repository) gives no key. Written whole and renamed over, readable by its owner
 * alone, so the server's watcher never reads half a file.
 */
import { readFileSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../src/errors.js';
import { hashDigest, type ApiKeyEntry } from './api-keys.js';
import { API_SCOPES, isApiScope } from './api-scopes.js';

/** Names go into audit records, logs, file names and the rate limit's count: plain tokens only. */
export const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const KEY_FILE_HEADER = `# wealthrec API keys: one line per key, "NAME SCOPES sha256:HEX" (SCOPES comma-separated among
# ${API_SCOPES.join(', ')}). Hashes only: \`wealthrec keys create\` prints each key once.
`;

export function formatKeyLine(entry: ApiKeyEntry): string {
  return `${entry.name} ${entry.scopes.join(',')} ${entry.hash}\n`;
}

/**
 * The entries of a keys file's text (none for an empty one). Throws a UsageError naming the line
 * (never its content: a line typed by hand may hold a key) for a malformed line, an unknown scope,
 * or a name or hash given twice.
 */
export function parseKeyFile(text: string, where: string): ApiKeyEntry[] {
  const entries: ApiKeyEntry[] = [];
  const names = new Set<string>();
  const hashes = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const at = `${where}:${i + 1}`;
    const fields = line.split(/\s+/);
    if (fields.length !== 3) throw new UsageError(`${at}: expected "NAME SCOPES sha256:HEX", got ${fields.length} field(s)`);
    const [name, scopeList, hash] = fields;
    if (!KEY_NAME.test(name)) throw new UsageError(`${at}: a key name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
    if (hashDigest(hash) === null) throw new UsageError(`${at}: expected the key's hash as sha256: and 64 lowercase hex digits`);
    const scopes = scopeList.split(',');
    if (!scopes.every(isApiScope) || new Set(scopes).size !== scopes.length)
      throw new UsageError(`${at}: expected SCOPES as distinct names among ${API_SCOPES.join(', ')}, comma-separated`);
    if (names.has(name)) throw new UsageError(`${at}: the name ${name} is given twice`);
    if (hashes.has(hash)) throw new UsageError(`${at}: the same key is given twice`);
    names.add(name);
    hashes.add(hash);
    entries.push({ name, scopes, hash });
  });
  return entries;
}

/** The keys of a file the server is to use: at least one, or a UsageError (a server no key can call is a mistake). */
export function readKeyFile(file: string): ApiKeyEntry[] {
  const entries = parseKeyFile(readFileSync(file, 'utf8'), file);
  if (entries.length === 0) throw new UsageError(`${file} holds no API keys: add one with wealthrec keys create NAME --scopes ... --keys-file ${file}`);
  return entries;
}

/** Replaces the file's content at once (written aside, then renamed over it), readable by its owner only. */
export async function writeKeyFile(file: string, text: string): Promise<void> {
  const partial = `${file}.partial`;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(partial, text, { mode: 0o600 });
  await chmod(partial, 0o600); // writeFile's mode applies only to a file it creates
  await rename(partial, file);
}

/**
 * Whether the SQLite file a connection has open is still the file at its path. A file deleted (or
 * replaced) under a running process stays open: reads go on and writes succeed into an unlinked
 * inode that no one will ever read again. Readiness and any write that must last (an export's audit
 * record) check this first. Other engines answer null: their storage is the server's.
 */
import { statSync } from 'node:fs';
import type { Knex } from 'knex';
import { dialectOf } from './connect.js';

interface FileIdentity {
  path: string;
  dev: number;
  ino: number;
}

const remembered = new WeakMap<Knex, FileIdentity | null>();

function filenameOf(knex: Knex): string | null {
  if (dialectOf(knex) !== 'sqlite') return null;
  const filename = (knex.client.config.connection as { filename?: string } | undefined)?.filename;
  return filename && filename !== ':memory:' ? filename : null;
}

/** Records which file is open now; call once the connection has opened (created) the file. */
export function rememberDatabaseFile(knex: Knex): void {
  const path = filenameOf(knex);
  if (path === null) remembered.set(knex, null);
  else {
    const { dev, ino } = statSync(path);
    remembered.set(knex, { path, dev, ino });
  }
}

/** Why the file at the path is no longer the one open (gone, or another file), or null when it is (or the engine has no file). */
export function databaseFileProblem(knex: Knex): string | null {
  const identity = remembered.get(knex);
  if (!identity) return null;
  try {
    const { dev, ino } = statSync(identity.path);
    if (dev !== identity.dev || ino !== identity.ino) return `the database file ${identity.path} was replaced since it was opened`;
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `the database file ${identity.path} is gone (deleted or moved)`
      : `the database file ${identity.path} cannot be checked (${code})`;
  }
}

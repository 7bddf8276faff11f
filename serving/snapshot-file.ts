/**
 * The snapshot file a served set was loaded from: its path, its header (read once and verified with
 * the set) and its identity, to tell later whether the path still names that file. The snapshot is
 * replaced by rename (a new inode) and reloaded; until the reload succeeds, the path names a file
 * the set was not loaded from.
 */
import { stat } from 'node:fs/promises';
import { readWideTableHeader, type WideTableHeader } from '../src/wide-table/index.js';

export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface SnapshotFile {
  path: string;
  header: WideTableHeader;
  identity: FileIdentity;
}

async function identityOf(path: string): Promise<FileIdentity> {
  const s = await stat(path);
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
}

/**
 * Identity first, then the header: if the file is replaced in between, the identity is the older
 * one, so the set is taken for stale (and the change has queued a reload) rather than for current.
 */
export async function openSnapshotFile(path: string): Promise<SnapshotFile> {
  const identity = await identityOf(path);
  return { path, header: await readWideTableHeader(path), identity };
}

/** Whether the path still names the file that was loaded (false when it is gone, replaced or rewritten). */
export async function isStillLoadedFile(file: SnapshotFile): Promise<boolean> {
  let now: FileIdentity;
  try {
    now = await identityOf(file.path);
  } catch {
    return false;
  }
  const was = file.identity;
  return now.dev === was.dev && now.ino === was.ino && now.size === was.size && now.mtimeMs === was.mtimeMs;
}

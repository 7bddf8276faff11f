/** A file written under `path.partial` and renamed into place on commit, so a crash never leaves half a file under the real name. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

export interface PartialFile {
  /** Appends the chunks and resolves once the stream can take more: the writer's memory stays one write deep. */
  write(chunks: ReadonlyArray<Uint8Array | string>): Promise<void>;
  /** Flushes to disk, closes and renames to the real name. */
  commit(): Promise<void>;
  /** Closes and deletes the partial file; safe to call more than once and after a failure. */
  discard(): Promise<void>;
}

export async function openPartialFile(path: string): Promise<PartialFile> {
  const partialPath = `${path}.partial`;
  // flush: fsync before close, so the rename never points the real name at data still in the page cache.
  const stream = createWriteStream(partialPath, { flush: true });
  let failure: Error | null = null;
  stream.on('error', (err) => (failure ??= err));
  try {
    await once(stream, 'open');
  } catch (err) {
    stream.destroy();
    throw err;
  }

  return {
    async write(chunks) {
      if (failure) throw failure;
      if (chunks.length === 0) return;
      // One write per call: the chunks are small pieces of one record batch, and a copy frees the caller's arrays.
      const data =
        chunks.length === 1 && typeof chunks[0] === 'string'
          ? chunks[0]
          : Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
      if (!stream.write(data)) await drained(stream);
      if (failure) throw failure;
      if (stream.destroyed) throw new Error(`${partialPath} was discarded while being written`);
    },
    async commit() {
      if (failure) throw failure;
      stream.end();
      await finished(stream);
      await rename(partialPath, path);
    },
    async discard() {
      if (!stream.destroyed) stream.destroy();
      await finished(stream).catch(() => undefined);
      await rm(partialPath, { force: true });
    },
  };
}

/** Resolves on 'drain', or on 'close' when the file is discarded meanwhile (events.once would wait forever). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('drain', onDrain).off('close', onDrain).off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    stream.on('drain', onDrain).on('close', onDrain).on('error', done);
  });
}

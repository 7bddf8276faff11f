/**
 * The checksums of a wide table: the sha256 of each record batch's bytes as written, kept beside the
 * file in `<file>.sha256` and checked when the batch is read back. A byte flipped on disk or in a
 * copy would otherwise decode into other numbers without a word (a snapshot with 20 flipped bytes
 * changed 17 customers' scores). One hash per batch, not one per file, so each thread that reads a
 * batch checks that batch, without a second pass over the file.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';

export const CHECKSUM_SUFFIX = '.sha256';

const checksumsSchema = z.object({
  format: z.literal('wealthrec.wide-table.checksums'),
  version: z.literal(1),
  algorithm: z.literal('sha256'),
  /** One per record batch, in file order: the hash of the batch's message (metadata and body) as written. */
  batches: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
});
export type WideTableChecksums = z.infer<typeof checksumsSchema>;

export const checksumPath = (path: string) => `${path}${CHECKSUM_SUFFIX}`;

export function sha256Of(chunks: ReadonlyArray<Uint8Array>): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/** Writes the checksum file under a partial name and renames it into place. */
export async function writeChecksums(path: string, batches: readonly string[]): Promise<void> {
  const checksums: WideTableChecksums = { format: 'wealthrec.wide-table.checksums', version: 1, algorithm: 'sha256', batches: [...batches] };
  const partial = `${checksumPath(path)}.partial`;
  try {
    await writeFile(partial, `${JSON.stringify(checksums)}\n`, { flush: true });
    await rename(partial, checksumPath(path));
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

/** The checksums of the table at `path`, or null when it has none (a table written before they existed). */
export async function readChecksums(path: string): Promise<WideTableChecksums | null> {
  let text: string;
  try {
    text = await readFile(checksumPath(path), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${checksumPath(path)} is not valid JSON`);
  }
  const parsed = checksumsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${checksumPath(path)} is not a wealthrec checksum file`);
  return parsed.data;
}

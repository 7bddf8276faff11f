/** Reads a profile table back (Arrow), checking it is one: the format version, the as-of day and the columns of this build's tag list. */
import { readFile } from 'node:fs/promises';
import { tableFromIPC, type Table } from 'apache-arrow';
import { WealthrecError } from '../errors.js';
import { PROFILE_FORMAT_VERSION, PROFILE_META_KEYS, profileFields, type ProfileTableMeta } from './format.js';

export class ProfileTableError extends WealthrecError {
  override readonly exitCode = 1;
  constructor(path: string, problem: string) {
    super(`profile table ${path}: ${problem}`);
  }
}

export interface ProfileTable {
  meta: ProfileTableMeta;
  table: Table;
}

export async function readProfileTable(path: string): Promise<ProfileTable> {
  let table: Table;
  try {
    table = tableFromIPC(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ProfileTableError(path, code ? `cannot read it (${code})` : `not an Arrow IPC file (${err instanceof Error ? err.message : String(err)})`);
  }
  const meta = table.schema.metadata;
  const version = meta.get(PROFILE_META_KEYS.formatVersion);
  if (version !== PROFILE_FORMAT_VERSION)
    throw new ProfileTableError(
      path,
      version === undefined
        ? 'not a wealthrec profile table (wealthrec profile build writes one)'
        : `format version ${version}, this build reads ${PROFILE_FORMAT_VERSION}`,
    );
  const expected = profileFields();
  expected.forEach((want, i) => {
    const got = table.schema.fields[i];
    if (!got || got.name !== want.name || String(got.type) !== String(want.type)) {
      throw new ProfileTableError(
        path,
        `column ${i + 1} should be ${want.name} ${String(want.type)}, found ${got ? `${got.name} ${String(got.type)}` : 'nothing'}: rebuild it with this version`,
      );
    }
  });
  let models: ProfileTableMeta['models'];
  try {
    models = JSON.parse(meta.get(PROFILE_META_KEYS.models) ?? 'null');
  } catch {
    throw new ProfileTableError(path, `${PROFILE_META_KEYS.models} is not valid JSON`);
  }
  return { meta: { asOf: meta.get(PROFILE_META_KEYS.asOf) ?? '', sourceHash: meta.get(PROFILE_META_KEYS.sourceHash) ?? '', models }, table };
}

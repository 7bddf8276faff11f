/**
 * After an erasure, the campaign lists kept for the export audit still name the customer: their id
 * becomes their pseudonym. Each list is replaced whole (partial file, then rename), and an audit
 * entry gives its sha256 before and after (the export's own record keeps the first). Used by
 * `wealthrec customer erase` and by DELETE /v1/customers/{id}.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { formatCsvRow } from '../../src/csv/format-csv-row.js';
import { AUDIT_ACTION } from './export-campaign.js';

export const LISTS_PSEUDONYMISED_ACTION = 'campaign.lists.pseudonymised';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Rewrites every audited list in `folders` that names the customer; resolves with how many it rewrote. */
export async function pseudonymiseLists(knex: Knex, customerId: string, pseudonym: string, folders: readonly string[]): Promise<number> {
  // A list row starts with the customer's id as the list wrote it (quoted when it holds a comma or quote).
  const idCell = `${formatCsvRow([customerId]).trimEnd()},`;
  const pseudonymCell = `${formatCsvRow([pseudonym]).trimEnd()},`;
  const records = (await knex('audit_log').where('action', AUDIT_ACTION).select('details')) as Array<{ details: string }>;
  let rewritten = 0;
  for (const folder of folders) {
    for (const record of records) {
      const file = (JSON.parse(record.details) as { file: string }).file;
      const path = join(folder, file);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        // Not in this folder, or deleted since by the retention sweep: nothing left to rewrite.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const lines = text.split('\n');
      let changed = false;
      for (let i = 1; i < lines.length; i++) {
        if (!lines[i].startsWith(idCell)) continue;
        lines[i] = pseudonymCell + lines[i].slice(idCell.length);
        changed = true;
      }
      if (!changed) continue;
      const after = lines.join('\n');
      await writeFile(`${path}.partial`, after, { flush: true });
      await rename(`${path}.partial`, path);
      await knex('audit_log').insert({
        at: new Date().toISOString(),
        action: LISTS_PSEUDONYMISED_ACTION,
        subject: pseudonym,
        details: JSON.stringify({ file, sha256Before: sha256(text), sha256After: sha256(after) }),
      });
      rewritten++;
    }
  }
  return rewritten;
}

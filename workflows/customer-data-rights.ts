/**
 * The customer's data rights (PIPL art. 44-47, GDPR art. 15 and 17), from the command line:
 *  - `customer export ID --out DIR`: everything the system holds about one customer, as files a
 *    person can read (their bank rows, their rows and scores in the snapshot, their profile, the
 *    campaign lists they appeared in), written whole or not at all, and audited;
 *  - `customer erase ID`: their rows deleted from the bank (src/bank/erase-customer.ts), and their id
 *    replaced by its pseudonym in the campaign lists kept for the export audit.
 * Audit records name the customer by pseudonym only.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Knex } from 'knex';
import { pseudonymiseLists } from '../serving/campaign/pseudonymise-lists.js';
import { eraseCustomer, UnknownCustomerIdError, type Erasure } from '../src/bank/erase-customer.js';
import { formatCsvRow } from '../src/csv/format-csv-row.js';
import { pseudonymiser } from '../src/db/pseudonym.js';
import { withDatabase } from '../src/db/with-database.js';
import { formatDay } from '../src/domain/dates.js';
import { formatYuan } from '../src/domain/money.js';
import { UsageError } from '../src/errors.js';
import { alreadyHolds } from '../src/domain/eligibility.js';
import { choiceSharesWithinRuns } from '../src/model-directory/choice-shares.js';
import type { LoadedModel } from '../src/model-directory/model-directory.js';
import type { FeatureColumns } from '../src/model-directory/preprocessing.js';
import { loadChampion } from '../src/model-directory/registry.js';
import { readProfileTable } from '../src/profile-table/reader.js';
import { selectBackend } from '../src/tf-backend/select-backend.js';
import { featureColumns, readWideTableBatches, readWideTableHeader } from '../src/wide-table/index.js';
import { Table } from 'apache-arrow';

export const EXPORT_ACTION = 'customer.export';

/**
 * The bank's tables, campaign_sends (the lists they were recorded as sent) and impressions (every
 * recommendation list served to them): what the bank holds of them too.
 */
const BANK_TABLES = ['customers', 'purchases', 'deposits', 'loans', 'salaries', 'contacts', 'campaign_sends', 'impressions', 'opt_outs'] as const;

export interface CustomerExportFlags {
  out: string;
  db?: string;
  /** The snapshot served now: the customer's rows in it, scored by the champion of `models`. */
  snapshot?: string;
  models?: string;
  /** The profile table served now. */
  profiles?: string;
  /** Folders holding exported campaign lists (the server's --exports-dir, the CLI's --out folders). */
  exportsDir?: string[];
}

/** A cell as a person reads it: days as dates, fen as yuan, the rest as stored. */
function readable(column: string, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (column.endsWith('_day')) return formatDay(Number(value));
  if (column.endsWith('_fen')) return formatYuan(Number(value));
  return typeof value === 'number' ? value : String(value);
}

function csv(rows: Array<Record<string, unknown>>, columns?: string[]): string {
  const header = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  return [
    formatCsvRow(header.map((c) => c.replace(/_day$/, '_date').replace(/_fen$/, '_yuan'))),
    ...rows.map((r) => formatCsvRow(header.map((c) => readable(c, r[c])))),
  ].join('');
}

export async function runCustomerExport(customerId: string, flags: CustomerExportFlags): Promise<{ dir: string; files: Record<string, number> }> {
  if (existsSync(flags.out)) throw new UsageError(`--out ${flags.out} exists: a data-subject export goes into a new folder`);
  const partial = `${flags.out}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(join(partial, 'bank'), { recursive: true });
  try {
    const files = await withDatabase(
      flags.db,
      async (knex) => {
        const pseudonym = (await pseudonymiser(knex))(customerId);
        if (!(await knex('customers').where('customer_id', customerId).first('customer_id'))) {
          const erased = await knex('customer_erasures').where('subject', pseudonym).first('erased_at');
          throw new UnknownCustomerIdError(
            erased ? `this customer was erased on ${erased.erased_at}: the bank holds nothing of theirs` : 'no customer with this id',
          );
        }
        const files: Record<string, number> = {};
        for (const table of BANK_TABLES) {
          const rows = await knex(table).where('customer_id', customerId).select('*');
          for (const r of rows) delete r.import_run_id;
          await writeFile(join(partial, 'bank', `${table}.csv`), csv(rows));
          files[`bank/${table}.csv`] = rows.length;
        }
        if (flags.snapshot) files['snapshot-rows.csv'] = await writeSnapshotRows(customerId, flags, join(partial, 'snapshot-rows.csv'));
        if (flags.profiles) files['profile.csv'] = await writeProfile(customerId, flags.profiles, join(partial, 'profile.csv'));
        files['campaign-lists.csv'] = await writeCampaignLists(knex, customerId, flags.exportsDir ?? [], join(partial, 'campaign-lists.csv'));
        await writeFile(join(partial, 'README.txt'), readme(customerId, files, flags));
        await knex('audit_log').insert({
          at: new Date().toISOString(),
          action: EXPORT_ACTION,
          subject: pseudonym,
          details: JSON.stringify({
            files,
            snapshot: flags.snapshot ? basename(flags.snapshot) : null,
            profiles: flags.profiles ? basename(flags.profiles) : null,
          }),
        });
        return files;
      },
      { mustExist: true },
    );
    await rename(partial, flags.out);
    return { dir: flags.out, files };
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The scores the API answers with: choice shares over the products the customer may buy (choice-shares.ts);
 * null for a fixed-term product they already hold, which is never offered.
 */
function servedScores(model: LoadedModel, columns: FeatureColumns, rows: number[]): Array<number | null> {
  const bought = columns.numbers.get('bought_product_before')!;
  const term = columns.numbers.get('product_term_days')!;
  const offered = rows.filter((r) => !alreadyHolds(bought[r], term[r]));
  const shares = choiceSharesWithinRuns(model.scoring.score(columns, offered), [offered.length]);
  const shareOf = new Map(offered.map((r, i) => [r, shares[i]]));
  return rows.map((r) => shareOf.get(r) ?? null);
}

/** The customer's snapshot rows, every feature, with the champion's score of each when a registry is given. */
async function writeSnapshotRows(customerId: string, flags: CustomerExportFlags, out: string): Promise<number> {
  const { features } = await readWideTableHeader(flags.snapshot!);
  let model = null;
  if (flags.models) {
    await selectBackend();
    model = await loadChampion(flags.models);
  }
  const rows: Array<Record<string, unknown>> = [];
  try {
    for await (const batch of readWideTableBatches(flags.snapshot!)) {
      const ids = batch.getChild('customer_id')!;
      const mine: number[] = [];
      for (let r = 0; r < batch.numRows; r++) if (ids.get(r) === customerId) mine.push(r);
      if (mine.length === 0) continue;
      const columns = featureColumns(new Table(batch), features, flags.snapshot!);
      const scores = model ? servedScores(model, columns, mine) : null;
      mine.forEach((r, k) => {
        const row: Record<string, unknown> = {};
        for (const field of batch.schema.fields) row[field.name] = batch.getChild(field.name)!.get(r);
        row.as_of = formatDay(Number(row.as_of));
        if (scores) row.score = scores[k];
        rows.push(row);
      });
    }
  } finally {
    model?.scoring.dispose();
  }
  await writeFile(out, csv(rows));
  return rows.length;
}

async function writeProfile(customerId: string, path: string, out: string): Promise<number> {
  const { table } = await readProfileTable(path);
  const ids = table.getChild('customer_id')!;
  const rows: Array<Record<string, unknown>> = [];
  for (let r = 0; r < table.numRows; r++) {
    if (ids.get(r) !== customerId) continue;
    const row: Record<string, unknown> = {};
    for (const field of table.schema.fields) row[field.name] = table.getChild(field.name)!.get(r);
    row.as_of = formatDay(Number(row.as_of));
    rows.push(row);
  }
  await writeFile(out, csv(rows));
  return rows.length;
}

/** The lists the audit log records that still exist in the folders given, and the customer's line in each. */
async function writeCampaignLists(knex: Knex, customerId: string, folders: string[], out: string): Promise<number> {
  const rows: Array<Record<string, unknown>> = [];
  for (const record of await knex('audit_log').where('action', 'campaign.export').orderBy('id').select('id', 'at', 'subject', 'details')) {
    const details = JSON.parse(record.details) as { file: string; selection?: string };
    for (const folder of folders) {
      const path = join(folder, details.file);
      if (!existsSync(path)) continue;
      for (const line of (await readFile(path, 'utf8')).split('\n').slice(1)) {
        const [id, rank, score, decile] = line.split(',');
        if (id === customerId) rows.push({ audit_id: record.id, exported_at: record.at, product_id: record.subject, file: path, rank, score, decile });
      }
    }
  }
  await writeFile(out, csv(rows, ['audit_id', 'exported_at', 'product_id', 'file', 'rank', 'score', 'decile']));
  return rows.length;
}

function readme(customerId: string, files: Record<string, number>, flags: CustomerExportFlags): string {
  return [
    `Everything wealthrec holds about customer ${customerId}, exported ${new Date().toISOString()}.`,
    '',
    ...Object.entries(files).map(([file, rows]) => `${file}: ${rows} row(s)`),
    '',
    "bank/: the customer's rows in each of the bank's tables, dates as YYYY-MM-DD and money in yuan.",
    flags.snapshot
      ? "snapshot-rows.csv: the features of each product the customer may buy on the snapshot's day, with the model's score."
      : 'snapshot-rows.csv: not included (no --snapshot given).',
    flags.profiles ? "profile.csv: the customer's profile tags." : 'profile.csv: not included (no --profiles given).',
    'campaign-lists.csv: the campaign lists that named the customer, with their rank and score.',
    'bank/impressions.csv: the recommendation log: each list served to the customer (day, experiment and arm, model, products with rank and score).',
    '',
  ].join('\n');
}

export interface CustomerEraseFlags {
  db?: string;
  /** Folders holding exported campaign lists: the customer's id in them is replaced by their pseudonym. */
  exportsDir?: string[];
  requestedBy?: string;
}

/** Erases the customer and pseudonymises the lists kept for the export audit; prints what it did (never the id). */
export async function runCustomerErase(customerId: string, flags: CustomerEraseFlags): Promise<Erasure & { listsRewritten: number }> {
  return withDatabase(
    flags.db,
    async (knex) => {
      const erasure = await eraseCustomer(knex, customerId, flags.requestedBy ?? 'cli');
      const listsRewritten = await pseudonymiseLists(knex, customerId, erasure.subject, flags.exportsDir ?? []);
      const rows = Object.values(erasure.rowsDeleted).reduce((a, b) => a + b, 0);
      console.log(
        erasure.erasedNow
          ? `erased: ${rows} row(s) deleted (${Object.entries(erasure.rowsDeleted)
              .map(([t, n]) => `${t} ${n}`)
              .join(
                ', ',
              )}), recorded as ${erasure.subject}; ${listsRewritten} campaign list(s) pseudonymised; the snapshot and profile table drop the customer at their next build, a running server at its next change-feed poll`
          : `already erased on ${erasure.erasedAt} (recorded as ${erasure.subject}): nothing to do`,
      );
      return { ...erasure, listsRewritten };
    },
    { mustExist: true },
  );
}

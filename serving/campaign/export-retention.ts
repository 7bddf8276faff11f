/**
 * Campaign lists hold customer ids: the server keeps the ones it wrote for a number of days
 * (`serve --export-retention-days`), then deletes them, each deletion recorded in audit_log next to
 * the export's own record. A sweep runs at start and every hour. Only a file with an export record
 * is ever deleted (a folder given by mistake keeps its other files); a file being written
 * (`.partial`) is never one.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { log } from '../../src/log.js';
import { AUDIT_ACTION } from './export-campaign.js';

export const DELETION_AUDIT_ACTION = 'campaign.export.deleted';
export const DEFAULT_EXPORT_RETENTION_DAYS = 30;
const SWEEP_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The names the export writes (campaign-service.ts): nothing in them needs escaping in a LIKE pattern but `_`, which still matches itself. */
const EXPORT_FILE = /^[A-Za-z0-9_.-]+\.csv$/;

export interface ExportRetentionOptions {
  knex: Knex;
  exportsDir: string;
  /** A list is deleted once its file is older than this many days. */
  retentionDays: number;
  /** Milliseconds since the epoch (default Date.now); the tests move it. */
  now?: () => number;
}

export interface DeletedExport {
  file: string;
  /** The deletion's audit record, and the export's. */
  auditId: number;
  exportAuditId: number;
}

/** The export record that wrote `file`, if any (the latest, should a name ever have been written twice). */
async function exportRecordOf(knex: Knex, file: string): Promise<{ id: number; subject: string | null; sha256?: string } | null> {
  const rows = await knex('audit_log')
    .where('action', AUDIT_ACTION)
    .andWhere('details', 'like', `%"file":${JSON.stringify(file)}%`)
    .orderBy('id', 'desc')
    .select('id', 'subject', 'details');
  for (const row of rows) {
    const details = JSON.parse(row.details) as { file?: string; sha256?: string };
    if (details.file === file) return { id: Number(row.id), subject: row.subject, sha256: details.sha256 };
  }
  return null;
}

/** One sweep: deletes the recorded exports older than the retention period, each with its audit record. */
export async function deleteExpiredExports(options: ExportRetentionOptions): Promise<DeletedExport[]> {
  const now = (options.now ?? Date.now)();
  const cutoff = now - options.retentionDays * DAY_MS;
  let names: string[];
  try {
    names = await readdir(options.exportsDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []; // no export yet
    throw err;
  }
  const deleted: DeletedExport[] = [];
  for (const file of names.sort()) {
    if (!EXPORT_FILE.test(file)) continue;
    const path = join(options.exportsDir, file);
    const stats = await stat(path).catch(() => null);
    if (!stats?.isFile() || stats.mtimeMs >= cutoff) continue;
    try {
      const one = await deleteExport(options, file, path, stats.mtimeMs, now);
      if (one) deleted.push(one);
    } catch (err) {
      // One file that cannot be deleted does not keep the others: the next sweep tries it again.
      log.error({ err, file }, 'campaign export could not be deleted after the retention period');
    }
  }
  return deleted;
}

/** Deletes one expired list with its audit record; null when the file has no export record. */
async function deleteExport(options: ExportRetentionOptions, file: string, path: string, writtenAt: number, now: number): Promise<DeletedExport | null> {
  const record = await exportRecordOf(options.knex, file);
  if (!record) return null; // not a list this bank recorded: not ours to delete
  const auditId = await options.knex.transaction(async (trx) => {
    const [id] = await trx('audit_log').insert({
      at: new Date(now).toISOString(),
      action: DELETION_AUDIT_ACTION,
      subject: record.subject,
      details: JSON.stringify({
        file,
        exportAuditId: record.id,
        sha256: record.sha256,
        writtenAt: new Date(writtenAt).toISOString(),
        retentionDays: options.retentionDays,
      }),
    });
    // Inside the transaction: a file that cannot be deleted (or one another server deleted first) leaves no record.
    await rm(path);
    return Number(id);
  });
  return { file, auditId, exportAuditId: record.id };
}

export interface ExportRetention {
  /** Sweeps now (or waits for the sweep running); resolves with what it deleted. */
  sweep(): Promise<DeletedExport[]>;
  stop(): void;
}

/** Sweeps at once, then every hour, never two at a time; a failed sweep is logged and the next one tries again. */
export function keepExportsFor(options: ExportRetentionOptions & { onDeleted?: (d: DeletedExport) => void }): ExportRetention {
  let running: Promise<DeletedExport[]> | null = null;
  const sweep = (): Promise<DeletedExport[]> => {
    running ??= deleteExpiredExports(options)
      .then(
        (deleted) => {
          for (const d of deleted) {
            log.info({ file: d.file, auditId: d.auditId, exportAuditId: d.exportAuditId }, 'campaign export deleted after the retention period');
            options.onDeleted?.(d);
          }
          return deleted;
        },
        (err: unknown) => {
          log.error({ err }, 'campaign export retention sweep failed: the next sweep tries again');
          return [];
        },
      )
      .finally(() => (running = null));
    return running;
  };
  void sweep();
  const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS).unref();
  return {
    sweep,
    stop: () => clearInterval(timer),
  };
}

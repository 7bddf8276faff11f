/** The import_runs table: one row per import attempt, kept whatever its outcome (run-liveness.ts ends the ones whose process died). */
import type { Knex } from 'knex';
import type { TableName } from '../src/bank/tables.js';
import type { DayNumber } from '../src/domain/dates.js';
import type { RunOwner } from './run-liveness.js';
import type { ViolationLog } from './violations.js';

export async function startImportRun(knex: Knex, run: { source: string; mode: string; asOfDay: DayNumber | null; owner: RunOwner }): Promise<number> {
  const now = new Date().toISOString();
  const [id] = await knex('import_runs').insert({
    started_at: now,
    heartbeat_at: now,
    owner_space: run.owner.space,
    owner_pid: run.owner.pid,
    source: run.source,
    mode: run.mode,
    status: 'running',
    as_of_day: run.asOfDay,
  });
  return Number(id);
}

export async function finishImportRun(
  knex: Knex,
  runId: number,
  outcome: {
    status: 'committed' | 'rejected' | 'failed';
    tables: Record<TableName, { read: number; changed: number; rejected: number }>;
    violations: ViolationLog;
    error?: string;
  },
): Promise<void> {
  const counts = Object.values(outcome.tables);
  // Whatever the run's status now (another import may have judged it abandoned), the true outcome wins.
  await knex('import_runs')
    .where({ id: runId })
    .update({
      finished_at: new Date().toISOString(),
      status: outcome.status,
      rows_read: counts.reduce((s, c) => s + c.read, 0),
      rows_changed: outcome.status === 'committed' ? counts.reduce((s, c) => s + c.changed, 0) : 0,
      rows_rejected: counts.reduce((s, c) => s + c.rejected, 0),
      violations: outcome.violations.total,
      // Kinds of violation only: the messages themselves quote cell values, which may be personal data.
      summary: JSON.stringify({ tables: outcome.tables, violationKinds: outcome.violations.byKind().slice(0, 50), error: outcome.error }),
    });
}

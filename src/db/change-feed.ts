/**
 * The change feed: what committed imports changed, read from the database itself. Every bank row
 * carries `import_run_id`, the import that last changed its values (re-importing identical rows
 * leaves it alone), so the customers and products a set of runs touched are indexed reads. Only
 * committed runs count: a rejected or failed import left no row behind (it was one transaction).
 */
import type { Knex } from 'knex';

export interface CommittedRun {
  id: number;
  /** ISO-8601 instant the run was recorded as committed. */
  finishedAt: string;
}

export interface ImportChanges {
  runs: CommittedRun[];
  /** Customers whose own row, purchases or opt-outs those runs changed, in id order. */
  customers: string[];
  /** Products those runs added or changed (a launch, an early close), in id order. */
  products: string[];
}

/** Tables whose rows change what serving answers today, and the customer or product column each names. */
const CUSTOMER_TABLES = ['customers', 'purchases', 'opt_outs'] as const;

/** The largest id of a committed import run, 0 when there is none: where a server's feed starts. */
export async function latestCommittedRun(knex: Knex): Promise<number> {
  const row = await knex('import_runs').where('status', 'committed').max({ id: 'id' }).first();
  return Number(row?.id ?? 0);
}

/**
 * Runs committed with an id above `afterId` that are not in `seen`, oldest first. Ids are given at an
 * import's start, so a long run can commit after a later, shorter one: the caller keeps the ids it
 * has applied and asks again from the lowest id that may still commit.
 */
export async function committedRunsAfter(knex: Knex, afterId: number, seen: ReadonlySet<number>): Promise<CommittedRun[]> {
  const rows = await knex('import_runs').select('id', 'finished_at').where('status', 'committed').andWhere('id', '>', afterId).orderBy('id');
  return rows.filter((r) => !seen.has(Number(r.id))).map((r) => ({ id: Number(r.id), finishedAt: String(r.finished_at) }));
}

/** The lowest id of a run still running (it may commit later), or null: the feed never moves its floor past it. */
export async function oldestRunningRun(knex: Knex): Promise<number | null> {
  const row = await knex('import_runs').where('status', 'running').min({ id: 'id' }).first();
  return row?.id === null || row?.id === undefined ? null : Number(row.id);
}

/** What the given runs changed (rows changed again by a later run are found under that run's id). */
export async function changesOf(knex: Knex, runs: CommittedRun[]): Promise<ImportChanges> {
  if (runs.length === 0) return { runs, customers: [], products: [] };
  const ids = runs.map((r) => r.id);
  const customers = new Set<string>();
  for (const table of CUSTOMER_TABLES) {
    for (const r of await knex(table).distinct('customer_id').whereIn('import_run_id', ids)) customers.add(String(r.customer_id));
  }
  const products = (await knex('products').select('product_id').whereIn('import_run_id', ids)).map((r) => String(r.product_id));
  return { runs, customers: [...customers].sort(), products: products.sort() };
}

/** An erasure recorded since a server loaded its set: the pseudonym of the customer who is gone. */
export interface RecordedErasure {
  id: number;
  subject: string;
}

/** The largest id of customer_erasures, 0 when none: where a server's feed of erasures starts. */
export async function latestErasure(knex: Knex): Promise<number> {
  const row = await knex('customer_erasures').max({ id: 'id' }).first();
  return Number(row?.id ?? 0);
}

/** Erasures recorded after `afterId`, oldest first. */
export async function erasuresAfter(knex: Knex, afterId: number): Promise<RecordedErasure[]> {
  const rows = await knex('customer_erasures').select('id', 'subject').where('id', '>', afterId).orderBy('id');
  return rows.map((r) => ({ id: Number(r.id), subject: String(r.subject) }));
}

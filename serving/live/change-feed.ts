/**
 * Applies what committed imports changed to the served set, while it serves: the change feed
 * (src/db/change-feed.ts) names the customers and products each new run touched; their state is
 * read again from the database, their computed lists are dropped, and after a product change (a
 * launch, an early close) the live row source and every computed list start again. A set starts
 * from the last run committed before it read the bank, so nothing committed meanwhile is missed.
 */
import type { Knex } from 'knex';
import { changesOf, committedRunsAfter } from '../../src/db/change-feed.js';
import type { LiveRowSource } from '../../src/wide-table/live-rows.js';
import type { BankNow } from './bank-now.js';
import type { RecomputedLists } from './recomputed-lists.js';

/** Where a set's feed stands. */
export class FeedCursor {
  /** Runs above `floor` already applied (ids are given at an import's start; a long run may commit after a later one). */
  readonly applied = new Set<number>();
  /** Commit time of the last run applied; null until one is. */
  appliedThrough: string | null = null;
  /** When a poll last found nothing left to apply (ms since the epoch). */
  caughtUpAt: number;

  constructor(
    /** The last run committed before the set read the bank. */
    readonly floor: number,
    now = Date.now(),
  ) {
    this.caughtUpAt = now;
  }

  /** Seconds since the feed was last caught up: 0 while polls keep up, growing while they fail or fall behind. */
  lagSeconds(now = Date.now()): number {
    return Math.max(0, (now - this.caughtUpAt) / 1000);
  }
}

export interface FeedTarget {
  bank: BankNow;
  recomputed: RecomputedLists | null;
  cursor: FeedCursor;
}

export interface AppliedImports {
  runs: number;
  customers: number;
  products: number;
  /** Seconds from each run's commit to its effect on answers. */
  delays: number[];
}

/** Applies every committed run the target has not seen; resolves with what it applied. */
export async function applyNewImports(knex: Knex, target: FeedTarget, liveRows: LiveRowSource | null): Promise<AppliedImports> {
  const { cursor } = target;
  const runs = await committedRunsAfter(knex, cursor.floor, cursor.applied);
  if (runs.length === 0) {
    cursor.caughtUpAt = Date.now();
    return { runs: 0, customers: 0, products: 0, delays: [] };
  }
  const changes = await changesOf(knex, runs);
  if (changes.products.length > 0) {
    await target.bank.refreshProducts(knex);
    await liveRows?.refresh();
    target.recomputed?.clear();
  }
  await target.bank.refreshCustomers(knex, changes.customers);
  for (const id of changes.customers) target.recomputed?.invalidate(id);
  const now = Date.now();
  for (const run of runs) cursor.applied.add(run.id);
  cursor.appliedThrough = runs[runs.length - 1].finishedAt;
  cursor.caughtUpAt = now;
  return {
    runs: runs.length,
    customers: changes.customers.length,
    products: changes.products.length,
    delays: runs.map((r) => Math.max(0, (now - Date.parse(r.finishedAt)) / 1000)),
  };
}

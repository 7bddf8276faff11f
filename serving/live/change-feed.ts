/**
 * Applies what committed imports changed to the served set, while it serves: the change feed
 * (src/db/change-feed.ts) names the customers and products each new run touched; their state is
 * read again from the database, their computed lists are dropped, and after a product change (a
 * launch, an early close) the live row source and every computed list start again. A set starts
 * from the last run committed before it read the bank, so nothing committed meanwhile is missed.
 */
import type { Knex } from 'knex';
import { changesOf, committedRunsAfter, erasuresAfter } from '../../src/db/change-feed.js';
import { pseudonymiser } from '../../src/db/pseudonym.js';
import type { LiveRowSource } from '../../src/wide-table/live-rows.js';
import type { BankNow } from './bank-now.js';
import type { RecomputedLists } from './recomputed-lists.js';

/** Where a set's feed stands. */
export class FeedCursor {
  /** The last erasure applied (customer_erasures.id). */
  erasuresThrough = 0;
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
    /** The last erasure recorded before the set read the bank. */
    erasuresFloor = 0,
  ) {
    this.caughtUpAt = now;
    this.erasuresThrough = erasuresFloor;
  }

  /** Seconds since the feed was last caught up: 0 while polls keep up, growing while they fail or fall behind. */
  lagSeconds(now = Date.now()): number {
    return Math.max(0, (now - this.caughtUpAt) / 1000);
  }
}

export interface FeedTarget {
  bank: BankNow;
  /** The lists computed on request that a change makes stale (the champion's, and an experiment's model arms'). */
  recomputed: Pick<RecomputedLists, 'clear' | 'invalidate'> | null;
  cursor: FeedCursor;
  /** Every customer id the set holds (the snapshot's and those the bank opened since): where an erased pseudonym is looked for. */
  heldCustomerIds: () => Iterable<string>;
}

export interface AppliedImports {
  runs: number;
  customers: number;
  products: number;
  /** Customers erased since, found among those the set holds (and dropped from it). */
  erased: string[];
  /** Seconds from each run's commit to its effect on answers. */
  delays: number[];
}

/** Applies every committed run the target has not seen; resolves with what it applied. */
export async function applyNewImports(knex: Knex, target: FeedTarget, liveRows: LiveRowSource | null): Promise<AppliedImports> {
  const { cursor } = target;
  const erased = await applyErasures(knex, target);
  const runs = await committedRunsAfter(knex, cursor.floor, cursor.applied);
  if (runs.length === 0) {
    cursor.caughtUpAt = Date.now();
    return { runs: 0, customers: 0, products: 0, erased, delays: [] };
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
    erased,
    delays: runs.map((r) => Math.max(0, (now - Date.parse(r.finishedAt)) / 1000)),
  };
}

/** Ids hashed between two turns of the event loop while looking for erased customers. */
const HASH_CHUNK = 20_000;

/**
 * Erasures are recorded by pseudonym only, so the customers they name are found by hashing the ids
 * the set holds (about a second per million, in chunks that let requests through; erasures are
 * rare). Those found are read again from the database (gone: answered 404 from now on).
 */
async function applyErasures(knex: Knex, target: FeedTarget): Promise<string[]> {
  const erasures = await erasuresAfter(knex, target.cursor.erasuresThrough);
  if (erasures.length === 0) return [];
  const wanted = new Set(erasures.map((e) => e.subject));
  const pseudonymise = await pseudonymiser(knex);
  const found: string[] = [];
  let hashed = 0;
  for (const id of target.heldCustomerIds()) {
    if (wanted.has(pseudonymise(id))) found.push(id);
    if (++hashed % HASH_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await target.bank.refreshCustomers(knex, found);
  for (const id of found) target.recomputed?.invalidate(id);
  target.cursor.erasuresThrough = erasures[erasures.length - 1].id;
  return found;
}

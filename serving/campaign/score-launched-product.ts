/**
 * Scores a product the snapshot has no row of (launched after it was built) for every customer open
 * today, as score-product.ts scores a snapshot's rows: P(buys within H days) x P(chooses it | buys).
 * The rows come from the live row source (the snapshot build's own code, on the database), a block
 * of customers at a time; this reads every customer's history, as a snapshot build does, so a list
 * for a product launched today costs about what tonight's snapshot will.
 */
import type { Knex } from 'knex';
import type { DayNumber } from '../../src/domain/dates.js';
import { alreadyHolds } from '../../src/domain/eligibility.js';
import { choiceSharesByKey } from '../../src/model-directory/choice-shares.js';
import type { LoadedModel } from '../../src/model-directory/model-directory.js';
import { batchColumns, type LiveRowSource } from '../../src/wide-table/index.js';
import type { ProductScores } from './score-product.js';
import { topReasonsOf } from './top-reasons.js';

const BLOCK = 2000;

export async function scoreLaunchedProduct(
  knex: Knex,
  liveRows: LiveRowSource,
  productId: string,
  today: DayNumber,
  models: { choice: LoadedModel; demand: LoadedModel },
  withReasons = false,
): Promise<ProductScores> {
  const ids = (await knex('customers').select('customer_id').where('open_day', '<=', today).orderBy('customer_id')).map((r) => String(r.customer_id));
  const customerIds: string[] = [];
  const scores: number[] = [];
  const sameCategory: number[] = [];
  const reasonCodes: number[] = [];
  const reasonValues: number[] = [];
  let alreadyBought = 0;
  for (let at = 0; at < ids.length; at += BLOCK) {
    // Computed for the demand model's horizon, as the snapshot it was checked against.
    const batch = await liveRows.rowsFor(ids.slice(at, at + BLOCK), today, models.demand.card.target?.horizonDays);
    const columns = batchColumns(batch);
    const bought = columns.numbers.get('bought_product_before')!;
    const term = columns.numbers.get('product_term_days')!;
    const share = columns.numbers.get('same_category_share')!;
    const kept: number[] = [];
    for (let r = 0; r < batch.length; r++) {
      if (batch.productIds[r] !== productId) continue;
      if (alreadyHolds(bought[r], term[r])) alreadyBought++;
      else kept.push(r);
    }
    if (kept.length === 0) continue;
    // The choice is the product's share of the customer's shelf (choice-shares.ts): every product they may buy is scored.
    const buyers = new Set(kept.map((r) => batch.customerIds[r]));
    const shelf: number[] = [];
    for (let r = 0; r < batch.length; r++) if (buyers.has(batch.customerIds[r]) && !alreadyHolds(bought[r], term[r])) shelf.push(r);
    const shares = choiceSharesByKey(
      models.choice.scoring.score(columns, shelf),
      shelf.map((r) => batch.customerIds[r]),
    );
    const shareOfRow = new Map(shelf.map((r, i) => [r, shares[i]]));
    const p = kept.map((r) => shareOfRow.get(r)!);
    const d = models.demand.scoring.score(columns, kept);
    if (withReasons) {
      const top = topReasonsOf(models.choice.scoring, columns, shelf, (r) => batch.customerIds[r], kept);
      reasonCodes.push(...top.codes);
      reasonValues.push(...top.values);
    }
    kept.forEach((r, i) => {
      customerIds.push(batch.customerIds[r]);
      scores.push(p[i] * d[i]);
      sameCategory.push(Number.isFinite(share[r]) ? share[r] : 0);
    });
  }
  return {
    asOf: today,
    snapshotCustomers: ids.length,
    customerIds,
    scores: Float32Array.from(scores),
    alreadyBought,
    sameCategoryShare: Float32Array.from(sameCategory),
    ...(withReasons ? { topReasons: { codes: Uint8Array.from(reasonCodes), values: Float32Array.from(reasonValues) } } : {}),
  };
}

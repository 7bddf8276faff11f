/** The scored snapshot: what it keeps of each row, the same whatever the number of threads that score it, and grouped customers only. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreSnapshot } from '../../serving/scored-snapshot.js';
import { alreadyHolds } from '../../src/domain/eligibility.js';
import type { LoadedModel } from '../../src/model-directory/model-directory.js';
import { loadChampion } from '../../src/model-directory/registry.js';
import { featureColumns, openWideTableFile, readWideTable } from '../../src/wide-table/index.js';
import { replicateSnapshot } from '../../bench/lib/replicate-bank.js';
import { prepareServedBank, type ServedBank } from './served-bank.js';

let bank: ServedBank;
let model: LoadedModel;

beforeAll(async () => {
  bank = await prepareServedBank({ customers: 300, days: 120, seed: 21 });
  model = (await loadChampion(bank.models))!;
}, 180_000);
afterAll(() => {
  model?.scoring.dispose();
  if (bank) rmSync(bank.dir, { recursive: true, force: true });
});

describe('scoreSnapshot', () => {
  it('keeps each customer’s rows best first with the model’s scores as shares of the customer’s shelf, leaving out products already held', async () => {
    const scored = await scoreSnapshot(bank.snapshot, model);
    const { table, features } = await readWideTable(bank.snapshot);
    const columns = featureColumns(table, features, bank.snapshot);
    const customers = table.getChild('customer_id')!;
    const products = table.getChild('product_id')!;
    const bought = columns.numbers.get('bought_product_before')!;
    const term = columns.numbers.get('product_term_days')!;
    const kept = Array.from({ length: table.numRows }, (_, r) => r).filter((r) => !alreadyHolds(bought[r], term[r]));
    const expected = model.scoring.score(columns, kept);
    expect(scored.products.length).toBe(kept.length);
    expect(scored.excludedRows).toBe(table.numRows - kept.length);
    const byCustomer = new Map<string, Array<[string, number]>>();
    kept.forEach((r, k) => {
      const list = byCustomer.get(customers.get(r)) ?? [];
      list.push([products.get(r), expected[k]]);
      byCustomer.set(customers.get(r), list);
    });
    for (const [id, list] of byCustomer) {
      const k = scored.customerNumbers.get(id)!;
      const rows = Array.from({ length: scored.offsets[k + 1] - scored.offsets[k] }, (_, i) => scored.offsets[k] + i);
      const sum = list.reduce((s, [, score]) => s + score, 0);
      const sorted = [...list].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      expect(rows.map((i) => scored.productIds[scored.products[i]])).toEqual(sorted.map(([p]) => p));
      for (const [j, i] of rows.entries()) expect(scored.scores[i]).toBeCloseTo(sorted[j][1] / sum, 6);
      expect(rows.reduce((s, i) => s + scored.scores[i], 0)).toBeCloseTo(1, 5);
    }
  });

  it('is the same on two threads as on one, over many record batches', async () => {
    // The snapshot five times over (customer ids suffixed): a file of several record batches.
    const big = join(bank.dir, 'snapshot-x5.arrow');
    await replicateSnapshot(bank.snapshot, big, 5);
    const file = await openWideTableFile(big);
    expect(file.batchCount).toBeGreaterThanOrEqual(5);
    await file.close();
    const one = await scoreSnapshot(big, model, { threads: 1 });
    const two = await scoreSnapshot(big, model, { threads: 2 });
    expect(one.customerIds.length).toBeGreaterThan(1000);
    expect(two.customerIds).toEqual(one.customerIds);
    expect(Array.from(two.offsets)).toEqual(Array.from(one.offsets));
    expect(Array.from(two.products)).toEqual(Array.from(one.products));
    expect(Array.from(two.scores)).toEqual(Array.from(one.scores));
    expect(Array.from(two.riskAtBuild)).toEqual(Array.from(one.riskAtBuild));
    // The reasons the workers attribute come back with their rows (transferred arrays).
    expect(Array.from(two.reasons.codes)).toEqual(Array.from(one.reasons.codes));
    expect(Array.from(two.reasons.values)).toEqual(Array.from(one.reasons.values));
  }, 120_000);
});

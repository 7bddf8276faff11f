/**
 * Reasons on a small generated bank with a trained model: the scored snapshot keeps each row's own
 * reasons through the ranking, they are faithful to the model on the snapshot's day (after every
 * training day), the API carries them the same on the fast path and through Express (none under a
 * baseline arm), and a campaign list exported with reasons carries the top reason per customer.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { campaignRequestFromFlags } from '../../cli/commands/campaign.js';
import { keyChecker } from '../../serving/api-keys.js';
import { recommendations } from '../../serving/api-schemas.js';
import { createApp } from '../../serving/app.js';
import { readCampaignListFile } from '../../serving/campaign/campaign-list-file.js';
import { loadCampaignModels } from '../../serving/campaign/campaign-models.js';
import { exportCampaign, type CampaignModels } from '../../serving/campaign/export-campaign.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { BankNow } from '../../serving/live/bank-now.js';
import { Recommender, type Recommendations } from '../../serving/recommender.js';
import { scoreSnapshot, type ScoredSnapshot } from '../../serving/scored-snapshot.js';
import { LiveServingState, type ServingState } from '../../serving/serving-state.js';
import { openDatabase } from '../../src/db/index.js';
import { alreadyHolds } from '../../src/domain/eligibility.js';
import { choiceSharesWithinRuns } from '../../src/model-directory/choice-shares.js';
import type { LoadedModel } from '../../src/model-directory/model-directory.js';
import { loadChampion } from '../../src/model-directory/registry.js';
import { attributeReasons, NO_REASON, REASON_GROUPS, REASON_NUMBERS, REASONS_PER_ROW, reasonFaithfulness, servedReason } from '../../src/reasons/index.js';
import { featureColumns, readWideTable } from '../../src/wide-table/index.js';
import { addDemandChampion, prepareServedBank, type ServedBank } from './served-bank.js';

const KEY = 'reasons-key-0123456789abcdef0123456789';
let bank: ServedBank;
let model: LoadedModel;
let snapshot: ScoredSnapshot;
let knex: Knex;

beforeAll(async () => {
  bank = await prepareServedBank({ customers: 400, days: 150, seed: 33 });
  model = (await loadChampion(bank.models))!;
  snapshot = await scoreSnapshot(bank.snapshot, model);
  knex = openDatabase(bank.dbUrl).knex;
}, 240_000);
afterAll(async () => {
  await knex?.destroy();
  model?.scoring.dispose();
  if (bank) rmSync(bank.dir, { recursive: true, force: true });
});

/** The snapshot's rows the server keeps (not already held), with each customer's rows as one run. */
async function snapshotShelf() {
  const { table, features } = await readWideTable(bank.snapshot);
  const columns = featureColumns(table, features, bank.snapshot);
  const bought = columns.numbers.get('bought_product_before')!;
  const term = columns.numbers.get('product_term_days')!;
  const customers = table.getChild('customer_id')!;
  const products = table.getChild('product_id')!;
  const rows = Array.from({ length: table.numRows }, (_, r) => r).filter((r) => !alreadyHolds(bought[r], term[r]));
  const runLengths: number[] = [];
  rows.forEach((r, k) => {
    if (k === 0 || customers.get(r) !== customers.get(rows[k - 1])) runLengths.push(0);
    runLengths[runLengths.length - 1]++;
  });
  return { columns, rows, runLengths, keyOf: (r: number) => `${customers.get(r)}/${products.get(r)}` };
}

describe('the scored snapshot', () => {
  it('keeps each row’s own reasons after ranking its customer’s rows', async () => {
    const shelf = await snapshotShelf();
    const shares = choiceSharesWithinRuns(model.scoring.score(shelf.columns, shelf.rows), shelf.runLengths);
    const expected = attributeReasons(model.scoring, shelf, shares);
    const byRow = new Map(shelf.rows.map((r, k) => [shelf.keyOf(r), Array.from(expected.codes.subarray(k * REASONS_PER_ROW, (k + 1) * REASONS_PER_ROW))]));
    let withReason = 0;
    snapshot.customerIds.forEach((id, c) => {
      for (let i = snapshot.offsets[c]; i < snapshot.offsets[c + 1]; i++) {
        const codes = Array.from(snapshot.reasons.codes.subarray(i * REASONS_PER_ROW, (i + 1) * REASONS_PER_ROW));
        expect(codes).toEqual(byRow.get(`${id}/${snapshot.productIds[snapshot.products[i]]}`));
        if (codes[0] !== NO_REASON) withReason++;
      }
    });
    // Not vacuous: most rows have a reason.
    expect(withReason).toBeGreaterThan(snapshot.products.length / 2);
    const used = new Set(Array.from(snapshot.reasons.codes).filter((c) => c !== NO_REASON));
    console.log(`rows with a reason: ${withReason} of ${snapshot.products.length}; groups used: ${[...used].map((c) => REASON_GROUPS[c].code).join(', ')}`);
  });

  it('has no reasons when loaded without them', async () => {
    const plain = await scoreSnapshot(bank.snapshot, model, { reasons: false });
    expect(plain.reasons.codes.every((c) => c === NO_REASON)).toBe(true);
    expect(Array.from(plain.scores)).toEqual(Array.from(snapshot.scores));
  });
});

describe('faithfulness', () => {
  it('removing the top reason’s group lowers the served score more than removing another, for at least 80% of items', async () => {
    const shelf = await snapshotShelf();
    const f = reasonFaithfulness(model.scoring, shelf, { itemsPerCustomer: 5, seed: 7 });
    console.log(
      `faithfulness on ${f.choiceShare.items} served items: choice share ${f.choiceShare.share.toFixed(3)}, probability before shares ${f.probability.share.toFixed(3)}`,
    );
    expect(f.choiceShare.items).toBeGreaterThan(500);
    expect(f.choiceShare.share).toBeGreaterThanOrEqual(0.8);
    // The same seed draws the same other groups.
    expect(reasonFaithfulness(model.scoring, shelf, { itemsPerCustomer: 5, seed: 7 })).toEqual(f);
  }, 120_000);
});

describe('reasons attached after readiness (serve --reasons background)', () => {
  it('serves the scores first, then the same reasons as a load with them', async () => {
    const state = new LiveServingState(knex, { modelsRoot: bank.models, snapshotPath: bank.snapshot, today: () => bank.asOf, reasons: 'background' });
    try {
      await state.reload();
      const recommender = state.recommender()!;
      const id = snapshot.customerIds.find((c) => {
        const k = snapshot.customerNumbers.get(c)!;
        return snapshot.reasons.codes[snapshot.offsets[k] * REASONS_PER_ROW] !== NO_REASON;
      })!;
      const answer = () => recommender.recommend(id, 5) as Recommendations;
      const first = answer();
      // The reasons arrive from worker threads: until then the answers serve without them.
      await vi.waitFor(() => expect(answer().items.some((i) => i.reasons.length > 0)).toBe(true), { timeout: 60_000, interval: 100 });
      const k = snapshot.customerNumbers.get(id)!;
      const served = answer();
      expect(served.items.map((i) => [i.productId, i.score])).toEqual(first.items.map((i) => [i.productId, i.score]));
      served.items.forEach((item, rank) => {
        const at = (snapshot.offsets[k] + rank) * REASONS_PER_ROW;
        expect(item.reasons.map((r) => REASON_NUMBERS.get(r.code))).toEqual(
          Array.from(snapshot.reasons.codes.subarray(at, at + REASONS_PER_ROW)).filter((c) => c !== NO_REASON),
        );
      });
    } finally {
      state.dispose();
    }
  }, 120_000);
});

describe('the API', () => {
  it('carries up to 3 reasons per item, the same bytes on the fast path as through Express, and none under a baseline arm', async () => {
    const bankNow = await BankNow.load(knex, snapshot.asOf, snapshot.customerNumbers);
    const recommender = new Recommender({
      snapshot,
      bank: bankNow,
      recomputed: null,
      today: () => bank.asOf,
      changesAppliedThrough: () => null,
      snapshotShelf: null,
    });
    const state: ServingState = { recommender: () => recommender, notReadyBecause: async () => [], modelInfo: () => ({ version: model.card.version }) };
    const fast = createApp({ state, checkKey: keyChecker(developmentKeys([KEY])) });
    const slow = createApp({ state, checkKey: keyChecker(developmentKeys([KEY])), fastPath: false });
    let reasons = 0;
    for (const id of snapshot.customerIds.slice(0, 40)) {
      const path = `/v1/customers/${id}/recommendations?n=5`;
      const [a, b] = await Promise.all([request(fast).get(path).set('X-API-Key', KEY), request(slow).get(path).set('X-API-Key', KEY)]);
      expect(a.status).toBe(200);
      expect(a.text).toBe(b.text);
      const answer = recommendations.parse(a.body);
      for (const item of answer.items) {
        expect(item.reasons.length).toBeLessThanOrEqual(3);
        reasons += item.reasons.length;
        // The texts are the catalogue's for the row's stored value.
        const k = snapshot.customerNumbers.get(id)!;
        let row = snapshot.offsets[k];
        while (snapshot.productIds[snapshot.products[row]] !== item.productId) row++;
        item.reasons.forEach((reason, s) => {
          const at = row * REASONS_PER_ROW + s;
          expect(REASON_NUMBERS.get(reason.code)).toBe(snapshot.reasons.codes[at]);
          expect(reason).toEqual(servedReason(snapshot.reasons.codes[at], snapshot.reasons.values[at]));
        });
      }
    }
    expect(reasons).toBeGreaterThan(40);
    const baseline = recommender.recommend(snapshot.customerIds[0], 5, { label: 'baseline:popularity', score: () => 0.5 });
    if (!baseline || typeof baseline === 'symbol') throw new Error('expected an answer');
    expect(baseline.items.length).toBeGreaterThan(0);
    expect(baseline.items.every((item) => item.reasons.length === 0)).toBe(true);
  }, 60_000);
});

describe('campaign export --with-reasons', () => {
  let models: CampaignModels;
  beforeAll(async () => {
    await addDemandChampion(bank);
    models = await loadCampaignModels(bank.models);
  }, 120_000);
  afterAll(() => {
    models?.choice.scoring.dispose();
    models?.demand.scoring.dispose();
  });

  it('adds each listed customer’s top reason for the product, and the loop still reads the list', async () => {
    const product = snapshot.productIds[0];
    const request = campaignRequestFromFlags({ product, channel: 'sms', top: '50', capDays: '0', withReasons: true });
    expect(request.withReasons).toBe(true);
    const out = join(bank.dir, 'with-reasons.csv');
    const result = await exportCampaign(knex, request, { snapshot: bank.snapshot, out, models, requestedBy: 'test', today: bank.asOf });
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('customer_id,rank,score,decile,reason_code,reason_text_zh');
    const rows = parse(text, { from_line: 2 }) as string[][];
    expect(rows.length).toBe(result.rows);
    const codes = new Set(REASON_GROUPS.map((g) => g.code));
    let given = 0;
    for (const [, , , , code, zh] of rows) {
      if (code === '') {
        expect(zh).toBe('');
        continue;
      }
      given++;
      expect(codes.has(code)).toBe(true);
      expect(zh.length).toBeGreaterThan(0);
    }
    expect(given).toBeGreaterThan(0);
    // The same customers and order as without reasons: the reasons add columns, nothing else.
    const plainOut = join(bank.dir, 'plain.csv');
    await exportCampaign(
      knex,
      { ...request, withReasons: undefined },
      { snapshot: bank.snapshot, out: plainOut, models, requestedBy: 'test', today: bank.asOf },
    );
    const plain = parse(readFileSync(plainOut, 'utf8'), { from_line: 2 }) as string[][];
    expect(rows.map((r) => r.slice(0, 4))).toEqual(plain);
    expect((await readCampaignListFile(out)).rows.map((r) => r.customerId)).toEqual(plain.map((r) => r[0]));
  }, 120_000);
});

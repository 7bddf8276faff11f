/**
 * The reasons without a trained model: the templates filled from hand-written rows, never a reason
 * citing a feature the row does not know (a property over random rows), and the attribution of a
 * hand-made network whose score depends on one group only.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { choiceSharesWithinRuns } from '../../src/model-directory/choice-shares.js';
import { parsePreprocessing, type FeatureColumns } from '../../src/model-directory/preprocessing.js';
import { ScoringModel } from '../../src/model-directory/scoring-model.js';
import {
  attributeReasons,
  featureBaseline,
  NO_REASON,
  pickReasons,
  REASON_GROUPS,
  REASON_NUMBERS,
  REASONS_PER_ROW,
  reasonValues,
  scoresWithoutGroups,
  servedReasonsOf,
  sharesWithoutGroups,
} from '../../src/reasons/index.js';
import { selectBackend } from '../../src/tf-backend/select-backend.js';
import { NUMBER_FEATURES } from '../../src/wide-table/feature-set.js';

/** Columns of `rows` rows: every number feature unknown (NaN) unless given. */
function columnsOf(rows: Array<Record<string, number>>): FeatureColumns {
  const numbers = new Map(NUMBER_FEATURES.map((f) => [f.name, Float32Array.from(rows, (row) => row[f.name] ?? Number.NaN)]));
  return { numbers, categories: new Map() };
}

/** The served reasons of each row when every group weighs `parts[g]` (its share minus the share without it). */
function reasonsWithParts(rows: Array<Record<string, number>>, parts: number[]) {
  const columns = columnsOf(rows);
  const indices = rows.map((_, i) => i);
  const shares = new Float32Array(rows.length).fill(0.5);
  const without = parts.map((p) => new Float32Array(rows.length).fill(0.5 - p));
  const reasons = pickReasons(shares, without, reasonValues({ columns, rows: indices }));
  return indices.map((i) => servedReasonsOf(reasons.codes, reasons.values, i));
}

const part = (weights: Record<string, number>) => REASON_GROUPS.map((g) => weights[g.code] ?? 0.01);

describe('reason templates', () => {
  it('fill each text from the row’s own values, rounded', () => {
    const [row] = reasonsWithParts(
      [{ maturing_amount_30d: 123_456, yield_minus_bucket_median: 0.35, popularity_7d: 1_234, same_term_bucket_share: 0.666 }],
      part({ maturing: 0.3, yield_above_shelf: 0.2, popular: 0.1, usual_term: 0.05 }),
    );
    expect(row).toEqual([
      { code: 'maturing', text_zh: '您有约¥12.3万的产品将在30天内到期', text_en: 'About ¥123,000 of your holdings mature within 30 days' },
      {
        code: 'yield_above_shelf',
        text_zh: '预期收益率比在售同期限产品的中位数高0.35个百分点',
        text_en: 'Expected yield 0.35 points above the median of same-term products on sale',
      },
      { code: 'popular', text_zh: '本周热销：近7天全行共1234笔购买', text_en: 'Popular this week: 1,234 purchases at the bank in the last 7 days' },
    ]);
  });

  it('fill the other groups, and give none whose condition fails', () => {
    const rows = reasonsWithParts(
      [
        { matured_amount_30d: 50_000, same_category_share: 0.25, bought_series_before: 1 },
        { new_customers_only: 1, days_since_sale_start: 0, same_term_bucket_share: 1 },
        { days_since_sale_start: 9, popularity_7d: 1 },
        // Below every threshold: ¥400 rounds to nothing, a yield below the median, 15 days on sale, no purchases.
        { maturing_amount_30d: 400, yield_minus_bucket_median: -0.2, days_since_sale_start: 15, popularity_7d: 0, new_customers_only: 0 },
      ],
      part({ matured: 0.3, usual_category: 0.2, usual_series: 0.1, new_customer: 0.3, new_issue: 0.2, usual_term: 0.1, popular: 0.15 }),
    );
    expect(rows[0].map((r) => [r.code, r.text_zh, r.text_en])).toEqual([
      ['matured', '您有约¥5万的产品在近30天内到期', 'About ¥50,000 of your holdings matured in the last 30 days'],
      ['usual_category', '与您常买的产品同类（占您以往购买的25%）', 'The kind of product you usually buy (25% of your past purchases)'],
      ['usual_series', '您曾购买过这个系列的产品', 'From a series you have bought before'],
    ]);
    expect(rows[1].map((r) => [r.code, r.text_zh, r.text_en])).toEqual([
      ['new_customer', '新客专享产品', 'A product for new customers'],
      ['new_issue', '今日新发行', 'New issue: on sale from today'],
      ['usual_term', '期限与您常买的相近（占您以往购买的100%）', 'A term like the ones you usually buy (100% of your past purchases)'],
    ]);
    expect(rows[2].map((r) => r.text_en)).toEqual(['New issue: on sale for 9 days', 'Popular this week: 1 purchase at the bank in the last 7 days']);
    expect(rows[3]).toEqual([]);
  });

  it('rank by the part in the score and leave out groups that lowered it', () => {
    const [row] = reasonsWithParts(
      [{ maturing_amount_30d: 20_000, popularity_7d: 5, new_customers_only: 1, days_since_sale_start: 3 }],
      part({ maturing: -0.1, popular: 0.02, new_customer: 0.05, new_issue: 0 }),
    );
    expect(row.map((r) => r.code)).toEqual(['new_customer', 'popular']);
  });
});

describe('reasons and missing features', () => {
  it('never cite a feature the row does not know', () => {
    const cited = [...new Set(REASON_GROUPS.flatMap((g) => g.cites))];
    const value = fc.oneof(fc.constant(Number.NaN), fc.constant(0), fc.constant(1), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
    const row = fc.record(Object.fromEntries(cited.map((name) => [name, value])) as Record<string, fc.Arbitrary<number>>);
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: REASON_GROUPS.length, maxLength: REASON_GROUPS.length }),
        (rows, parts) => {
          const columns = columnsOf(rows);
          const shares = new Float32Array(rows.length).fill(0.5);
          const without = parts.map((p) => new Float32Array(rows.length).fill(0.5 - p));
          const reasons = pickReasons(shares, without, reasonValues({ columns, rows: rows.map((_, i) => i) }));
          rows.forEach((r, i) => {
            for (let s = 0; s < REASONS_PER_ROW; s++) {
              const code = reasons.codes[i * REASONS_PER_ROW + s];
              if (code === NO_REASON) continue;
              for (const name of REASON_GROUPS[code].cites) expect(Number.isFinite(r[name])).toBe(true);
              expect(parts[code]).toBeGreaterThan(0);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('attribution from the model', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  /**
   * A network reading popularity_7d (piecewise-linear over edges 0, 10, 20) and maturing_amount_30d
   * (standardised), whose weights give the maturing input no say: the score depends on popularity only.
   */
  function popularityOnlyModel(): ScoringModel {
    const preprocessing = parsePreprocessing(
      {
        formatVersion: 2,
        numbers: [
          { name: 'popularity_7d', encoding: 'ple', edges: [0, 10, 20], missingIndicator: false },
          { name: 'maturing_amount_30d', encoding: 'standard', log: true, mean: 0, std: 1, missingIndicator: false },
        ],
        categories: [],
        width: 3,
        columns: ['popularity_7d#1', 'popularity_7d#2', 'maturing_amount_30d'],
      },
      'test',
    );
    const network = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 1 })] });
    network.setWeights([tf.tensor2d([[2], [2], [0]]), tf.tensor1d([-2])]);
    return new ScoringModel(network, preprocessing);
  }

  it('takes the training median or mean as a feature’s baseline', () => {
    expect(featureBaseline({ name: 'x', encoding: 'ple', edges: [0, 10, 20], missingIndicator: false })).toBe(10);
    expect(featureBaseline({ name: 'x', encoding: 'quantile', edges: [0, 1], missingIndicator: false })).toBe(0);
    // The signed log1p undone: a mean of log(1 + x) = log(101) is x = 100.
    expect(featureBaseline({ name: 'x', encoding: 'standard', log: true, mean: Math.log(101), std: 1, missingIndicator: false })).toBeCloseTo(100, 6);
    expect(featureBaseline({ name: 'x', encoding: 'standard', log: false, mean: -3, std: 1, missingIndicator: false })).toBe(-3);
  });

  it('scores a group away as the model scores rows whose group features are at baseline', () => {
    const scoring = popularityOnlyModel();
    try {
      const rows = [
        { popularity_7d: 17, maturing_amount_30d: 3_000 },
        { popularity_7d: Number.NaN, maturing_amount_30d: 50 },
      ];
      const shelf = { columns: columnsOf(rows), rows: [0, 1], runLengths: [2] };
      const without = scoresWithoutGroups(scoring, shelf);
      for (const code of ['popular', 'maturing']) {
        const group = REASON_GROUPS[REASON_NUMBERS.get(code)!];
        const atBaseline = columnsOf(
          rows.map((row) => ({
            ...row,
            ...Object.fromEntries(
              group.features.flatMap((name) => {
                const t = scoring.preprocessing.numbers.find((n) => n.name === name);
                return t ? [[name, featureBaseline(t)]] : [];
              }),
            ),
          })),
        );
        expect(Array.from(without[REASON_NUMBERS.get(code)!]!)).toEqual(Array.from(scoring.score(atBaseline, [0, 1])));
      }
    } finally {
      scoring.dispose();
    }
  });

  it('gives the group the score depends on as the top reason, and no reason to a group the score ignores', () => {
    const scoring = popularityOnlyModel();
    try {
      // One customer, three products: popular (20 this week), less so (5), never bought (0); the baseline is 10.
      // Each row's maturing amount is large, so that reason would hold, but the network ignores it.
      const columns = columnsOf([
        { popularity_7d: 20, maturing_amount_30d: 80_000 },
        { popularity_7d: 5, maturing_amount_30d: 80_000 },
        { popularity_7d: 0, maturing_amount_30d: 80_000 },
      ]);
      const shelf = { columns, rows: [0, 1, 2], runLengths: [3] };
      const shares = choiceSharesWithinRuns(scoring.score(columns, shelf.rows), shelf.runLengths);
      const without = sharesWithoutGroups(scoring, shelf);
      // Groups the model does not read are never scored.
      expect(without.map((s, g) => (s ? REASON_GROUPS[g].code : null)).filter(Boolean)).toEqual(['maturing', 'popular']);
      const reasons = attributeReasons(scoring, shelf, shares);
      const served = [0, 1, 2].map((i) => servedReasonsOf(reasons.codes, reasons.values, i));
      expect(served[0]).toEqual([expect.objectContaining({ code: 'popular', text_en: 'Popular this week: 20 purchases at the bank in the last 7 days' })]);
      // Below the baseline, the others' shares would rise without the group: popularity is no reason to offer them.
      expect(served[1]).toEqual([]);
      expect(served[2]).toEqual([]);
      expect(reasons.codes[0]).toBe(REASON_NUMBERS.get('popular'));
    } finally {
      scoring.dispose();
    }
  });
});

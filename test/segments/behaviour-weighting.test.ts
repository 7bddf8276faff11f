/**
 * The behaviour weighting on a hand-made day of eight customers: every behaviour's weighted columns
 * hold the same variance, however many columns it takes; "never bought" is one marker, and a
 * customer who never bought sits at the buyers' centre of every purchase-derived behaviour; the
 * model keeps it, so assignment weighs a later day the same; files of format 1 still read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureColumns } from '../../src/model-directory/preprocessing.js';
import { assignSegments, encodeBehaviour } from '../../src/segments/assign-segments.js';
import { NEVER_PURCHASED } from '../../src/segments/behaviour-features.js';
import { applyBehaviourWeighting, fitBehaviourWeighting } from '../../src/segments/behaviour-weighting.js';
import { readSegmentation, sidecarPath, writeSegmentation, type Segmentation } from '../../src/segments/index.js';
import { clusterCustomers, clusteredColumns, fitBehaviourEncoding } from '../../training/segments/cluster-customers.js';

const N = NaN;
/** Customers 5, 6 and 7 never bought: no recency, no preferences, a count of 0. */
const NEVER = [5, 6, 7];
const day = (): FeatureColumns => ({
  numbers: new Map([
    ['aum_yuan', Float32Array.from([1e4, 2e4, 5e4, 8e4, 2e5, 3e3, 6e4, 9e5])],
    ['deposit_trend_30d_90d', Float32Array.from([0.1, -0.2, 0, 0.3, N, -0.1, 0.05, 0.2])],
    ['purchases_count_365d', Float32Array.from([1, 3, 2, 8, 1, 0, 0, 0])],
    ['days_since_last_purchase', Float32Array.from([5, 40, 90, 2, 150, N, N, N])],
    ['pref_risk', Float32Array.from([1, 2, 2, 4, 3, N, N, N])],
    ['contact_response_rate', Float32Array.from([0, 1, N, 0.5, N, N, 0, N])],
  ]),
  categories: new Map<string, Array<string | null>>([
    ['pref_term_bucket', ['<=3m', '<=1y', '<=3m', 'open', '>1y', null, null, null]],
    ['pref_category', ['fund', 'fixed_income', 'fixed_income', 'cash', 'equity', null, null, null]],
    ['pref_channel', ['app', 'app', 'branch', 'wechat', 'app', null, null, null]],
  ]),
});
const ROWS = 8;

function encodedDay() {
  const columns = day();
  const preprocessing = fitBehaviourEncoding(columns, ROWS);
  const model = {
    preprocessing,
    weighting: fitBehaviourWeighting(
      preprocessing,
      encodeBehaviour({ preprocessing, weighting: identity(preprocessing.width) }, clusteredColumns(columns), ROWS),
    ),
  };
  return { columns, preprocessing, model, weighted: encodeBehaviour(model, clusteredColumns(columns), ROWS) };
}

/** Leaves rows as encoded, for reading the raw encoding through encodeBehaviour. */
function identity(width: number) {
  return { behaviours: Array(width).fill('x'), neverPurchasedColumn: null, fills: Array(width).fill(null), scales: Array(width).fill(1) };
}

const column = (rows: Float32Array, width: number, j: number) => Array.from({ length: rows.length / width }, (_, i) => rows[i * width + j]);
const variance = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
};

describe('behaviour weighting', () => {
  it('gives every behaviour the same total variance, whatever its number of columns', () => {
    const { preprocessing, model, weighted } = encodedDay();
    const { behaviours } = model.weighting;
    const byBehaviour = new Map<string, number>();
    behaviours.forEach((b, j) => {
      byBehaviour.set(b, (byBehaviour.get(b) ?? 0) + variance(column(weighted, preprocessing.width, j)));
    });
    // The nine clustered features of the day, and the marker.
    expect([...byBehaviour.keys()].sort()).toEqual(
      [
        'aum_yuan',
        'contact_response_rate',
        'days_since_last_purchase',
        'deposit_trend_30d_90d',
        NEVER_PURCHASED,
        'pref_category',
        'pref_channel',
        'pref_risk',
        'pref_term_bucket',
        'purchases_count_365d',
      ].sort(),
    );
    for (const [b, v] of byBehaviour) expect(v, b).toBeCloseTo(1, 5);
    // Categories take several columns each (values, <other>, <missing>), a number one or two: the raw encoding's variance differs by behaviour.
    expect(behaviours.filter((b) => b === 'pref_category').length).toBeGreaterThan(3);
    expect(behaviours.filter((b) => b === 'aum_yuan')).toHaveLength(1);
  });

  it('counts "never bought" once: one marker, and the buyers’ centre on every purchase-derived behaviour', () => {
    const { preprocessing, model, weighted } = encodedDay();
    const { width } = preprocessing;
    const { behaviours, neverPurchasedColumn } = model.weighting;
    expect(behaviours.filter((b) => b === NEVER_PURCHASED)).toHaveLength(1);
    expect(preprocessing.columns[neverPurchasedColumn!]).toBe('days_since_last_purchase:missing');
    // The marker: 1 (scaled) for the three who never bought, 0 for the buyers; p = 3/8, variance 15/64.
    expect(column(weighted, width, neverPurchasedColumn!)).toEqual(
      Array.from({ length: ROWS }, (_, i) => (NEVER.includes(i) ? Math.fround(1 / Math.sqrt(15 / 64)) : 0)),
    );
    const derived = ['purchases_count_365d', 'days_since_last_purchase', 'pref_risk', 'pref_term_bucket', 'pref_category', 'pref_channel'];
    const buyers = [0, 1, 2, 3, 4];
    behaviours.forEach((b, j) => {
      if (!derived.includes(b)) return;
      const values = column(weighted, width, j);
      const buyersMean = buyers.reduce((s, i) => s + values[i], 0) / buyers.length;
      for (const i of NEVER) expect(values[i], `${preprocessing.columns[j]} of customer ${i}`).toBeCloseTo(buyersMean, 5);
    });
    // So two customers who never bought differ only where behaviour not derived from purchases does: AUM, deposit trend, response.
    const differing = behaviours.filter((_, j) => Math.abs(weighted[5 * width + j] - weighted[6 * width + j]) > 1e-6);
    expect(new Set(differing)).toEqual(new Set(['aum_yuan', 'deposit_trend_30d_90d', 'contact_response_rate']));
    // The preferences' own "missing" columns say nothing any more: no buyer lacks them, and the others are filled.
    for (const name of ['pref_risk:missing', 'pref_term_bucket=<missing>', 'pref_category=<missing>', 'pref_channel=<missing>'])
      expect(column(weighted, width, preprocessing.columns.indexOf(name)), name).toEqual(Array(ROWS).fill(0));
  });

  it('is kept in the model: a segmentation assigns its own customers where k-means put them, the same for the same seed', () => {
    const columns = day();
    const clustering = clusterCustomers(columns, ROWS, { k: 3, seed: 4 });
    const again = clusterCustomers(columns, ROWS, { k: 3, seed: 4 });
    expect(again).toEqual(clustering);
    const model = { preprocessing: clustering.preprocessing, weighting: clustering.weighting, centroids: clustering.centroids };
    expect(encodeBehaviour(model, columns, ROWS)).toEqual(clustering.encoded);
    expect(assignSegments(model, columns, ROWS)).toEqual(clustering.labels);
    // Without the weighting the same centroids would be in the wrong space.
    expect(
      applyBehaviourWeighting(
        clustering.weighting,
        encodeBehaviour({ ...model, weighting: identity(model.preprocessing.width) }, columns, ROWS),
        model.preprocessing.width,
      ),
    ).toEqual(clustering.encoded);
  });
});

describe('segmentation files of format 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wealthrec-weighting-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function written(): Promise<Segmentation> {
    const columns = day();
    const c = clusterCustomers(columns, ROWS, { k: 2, seed: 1 });
    const model = {
      formatVersion: 2 as const,
      asOf: '2024-06-04',
      seed: 1,
      k: 2,
      kChoice: { method: 'given' as const, sample: ROWS, candidates: [{ k: 2, silhouette: null }] },
      horizonDays: 30,
      models: { demand: null, value: null },
      preprocessing: c.preprocessing,
      weighting: c.weighting,
      centroids: c.centroids,
      cards: [0, 1].map((id) => ({
        id,
        name: `s${id}`,
        size: 0,
        share: 0,
        medianAumYuan: null,
        purchaseRate: null,
        responseRate: null,
        contacts: 0,
        valueStages: {},
        topCategories: [],
        topTerms: [],
        departures: [],
      })),
    };
    return { model, customerIds: Array.from({ length: ROWS }, (_, i) => `C${i}`), segments: c.labels };
  }

  it('reads a format 1 model as it was made: every encoded column weighed the same', async () => {
    const s = await written();
    const file = join(dir, 'v1.csv');
    await writeSegmentation(file, s, 'csv');
    const { weighting, ...v1 } = s.model;
    writeFileSync(sidecarPath(file), JSON.stringify({ ...v1, formatVersion: 1 }));
    const read = await readSegmentation(file);
    expect(read.model.formatVersion).toBe(2);
    expect(read.model.weighting.scales.every((x) => x === 1)).toBe(true);
    expect(read.model.weighting.neverPurchasedColumn).toBeNull();
    // Assignment reads the plain encoding, as format 1 clustered it.
    expect(encodeBehaviour(read.model, day(), ROWS)).toEqual(
      encodeBehaviour({ ...read.model, weighting: identity(read.model.preprocessing.width) }, day(), ROWS),
    );
    expect(read.segments).toEqual(s.segments);
  });

  it('refuses a newer format, saying which it reads', async () => {
    const s = await written();
    const file = join(dir, 'v3.csv');
    await writeSegmentation(file, s, 'csv');
    writeFileSync(sidecarPath(file), JSON.stringify({ ...s.model, formatVersion: 3 }));
    await expect(readSegmentation(file)).rejects.toThrow(/format version 3; this build reads 1 and 2 \(written by a newer wealthrec/);
  });
});

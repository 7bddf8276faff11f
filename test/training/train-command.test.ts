/**
 * The whole training stage on a small generated bank, as `wealthrec train` runs it: evaluation with
 * baselines and oracle, report files, predictions that recompute the reported metrics, the registry
 * and the champion compared on the next run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWideTable } from '../../features/index.js';
import { runTrain, type TrainFlags } from '../../workflows/train-and-register.js';
import { parseDay } from '../../src/domain/dates.js';
import { importBank } from '../../import/index.js';
import { auc, logLoss, rankingMetrics } from '../../src/metrics/index.js';
import { generateBank } from '../../synthetic/index.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { listModels, readChampion } from '../../src/model-directory/registry.js';
import type { EvaluationReport } from '../../training/report/report-data.js';
import { createTestDatabase } from '../support/test-database.js';

let dir: string;
let flags: TrainFlags;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wealthrec-train-'));
  const bank = join(dir, 'bank');
  const summary = await generateBank({ customers: 600, days: 150, seed: 5, outDir: bank });
  const db = await createTestDatabase('sqlite');
  try {
    expect((await importBank(db.knex, { dir: bank })).status).toBe('committed');
    const last = parseDay(summary.lastDay)!;
    await buildWideTable(db.knex, { kind: 'samples', fromDay: last - 100, toDay: last, out: join(dir, 'samples.arrow'), format: 'arrow' });
  } finally {
    await db.drop();
  }
  flags = {
    samples: join(dir, 'samples.arrow'),
    arch: 'dcn',
    ablation: ['mlp'],
    mode: 'once',
    testDays: 10,
    validationDays: 3,
    seed: 1,
    ...{ epochs: 3, batchSize: 256, learningRate: DEFAULT_FIT_OPTIONS.learningRate, patience: 2, negativeRate: 1, workers: 1, listwiseWeight: 0 },
    backend: 'wasm',
    oracle: join(bank, 'oracle'),
    models: join(dir, 'models'),
    report: join(dir, 'report'),
    predictions: join(dir, 'predictions.csv'),
    evaluate: true,
    promote: true,
  };
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wealthrec train', () => {
  it('reports every scorer, writes predictions that recompute the metrics, and registers the champion', async () => {
    await runTrain(flags);
    const report = JSON.parse(await readFile(join(dir, 'report', 'metrics.json'), 'utf8')) as EvaluationReport;
    expect(report.scorers.map((s) => [s.name, s.kind])).toEqual([
      ['DCN-V2', 'model'],
      ['MLP', 'ablation'],
      ['logistic regression', 'baseline'],
      ['popularity 7d', 'baseline'],
      ['expert: highest yield', 'baseline'],
      ['full oracle (knows hidden traits; not reachable)', 'oracle'],
      ['achievable bound given past choices', 'oracle'],
      ['bound with no history', 'oracle'],
    ]);
    expect(report.backend.name).toBe('wasm');
    expect(report.model.version).toMatch(/-dcn-[0-9a-f]{8}$/);
    expect(report.data.testDays).toHaveLength(10);
    await expect(readFile(join(dir, 'report', 'report.html'), 'utf8')).resolves.toContain('<svg');

    // Anyone can recompute the reported metrics from the predictions file.
    const [header, ...lines] = (await readFile(flags.predictions!, 'utf8')).trim().split('\n');
    expect(header.split(',').slice(0, 5)).toEqual(['customer_id', 'product_id', 'date', 'label', 'score']);
    expect(lines).toHaveLength(report.data.testRows);
    const cells = lines.map((l) => l.split(','));
    const labels = cells.map((c) => Number(c[3]));
    const scores = cells.map((c) => Number(c[4]));
    const candidate = report.scorers[0].pooled;
    expect(auc(labels, scores)).toBeCloseTo(candidate.auc!, 6);
    expect(logLoss(labels, scores)).toBeCloseTo(candidate.logloss!, 5);
    expect(
      rankingMetrics(
        labels,
        scores,
        cells.map((c) => `${c[0]}|${c[2]}`),
      ).mrr,
    ).toBeCloseTo(candidate.ranking.mrr, 6);

    const champion = await readChampion(flags.models!);
    expect(champion?.version).toBe(report.model.version);
    expect((await listModels(flags.models!)).map((e) => e.version)).toEqual([report.model.version]);
  }, 180_000);

  it('compares the next evaluation with the champion; a listwise weight trains on whole occasions and is on the card', async () => {
    await runTrain({ ...flags, seed: 2, promote: false, listwiseWeight: 1 });
    const report = JSON.parse(await readFile(join(dir, 'report', 'metrics.json'), 'utf8')) as EvaluationReport;
    expect(report.champion?.version).toBe((await readChampion(flags.models!))?.version);
    expect(report.notes.join(' ')).toMatch(/includes test days: its figures are optimistic/);
    const models = await listModels(flags.models!);
    expect(models).toHaveLength(2);
    expect(models.map((m) => [m.champion, m.card?.fit.listwiseWeight])).toEqual(
      expect.arrayContaining([
        [true, 0],
        [false, 1],
      ]),
    );
  }, 180_000);
});

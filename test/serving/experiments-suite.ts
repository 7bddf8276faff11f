/**
 * Experiments in the bank database, run against SQLite and MariaDB alike: starting and stopping
 * (one at a time, names never reused, audited), the report's arithmetic on a hand-made impression
 * log and purchases, and the impression log under a burst larger than its queue.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExperimentArm } from '../../serving/experiments/arm-policy.js';
import { experimentOutcomes } from '../../serving/experiments/experiment-outcomes.js';
import { findExperiment, listExperiments, runningExperiment, startExperiment, stopExperiment } from '../../serving/experiments/experiments-table.js';
import { ImpressionLog } from '../../serving/experiments/impression-log.js';
import { meteredImpressionLog } from '../../serving/experiments/metered-impression-log.js';
import { createServiceMetrics } from '../../serving/service-metrics.js';
import { renderExperimentHtml, renderExperimentMarkdown } from '../../serving/experiments/render-experiment-report.js';
import { UsageError } from '../../src/errors.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/test-database.js';

const ARMS: ExperimentArm[] = [
  { arm: 'champion', weight: 1, policy: { kind: 'champion' } },
  { arm: 'popularity', weight: 1, policy: { kind: 'baseline', policy: 'popularity' } },
];

/** An impression log that writes only when a batch fills (or on stop), with what it wrote and dropped counted. */
function countingLog(knex: Knex, capacity: number, batchSize: number) {
  const counts = { written: 0, queue_full: 0, write_failed: 0 };
  const log = new ImpressionLog(knex, {
    capacity,
    batchSize,
    flushMs: 60_000,
    onWritten: (rows) => {
      counts.written += rows;
    },
    onDropped: (rows, reason) => {
      counts[reason] += rows;
    },
  });
  return { log, counts };
}

export function defineExperimentsSuite(backend: Backend, available: () => boolean): void {
  describe.runIf(available())(`experiments on ${backend}`, () => {
    let db: TestDatabase;
    let knex: Knex;
    beforeAll(async () => {
      db = await createTestDatabase(backend);
      knex = db.knex;
    }, 60_000);
    afterAll(async () => {
      await db?.drop();
    });
    beforeEach(async () => {
      for (const table of ['impressions', 'experiments', 'purchases', 'audit_log']) await knex(table).delete();
    });

    it('starts one experiment at a time, never reuses a name, and audits start and stop', async () => {
      const started = await startExperiment(knex, { name: 'exp-1', arms: ARMS, day: 100, startedBy: 'cli' });
      expect(started.salt).toMatch(/^[0-9a-f]{32}$/);
      expect((await runningExperiment(knex))?.name).toBe('exp-1');
      await expect(startExperiment(knex, { name: 'exp-2', arms: ARMS, day: 100, startedBy: 'cli' })).rejects.toThrow(/"exp-1" is running: stop it first/);
      await expect(stopExperiment(knex, 'exp-1', 99)).rejects.toThrow(/started on .* after/);
      const stopped = await stopExperiment(knex, 'exp-1', 104);
      expect(stopped.stoppedDay).toBe(104);
      expect(await runningExperiment(knex)).toBeNull();
      await expect(stopExperiment(knex, 'exp-1', 105)).rejects.toThrow(/already stopped/);
      await expect(startExperiment(knex, { name: 'exp-1', arms: ARMS, day: 105, startedBy: 'cli' })).rejects.toThrow(/already ran/);
      await expect(startExperiment(knex, { name: 'bad name', arms: ARMS, day: 105, startedBy: 'cli' })).rejects.toThrow(UsageError);
      const second = await startExperiment(knex, { name: 'exp-2', arms: ARMS, salt: 'fixed', day: 105, startedBy: 'cli' });
      expect(second.salt).toBe('fixed');
      expect((await listExperiments(knex)).map((e) => e.name)).toEqual(['exp-2', 'exp-1']);
      expect((await findExperiment(knex, 'exp-1')).arms).toEqual(ARMS);
      const audit = await knex('audit_log').select('action', 'subject').orderBy('id');
      expect(audit).toEqual([
        { action: 'experiment.start', subject: 'exp-1' },
        { action: 'experiment.stop', subject: 'exp-1' },
        { action: 'experiment.start', subject: 'exp-2' },
      ]);
    });

    it('reports conversions, intervals, lift, amounts, SRM and days from a hand-made log', async () => {
      await startExperiment(knex, { name: 'hand', arms: ARMS, day: 100, startedBy: 'test' });
      await stopExperiment(knex, 'hand', 102);
      const impression = (customer: string, arm: string, day: number, products: string[]) => ({
        served_at: '2026-01-01T00:00:00.000Z',
        served_day: day,
        customer_id: customer,
        experiment: 'hand',
        arm,
        model_version: 'm1',
        items: JSON.stringify(products.map((productId, i) => ({ productId, rank: i + 1, score: 0.5 }))),
      });
      await knex('impressions').insert([
        impression('c1', 'champion', 100, ['P1', 'P2']),
        impression('c1', 'champion', 102, ['P3']),
        impression('c2', 'champion', 100, ['P1']),
        impression('c3', 'champion', 101, ['P2']),
        impression('c4', 'popularity', 100, ['P1']),
        impression('c5', 'popularity', 101, ['P3']),
        impression('c6', 'popularity', 101, ['P2']),
        { ...impression('c7', 'champion', 100, ['P1']), experiment: null, arm: null }, // served outside the experiment
      ]);
      let n = 0;
      const purchase = (customer: string, product: string, day: number, fen: number) => ({
        purchase_key: `k${n++}`,
        customer_id: customer,
        product_id: product,
        purchase_day: day,
        amount_fen: fen,
        import_run_id: 1,
      });
      await knex('purchases').insert([
        purchase('c1', 'P3', 108, 100_000), // shown on 102, window 102..108: converts
        purchase('c1', 'P1', 107, 7_000), // shown on 100, window 100..106: too late
        purchase('c2', 'P2', 101, 5_000), // never shown P2
        purchase('c3', 'P2', 101, 50_050), // converts
        purchase('c4', 'P1', 99, 9_900), // before the impression
        purchase('c5', 'P3', 107, 20_000), // shown on 101, window 101..107: converts
        purchase('c7', 'P1', 100, 1_000), // not in the experiment
      ]);
      const o = await experimentOutcomes(knex, await findExperiment(knex, 'hand'), { horizonDays: 7, today: 120 });
      expect(o.firstDay).toBe('1970-04-11');
      expect(o.outcomesComplete).toBe(true);
      const [a, b] = o.arms;
      expect(a).toMatchObject({ arm: 'champion', customers: 3, impressions: 4, conversions: 2, amountBought: '1500.50', lift: null });
      expect(b).toMatchObject({ arm: 'popularity', customers: 3, impressions: 3, conversions: 1, amountBought: '200.00' });
      expect(a.conversionRate).toBeCloseTo(2 / 3, 12);
      // Wilson 2/3 and 1/3 (z = 1.96), worked out in test/metrics/proportions.test.ts.
      expect(a.ciLow).toBeCloseTo(0.20766, 4);
      expect(a.ciHigh).toBeCloseTo(0.93851, 4);
      expect(b.ciLow).toBeCloseTo(0.06149, 4);
      expect(b.ciHigh).toBeCloseTo(0.79234, 4);
      // 1/3 against 2/3: lift -50%, interval exp(ln 0.5 ± 1.96 * sqrt(1 - 1/3 + 1/2 - 1/3)) - 1.
      expect(b.lift).toBeCloseTo(-0.5, 12);
      expect(b.liftLow).toBeCloseTo(-0.91645, 4);
      expect(b.liftHigh).toBeCloseTo(1.99231, 4);
      expect(o.srmPValue).toBeCloseTo(1, 12); // 3 and 3 against 1:1
      expect(o.daily).toEqual([
        { day: '1970-04-11', arm: 'champion', newCustomers: 2, conversions: 1, impressions: 2, cumulativeConversionRate: 0.5 },
        { day: '1970-04-11', arm: 'popularity', newCustomers: 1, conversions: 0, impressions: 1, cumulativeConversionRate: 0 },
        { day: '1970-04-12', arm: 'champion', newCustomers: 1, conversions: 1, impressions: 1, cumulativeConversionRate: 2 / 3 },
        { day: '1970-04-12', arm: 'popularity', newCustomers: 2, conversions: 1, impressions: 2, cumulativeConversionRate: 1 / 3 },
        { day: '1970-04-13', arm: 'champion', newCustomers: 0, conversions: 0, impressions: 1, cumulativeConversionRate: 2 / 3 },
      ]);
      // Not final while the last impressions' horizon is open.
      expect((await experimentOutcomes(knex, await findExperiment(knex, 'hand'), { horizonDays: 7, today: 108 })).outcomesComplete).toBe(false);
      // The pages render the same figures.
      expect(renderExperimentMarkdown(o)).toContain('| popularity | 3 | 3 | 1 | 33.33% |');
      const html = await renderExperimentHtml(o, true);
      expect(html).toContain('data-chart="experiment-daily"');
      expect(html).toContain('not causal lift');
    });

    it('keeps a burst larger than its queue bounded, writes what it kept, and counts what it dropped', async () => {
      const { log, counts } = countingLog(knex, 50, 20);
      const item = [{ productId: 'P1', rank: 1, score: 0.25 }];
      // Synchronously, as a burst of requests in one turn of the event loop: no write can start before it ends.
      for (let i = 0; i < 130; i++)
        log.record({ servedAtMs: Date.UTC(2026, 0, 1), servedDay: 100, customerId: `c${i}`, experiment: null, arm: null, modelVersion: 'm1', items: item });
      await log.stop();
      // The 20th entry starts a write that takes its batch out of the queue; 50 more fill it; the last 60 are dropped.
      expect(counts).toEqual({ written: 70, queue_full: 60, write_failed: 0 });
      const rows = await knex('impressions').select('customer_id', 'served_day', 'model_version', 'items').orderBy('id');
      expect(rows.map((r) => r.customer_id)).toEqual(Array.from({ length: 70 }, (_, i) => `c${i}`));
      expect(rows[0]).toEqual({ customer_id: 'c0', served_day: 100, model_version: 'm1', items: '[{"productId":"P1","rank":1,"score":0.25}]' });
      // After stop nothing more is taken, and that is counted too.
      log.record({ servedAtMs: 0, servedDay: 100, customerId: 'late', experiment: null, arm: null, modelVersion: 'm1', items: item });
      expect(counts.queue_full).toBe(61);
    });

    it('counts what the server log writes and drops in /metrics', async () => {
      const metrics = createServiceMetrics();
      const log = meteredImpressionLog(knex, metrics, { capacity: 5, flushMs: 60_000 });
      for (let i = 0; i < 12; i++)
        log.record({ servedAtMs: 0, servedDay: 100, customerId: `c${i}`, experiment: null, arm: null, modelVersion: 'm1', items: [] });
      await log.stop();
      const text = await metrics.registry.metrics();
      expect(text).toContain('wealthrec_impressions_total{result="written"} 5');
      expect(text).toContain('wealthrec_impressions_total{result="queue_full"} 7');
    });

    it('counts a batch the database refuses as dropped, and goes on writing', async () => {
      const { log, counts } = countingLog(knex, 100, 10);
      const ok = { servedAtMs: 0, servedDay: 100, experiment: null, arm: null, modelVersion: 'm1', items: [] };
      // A customer id longer than the column: the database refuses its batch (SQLite does not check
      // lengths, so a NOT NULL column left null stands in there).
      const bad = backend === 'sqlite' ? { ...ok, customerId: 'x', modelVersion: null as unknown as string } : { ...ok, customerId: 'x'.repeat(500) };
      for (let i = 0; i < 10; i++) log.record(i === 3 ? bad : { ...ok, customerId: `c${i}` });
      await log.flush();
      for (let i = 10; i < 15; i++) log.record({ ...ok, customerId: `c${i}` });
      await log.stop();
      expect(counts).toEqual({ written: 5, queue_full: 0, write_failed: 10 });
      expect(await knex('impressions').count({ n: '*' }).first()).toMatchObject({ n: 5 });
    });
  });
}

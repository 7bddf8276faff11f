/**
 * Segments on a generated bank: the same seed gives the same segments (k chosen by silhouette), the
 * report's charts draw in Chromium, and `campaign export --segment` lists exactly the customers of
 * the unrestricted list who are in the segment, in the same order, every other rule untouched.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCampaignModels } from '../../serving/campaign/campaign-models.js';
import { campaignRequestSchema } from '../../serving/campaign/campaign-request.js';
import { exportCampaign, type CampaignModels } from '../../serving/campaign/export-campaign.js';
import { CustomerSegments } from '../../serving/customer-segments.js';
import { openDatabase } from '../../src/db/index.js';
import { UsageError } from '../../src/errors.js';
import { checkReportInBrowser, chromiumExecutable } from '../../src/report/check-in-browser.js';
import { readSegmentation } from '../../src/segments/segmentation-file.js';
import { runCampaignExport } from '../../workflows/export-campaign-list.js';
import { buildSegments } from '../../workflows/segments/build-segments.js';
import { addDemandChampion, prepareServedBank, type ServedBank } from '../serving/served-bank.js';

let bank: ServedBank;
let knex: Knex;
let models: CampaignModels;

beforeAll(async () => {
  bank = await prepareServedBank({ customers: 400, days: 120, seed: 31 });
  await addDemandChampion(bank);
  knex = openDatabase(bank.dbUrl).knex;
  models = await loadCampaignModels(bank.models);
}, 300_000);

afterAll(async () => {
  models?.choice.scoring.dispose();
  models?.demand.scoring.dispose();
  await knex?.destroy();
  if (bank) rmSync(bank.dir, { recursive: true, force: true });
});

const options = (out: string, seed = 11) =>
  ({ asOf: bank.asOf - 30, out, format: 'arrow', k: 'auto', seed, modelsRoot: bank.models, report: `${out}.html`, historyMonths: 2 }) as const;

describe('segments on a generated bank', () => {
  it('gives the same segments for the same seed, k chosen by the best silhouette, sizes adding up', async () => {
    const a = await buildSegments(knex, options(join(bank.dir, 'a.arrow')));
    const b = await buildSegments(knex, options(join(bank.dir, 'b.arrow')));
    expect(readFileSync(join(bank.dir, 'a.arrow'))).toEqual(readFileSync(join(bank.dir, 'b.arrow')));
    const { candidates } = a.model.kChoice;
    expect(candidates.map((c) => c.k)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const best = Math.max(...candidates.map((c) => c.silhouette ?? -Infinity));
    expect(candidates.find((c) => c.k === a.model.k)!.silhouette).toBe(best);
    expect(b.model).toEqual(a.model);
    expect(a.model.cards.reduce((s, c) => s + c.size, 0)).toBe(a.customers);
    expect(new Set(a.model.cards.map((c) => c.name)).size).toBe(a.model.k);
    // The demand model filled its tag: the encoding reads demand_score.
    expect(a.model.models.demand).not.toBeNull();
    expect(a.model.preprocessing.numbers.map((n) => n.name)).toContain('demand_score');
    // 30 days before the last day, the purchase rate is known; the tests say something either way.
    expect(a.model.cards.every((c) => c.purchaseRate !== null)).toBe(true);
    expect(a.differences.map((d) => d.verdict).join(' ')).toMatch(/purchase rates within 30 days (differ|.*no difference)/);
    for (const month of a.history) expect(month.sizes).toHaveLength(a.model.k);
  }, 240_000);

  it('writes a report whose map and size charts draw in Chromium', async (ctx) => {
    if (!existsSync(chromiumExecutable()) && process.env.CI !== 'true') ctx.skip();
    const built = await buildSegments(knex, options(join(bank.dir, 'r.arrow')));
    const checks = await checkReportInBrowser(join(bank.dir, 'r.arrow.html'));
    expect(Object.fromEntries(checks.map((c) => [c.chart, c.series]))).toEqual({ 'segments-map': built.model.k, 'segments-history': built.model.k });
    for (const check of checks) expect(check, check.chart).toMatchObject({ drawn: true });
  }, 240_000);

  it('restricts a campaign list to a segment after every other rule', async () => {
    const file = join(bank.dir, 'today.arrow');
    await buildSegments(knex, { ...options(file), asOf: bank.asOf, report: null });
    const segments = await CustomerSegments.load(file);
    const { customerIds, segments: assigned } = await readSegmentation(file);
    const product = (await knex('products').first('product_id').where('sale_start_day', '<=', bank.asOf).whereNull('sale_end_day').orderBy('product_id'))!
      .product_id as string;
    const request = campaignRequestSchema.parse({ productId: product, channel: 'sms', fraction: 1 });
    const all = await exportCampaign(knex, request, { snapshot: bank.snapshot, out: join(bank.dir, 'all.csv'), models, requestedBy: 'test', today: bank.asOf });
    const ids = (path: string) =>
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]);
    const listed = ids(join(bank.dir, 'all.csv'));
    let checked = 0;
    for (const card of segments.model.cards) {
      const members = new Set(customerIds.filter((_, i) => assigned[i] === card.id));
      const out = join(bank.dir, `segment-${card.id}.csv`);
      const restricted = await exportCampaign(knex, request, {
        snapshot: bank.snapshot,
        out,
        models,
        requestedBy: 'test',
        today: bank.asOf,
        segment: { name: card.name, members: segments.members(String(card.id))! },
      });
      // The unrestricted list's members of the segment, in its order: the risk, holding, opt-out and cap rules are the same.
      expect(ids(out)).toEqual(listed.filter((id) => members.has(id)));
      expect({ ...restricted.excluded, outsideSegment: undefined }).toEqual({ ...all.excluded, outsideSegment: undefined });
      expect(restricted.excluded.outsideSegment).toBe(all.candidates - restricted.candidates);
      checked += restricted.rows;
    }
    expect(checked).toBe(all.rows);
    const audit = await knex('audit_log').orderBy('id', 'desc').first('details');
    expect(JSON.parse(audit.details).segment).toContain(segments.model.cards.at(-1)!.name);
    // A segment the file does not have, or --segment without --segments, is refused before anything runs.
    const flags = { snapshot: bank.snapshot, out: join(bank.dir, 'x.csv'), models: bank.models, db: bank.dbUrl, backend: 'wasm' as const };
    await expect(runCampaignExport(request, { ...flags, segment: 'no such', segments: file })).rejects.toThrow(UsageError);
    await expect(runCampaignExport(request, { ...flags, segment: '0' })).rejects.toThrow(/--segment needs --segments/);
    expect(existsSync(join(bank.dir, 'x.csv'))).toBe(false);
  }, 240_000);
});

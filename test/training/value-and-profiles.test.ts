/**
 * Customer value and profiles on a generated bank: the value table's labels against SQL, the value
 * model against the naive forecast on unseen days, its model directory, the profile table (Arrow
 * and CSV) with the model tags, and GET /v1/customers/{id}/profile.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOfDaysEvery, buildCustomerDayTable } from '../../features/index.js';
import { customersOpenBy, loadHistories } from '../../features/customer-blocks.js';
import { historyAsOf } from '../../features/point-in-time.js';
import { ProductCatalog } from '../../features/product-catalog.js';
import { computeProfileTags } from '../../features/profile/compute-profile-tags.js';
import { PROFILE_TAGS } from '../../src/profile-table/profile-tags.js';
import { readProfileTable } from '../../src/profile-table/reader.js';
import { keyChecker } from '../../serving/api-keys.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { customerProfile } from '../../serving/api-schemas.js';
import { createApp } from '../../serving/app.js';
import { CustomerProfiles } from '../../serving/customer-profiles.js';
import { buildProfiles } from '../../workflows/build-profiles.js';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { parseDay } from '../../src/domain/dates.js';
import { logValue, valueStage } from '../../src/domain/value-stage.js';
import { importBank } from '../../import/index.js';
import { generateBank } from '../../synthetic/index.js';
import { selectBackend, type BackendChoice } from '../../src/tf-backend/select-backend.js';
import { demandTargetOf } from '../../training/demand/demand-target.js';
import { trainCustomerDayModel } from '../../training/customer-day/train-customer-day-model.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { readModelDirectory, writeModelDirectory } from '../../src/model-directory/model-directory.js';
import { demandModelsRoot, promote, valueModelsRoot } from '../../src/model-directory/registry.js';
import { loadSamples, type Samples } from '../../training/samples.js';
import { evaluateValue, NAIVE, VALUE_NETWORK } from '../../training/value/evaluate-value.js';
import { valueTargetOf } from '../../training/value/value-data.js';
import { renderValueMarkdown } from '../../training/value/value-report.js';

const KEY = 'profile-key-0123456789abcdef0123456789';
let dir: string;
let knex: Knex;
let last: number;
let backend: BackendChoice;
let value: Samples;
const models = () => join(dir, 'models');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wealthrec-value-'));
  backend = await selectBackend('wasm');
  const bank = await generateBank({ customers: 1500, days: 330, seed: 9, outDir: join(dir, 'bank') });
  last = parseDay(bank.lastDay)!;
  knex = openDatabase(`sqlite:${join(dir, 'bank.db')}`).knex;
  await migrateToLatest(knex);
  expect((await importBank(knex, { dir: join(dir, 'bank') })).status).toBe('committed');
  // Every 14 days, the last whose 90-day horizon ends on the last day of data.
  await buildCustomerDayTable(knex, {
    asOfDays: asOfDaysEvery(last - 89 - 14 * 11, last - 89, 14),
    horizonDays: 90,
    label: 'amount',
    category: null,
    out: join(dir, 'value.arrow'),
    format: 'arrow',
  });
  value = await loadSamples(join(dir, 'value.arrow'), 'value');
}, 240_000);

afterAll(async () => {
  await knex?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the value table', () => {
  it('labels each customer-day with the yuan bought in [d, d + 90), as the purchases table sums it', async () => {
    expect(value.meta.kind).toBe('value');
    expect(valueTargetOf(value, 'value.arrow')).toEqual({ horizonDays: 90 });
    let buyers = 0;
    for (let r = 0; r < value.length; r += 97) {
      const sum = await knex('purchases')
        .sum({ fen: 'amount_fen' })
        .where('customer_id', value.customerIds[r])
        .andWhere('purchase_day', '>=', value.asOf[r])
        .andWhere('purchase_day', '<', value.asOf[r] + 90);
      const yuan = Number(sum[0].fen ?? 0) / 100;
      expect(value.amounts![r]).toBeCloseTo(yuan, yuan > 1e5 ? -1 : 1); // Float32 keeps 7 significant digits
      expect(value.labels[r]).toBe(yuan > 0 ? 1 : 0);
      if (yuan > 0) buyers++;
    }
    expect(buyers).toBeGreaterThan(10);
  });

  it('is refused by the value model when its horizon has no naive forecast', async () => {
    await buildCustomerDayTable(knex, {
      asOfDays: [last - 60],
      horizonDays: 14,
      label: 'amount',
      category: null,
      out: join(dir, 'value14.arrow'),
      format: 'arrow',
    });
    const fourteenDays = await loadSamples(join(dir, 'value14.arrow'), 'value');
    expect(() => valueTargetOf(fourteenDays, 'value14.arrow')).toThrow(/30 or 90 days/);
  });
});

describe('the value model', () => {
  it('beats the naive forecast "same as the last period" on days it never saw, on log(1 + yuan)', async () => {
    const e = await evaluateValue(value, {
      target: { horizonDays: 90 },
      testDays: 2,
      loss: 'absolute',
      architecture: 'mlp',
      seed: 3,
      fit: { ...DEFAULT_FIT_OPTIONS, batchSize: 256 },
      backend,
    });
    const [median, mean, naive] = [e.pooled.scorers[VALUE_NETWORK.absolute], e.pooled.scorers[VALUE_NETWORK.squared], e.pooled.scorers[NAIVE]];
    expect(median.mae).toBeLessThan(naive.mae);
    expect(median.r2).toBeGreaterThan(naive.r2);
    expect(mean.r2).toBeGreaterThan(naive.r2);
    expect(e.segments.reduce((s, c) => s + c.customers, 0)).toBe(e.pooled.rows);
    const md = renderValueMarkdown(e);
    expect(md).toContain('| AUM tier | stage |');
    expect(md).toContain(NAIVE);
  }, 240_000);

  it('is saved as a model directory that loads back and forecasts within its bounds', async () => {
    const contents = await trainCustomerDayModel(value, {
      model: { task: 'value', loss: 'absolute', target: { horizonDays: 90 } },
      seed: 3,
      fit: { ...DEFAULT_FIT_OPTIONS, maxEpochs: 3 },
      backend,
      samplesFile: 'value.arrow',
    });
    const where = join(valueModelsRoot(models()), contents.card.version);
    await writeModelDirectory(where, contents);
    contents.scoring.dispose();
    await promote(valueModelsRoot(models()), contents.card.version);
    const loaded = await readModelDirectory(where);
    expect([loaded.card.task, loaded.card.output, loaded.card.target?.horizonDays]).toEqual(['value', 'value_log_scaled', 90]);
    const scores = loaded.scoring.score(
      value,
      Array.from({ length: 200 }, (_, i) => i),
    );
    loaded.scoring.dispose();
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...scores)).toBeLessThanOrEqual(20);
  }, 120_000);
});

describe('the profile table', () => {
  beforeAll(async () => {
    await buildCustomerDayTable(knex, {
      asOfDays: asOfDaysEvery(last - 70, last - 6, 7),
      horizonDays: 7,
      category: null,
      out: join(dir, 'demand.arrow'),
      format: 'arrow',
    });
    const demand = await loadSamples(join(dir, 'demand.arrow'), 'demand');
    const contents = await trainCustomerDayModel(demand, {
      model: { task: 'demand', architecture: 'mlp', target: demandTargetOf(demand, 'demand.arrow') },
      seed: 3,
      fit: { ...DEFAULT_FIT_OPTIONS, maxEpochs: 2 },
      backend,
      samplesFile: 'demand.arrow',
    });
    await writeModelDirectory(join(demandModelsRoot(models()), contents.card.version), contents);
    contents.scoring.dispose();
    await promote(demandModelsRoot(models()), contents.card.version);
  }, 120_000);

  it('holds every customer open by the day, tags as computed from history, and the model tags', async () => {
    const asOf = last + 1;
    const built = await buildProfiles(knex, { asOf, out: join(dir, 'profiles.arrow'), format: 'arrow', modelsRoot: models(), blockSize: 400 });
    expect(built.models.demand).not.toBeNull();
    expect(built.models.value).not.toBeNull();
    const { meta, table } = await readProfileTable(join(dir, 'profiles.arrow'));
    const ids = await customersOpenBy(knex, asOf);
    expect(table.numRows).toBe(ids.length);
    expect(meta.models).toEqual(built.models);
    expect(Object.values(built.tiers).reduce((a, b) => a + b, 0)).toBe(ids.length);

    const catalog = await ProductCatalog.load(knex);
    const picked = [0, 1, Math.floor(ids.length / 2), ids.length - 1];
    const histories = await loadHistories(
      knex,
      picked.map((i) => ids[i]),
      last,
      catalog,
    );
    const column = (name: string) => table.getChild(name)!;
    picked.forEach((row, k) => {
      expect(column('customer_id').get(row)).toBe(ids[row]);
      const tags = computeProfileTags(historyAsOf(histories[k], asOf), catalog) as unknown as Record<string, unknown>;
      for (const [name, expected] of Object.entries(tags)) {
        const got = column(name).get(row);
        if (typeof expected === 'number' && Number.isNaN(expected)) expect(got, name).toBeNaN();
        else if (typeof expected === 'number') expect(got, name).toBeCloseTo(expected, 6);
        else expect(got).toBe(expected);
      }
      const demand = column('demand_score').get(row) as number;
      expect(demand).toBeGreaterThan(0);
      expect(demand).toBeLessThan(1);
      const predicted = column('value_predicted').get(row) as number;
      expect(column('value_stage').get(row)).toBe(valueStage(logValue(tags.value_current_90d as number), Math.log1p(predicted)));
    });
  }, 120_000);

  it('writes the same tags as CSV, and nothing under the name when it fails', async () => {
    await buildProfiles(knex, { asOf: last, out: join(dir, 'profiles.csv'), format: 'csv', modelsRoot: null });
    const lines = readFileSync(join(dir, 'profiles.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(['customer_id', 'as_of', ...PROFILE_TAGS.map((t) => t.name)].join(','));
    expect(lines.length - 1).toBe((await customersOpenBy(knex, last)).length);
    await expect(buildProfiles(knex, { asOf: last, out: join(dir, 'missing-folder', 'p.arrow'), format: 'arrow', modelsRoot: null })).rejects.toThrow();
    expect(existsSync(join(dir, 'missing-folder', 'p.arrow'))).toBe(false);
  }, 60_000);
});

describe('GET /v1/customers/{id}/profile', () => {
  const notReady = { recommender: () => null, notReadyBecause: async () => ['test'], modelInfo: () => null };

  it('answers the profile by tag group, 404 for an unknown customer, 400 for a malformed id or a query parameter, 401 without a key', async () => {
    const profiles = await CustomerProfiles.load(join(dir, 'profiles.arrow'));
    const app = createApp({ state: notReady, checkKey: keyChecker(developmentKeys([KEY])), profiles });
    const id = (await readProfileTable(join(dir, 'profiles.arrow'))).table.getChild('customer_id')!.get(3) as string;
    const res = await request(app).get(`/v1/customers/${id}/profile`).set('X-API-Key', KEY).expect(200);
    const body = customerProfile.parse(res.body);
    expect(body.customerId).toBe(id);
    expect(Object.keys(body.tags.basic)).toEqual(['age_band', 'tenure_band', 'gender', 'city']);
    expect(['mass', 'affluent', 'wealth', 'private']).toContain(body.tags.level.aum_tier);
    expect(typeof body.tags.demand.demand_score).toBe('number');
    expect(['rising', 'stable', 'declining']).toContain(body.tags.value.value_stage);
    expect((await request(app).get('/v1/customers/NOPE/profile').set('X-API-Key', KEY).expect(404)).body.error.code).toBe('unknown_customer');
    await request(app)
      .get(`/v1/customers/${encodeURIComponent(' x')}/profile`)
      .set('X-API-Key', KEY)
      .expect(400);
    await request(app).get(`/v1/customers/${id}/profile`).expect(401);
    // An unknown query parameter: 400 naming the query, as the recommendations route answers.
    const query = await request(app).get(`/v1/customers/${id}/profile?tags=basic`).set('X-API-Key', KEY).expect(400);
    expect(query.body.error).toEqual({ code: 'invalid_request', message: 'query: Unrecognized key: "tags"' });
  });

  it('answers 503 when the server has no profile table, and refuses a file that is not one', async () => {
    const app = createApp({ state: notReady, checkKey: keyChecker(developmentKeys([KEY])) });
    expect((await request(app).get('/v1/customers/C1/profile').set('X-API-Key', KEY).expect(503)).body.error.code).toBe('not_configured');
    await expect(CustomerProfiles.load(join(dir, 'value.arrow'))).rejects.toThrow(/not a wealthrec profile table/);
    await expect(CustomerProfiles.load(join(dir, 'profiles.csv'))).rejects.toThrow(/profile table .*profiles.csv/);
  });
});

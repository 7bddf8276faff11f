/**
 * Campaign export on a small generated bank with a recommender and a demand model: the exclusions
 * as properties over random requests (never an opted-out, ineligible or recently contacted customer;
 * an audit record whose hash is the file's; the same inputs give the same bytes), the failure cases
 * (nothing written, nothing recorded), the HTTP route, and the evaluation on history.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCustomerDayTable, buildWideTable } from '../../features/index.js';
import { hashApiKey, keyChecker } from '../../serving/api-keys.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { apiError, modelInfo } from '../../serving/api-schemas.js';
import { createApp } from '../../serving/app.js';
import { loadCampaignModels } from '../../serving/campaign/campaign-models.js';
import { checksumPath } from '../../src/wide-table/checksums.js';
import { campaignRequestSchema, type CampaignRequest } from '../../serving/campaign/campaign-request.js';
import { createCampaignService } from '../../serving/campaign/campaign-service.js';
import { LiveServingState } from '../../serving/serving-state.js';
import { evaluateCampaignsOnHistory } from '../../workflows/campaigns-on-history/evaluate-campaigns-on-history.js';
import { AUDIT_ACTION, exportCampaign, type CampaignModels } from '../../serving/campaign/export-campaign.js';
import { campaignRequestFromFlags } from '../../cli/commands/campaign.js';
import { scoreProduct } from '../../serving/campaign/score-product.js';
import { scoreSnapshot } from '../../serving/scored-snapshot.js';
import { featureColumns, readWideTable } from '../../src/wide-table/index.js';
import { openDatabase } from '../../src/db/index.js';
import { mayBuy } from '../../src/domain/eligibility.js';
import { parseProductName } from '../../src/domain/product-name-flags.js';
import { UsageError } from '../../src/errors.js';
import { selectBackend } from '../../src/tf-backend/select-backend.js';
import { demandTargetOf } from '../../training/demand/demand-target.js';
import { renderDemandMarkdown } from '../../training/demand/demand-report.js';
import { evaluateDemand, FREQUENCY_RULE, LOGISTIC } from '../../training/demand/evaluate-demand.js';
import { trainCustomerDayModel } from '../../training/customer-day/train-customer-day-model.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { writeModelDirectory } from '../../src/model-directory/model-directory.js';
import { demandModelsRoot, promote, readChampion } from '../../src/model-directory/registry.js';
import { loadSamples } from '../../training/samples.js';
import { addModelVersion, prepareServedBank, type ServedBank } from './served-bank.js';

const KEY = 'campaign-key-0123456789abcdef0123456789';
let bank: ServedBank;
let knex: Knex;
let models: CampaignModels;
/** Products on sale on the snapshot day, with their audience. */
let onSale: Array<{ id: string; risk: number; newCustomersOnly: boolean; loyalCustomersOnly: boolean }>;
const standing = new Map<string, { riskLevel: number | null; earlierPurchases: number }>();

beforeAll(async () => {
  bank = await prepareServedBank({ customers: 700, days: 150, seed: 21 });
  knex = openDatabase(bank.dbUrl).knex;
  const backend = await selectBackend('wasm');
  const asOfDays = Array.from({ length: 15 }, (_, k) => bank.asOf - 7 * (15 - k));
  await buildCustomerDayTable(knex, { asOfDays, horizonDays: 7, category: null, out: join(bank.dir, 'demand.arrow'), format: 'arrow' });
  const samples = await loadSamples(join(bank.dir, 'demand.arrow'), 'demand');
  const contents = await trainCustomerDayModel(samples, {
    model: { task: 'demand', architecture: 'mlp', target: demandTargetOf(samples, 'demand.arrow') },
    seed: 3,
    fit: { ...DEFAULT_FIT_OPTIONS, maxEpochs: 2 },
    backend,
    samplesFile: 'demand.arrow',
  });
  await writeModelDirectory(join(demandModelsRoot(bank.models), contents.card.version), contents);
  contents.scoring.dispose();
  await promote(demandModelsRoot(bank.models), contents.card.version);
  models = await loadCampaignModels(bank.models);

  // A few more opt-outs and recent contacts than the generator writes, so every exclusion is exercised.
  const ids = (await knex('customers').select('customer_id').orderBy('customer_id')).map((r) => r.customer_id as string);
  const optedOut = new Set((await knex('opt_outs').select('customer_id')).map((r) => r.customer_id as string));
  const extraOptOuts = ids.filter((id, i) => i % 11 === 0 && !optedOut.has(id));
  const run = (await knex('import_runs').max({ id: 'id' }))[0].id as number;
  await knex('opt_outs').insert(
    extraOptOuts.map((id, i) => ({ customer_id: id, channel: ['sms', 'wechat', 'all'][i % 3], opted_out_day: bank.asOf - 5, import_run_id: run })),
  );
  await knex('contacts').insert(
    ids
      .filter((_, i) => i % 13 === 0)
      .map((id, i) => ({
        contact_key: `T${i}`,
        customer_id: id,
        product_id: null,
        contacted_day: bank.asOf - 1 - (i % 20),
        channel: 'phone',
        responded: 0,
        import_run_id: run,
      })),
  );

  for (const c of await knex('customers').select('customer_id', 'risk_level')) standing.set(c.customer_id, { riskLevel: c.risk_level, earlierPurchases: 0 });
  for (const p of await knex('purchases').where('purchase_day', '<', bank.asOf).select('customer_id')) standing.get(p.customer_id)!.earlierPurchases++;
  onSale = (
    await knex('products')
      .select('product_id', 'name', 'risk_level')
      .where('sale_start_day', '<=', bank.asOf)
      .andWhere((q) => q.whereNull('sale_end_day').orWhere('sale_end_day', '>=', bank.asOf))
  ).map((p) => ({
    id: p.product_id,
    risk: p.risk_level,
    ...parseProductName(p.name),
  }));
  expect(onSale.length).toBeGreaterThan(3);
}, 240_000);

afterAll(async () => {
  models?.choice.scoring.dispose();
  models?.demand.scoring.dispose();
  await knex?.destroy();
  if (bank) rmSync(bank.dir, { recursive: true, force: true });
});

const readList = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [customerId, rank, score, decile] = line.split(',');
      return { customerId, rank: Number(rank), score: Number(score), decile: Number(decile) };
    });

let runs = 0;
async function runExport(r: CampaignRequest) {
  const out = join(bank.dir, `list-${runs++}.csv`);
  const result = await exportCampaign(knex, r, { snapshot: bank.snapshot, out, models, requestedBy: 'test', today: bank.asOf });
  return { out, result };
}

describe('campaign export', () => {
  it('never lists an opted-out, ineligible or recently contacted customer; ranks, scores and deciles in order; records every export with the file’s hash; same inputs, same bytes', async () => {
    const requests = fc.record({
      productId: fc.constantFrom(...onSale.map((p) => p.id)),
      channel: fc.constantFrom('sms' as const, 'wechat' as const, 'phone' as const),
      capDays: fc.integer({ min: 0, max: 30 }),
      size: fc.oneof(
        fc.record({ top: fc.integer({ min: 1, max: 900 }) }),
        fc.record({ fraction: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
        fc.record({ coverage: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(requests, async ({ size, ...rest }) => {
        const r = campaignRequestSchema.parse({ ...rest, ...size });
        const before = (await knex('audit_log').count({ n: '*' }))[0].n;
        const { out, result } = await runExport(r);
        const list = readList(out);
        expect(list.length).toBe(result.rows);

        const optedOut = new Set((await knex('opt_outs').whereIn('channel', [r.channel, 'all']).select('customer_id')).map((x) => x.customer_id));
        const contacted = new Set(
          (
            await knex('contacts')
              .where('contacted_day', '>=', bank.asOf - r.capDays)
              .select('customer_id')
          ).map((x) => x.customer_id),
        );
        const product = onSale.find((p) => p.id === r.productId)!;
        list.forEach((row, i) => {
          expect(optedOut.has(row.customerId), `${row.customerId} opted out`).toBe(false);
          if (r.capDays > 0) expect(contacted.has(row.customerId), `${row.customerId} contacted within ${r.capDays} days`).toBe(false);
          expect(
            mayBuy(standing.get(row.customerId)!, {
              riskLevel: product.risk,
              newCustomersOnly: product.newCustomersOnly,
              loyalCustomersOnly: product.loyalCustomersOnly,
            }),
          ).toBe(true);
          expect(row.rank).toBe(i + 1);
          if (i > 0) {
            expect(row.score).toBeLessThanOrEqual(list[i - 1].score);
            expect(row.decile).toBeGreaterThanOrEqual(list[i - 1].decile);
          }
          expect(row.decile).toBeGreaterThanOrEqual(1);
          expect(row.decile).toBeLessThanOrEqual(10);
        });
        expect(new Set(list.map((x) => x.customerId)).size).toBe(list.length);
        if (r.top !== undefined) expect(result.rows).toBe(Math.min(r.top, result.candidates));
        if (r.fraction !== undefined) expect(result.rows).toBe(Math.min(result.candidates, Math.ceil(r.fraction * result.candidates)));
        const e = result.excluded;
        expect(result.candidates + e.notEligible + e.alreadyBought + e.optedOut + e.contactedRecently).toBe(result.customers);

        // The audit record: one more row, naming the file by its hash.
        expect(Number((await knex('audit_log').count({ n: '*' }))[0].n)).toBe(Number(before) + 1);
        const audit = await knex('audit_log').where('id', result.auditId).first();
        expect(audit).toMatchObject({ action: AUDIT_ACTION, subject: r.productId });
        const details = JSON.parse(audit.details);
        const bytes = readFileSync(out);
        expect(details.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(details).toMatchObject({ rows: result.rows, excluded: e, request: r });
        expect(audit.details).not.toMatch(/C\d{7}/); // no customer id in the record

        const again = await runExport(r);
        expect(readFileSync(again.out).equals(bytes)).toBe(true);
      }),
      { numRuns: 10 },
    );
  }, 120_000);

  it('with coverage, lists the fewest customers whose probabilities reach that share of all candidates’', async () => {
    const all = await runExport(campaignRequestSchema.parse({ productId: onSale[0].id, channel: 'sms', fraction: 1 }));
    const scores = readList(all.out).map((x) => x.score);
    const total = scores.reduce((s, x) => s + x, 0);
    const { result } = await runExport(campaignRequestSchema.parse({ productId: onSale[0].id, channel: 'sms', coverage: 0.5 }));
    const sum = (n: number) => scores.slice(0, n).reduce((s, x) => s + x, 0);
    expect(sum(result.rows)).toBeGreaterThanOrEqual(0.5 * total - 1e-3);
    expect(sum(result.rows - 1)).toBeLessThan(0.5 * total + 1e-3);
  });

  it('scores a customer as P(buys within H) x the product’s share of their shelf, the share the API serves', async () => {
    const product = onSale[0].id;
    const served = await scoreSnapshot(bank.snapshot, models.choice);
    const scored = await scoreProduct(bank.snapshot, product, models.choice, models.demand);
    expect(scored.customerIds.length).toBeGreaterThan(10);
    const { table, features } = await readWideTable(bank.snapshot);
    const columns = featureColumns(table, features, bank.snapshot);
    const rowOf = new Map<string, number>();
    for (let r = 0; r < table.numRows; r++) if (table.getChild('product_id')!.get(r) === product) rowOf.set(table.getChild('customer_id')!.get(r), r);
    const demand = models.demand.scoring.score(
      columns,
      scored.customerIds.map((id) => rowOf.get(id)!),
    );
    const productNumber = served.productIds.indexOf(product);
    scored.customerIds.forEach((id, i) => {
      const k = served.customerNumbers.get(id)!;
      let share = Number.NaN;
      for (let row = served.offsets[k]; row < served.offsets[k + 1]; row++) if (served.products[row] === productNumber) share = served.scores[row];
      expect(scored.scores[i]).toBeCloseTo(share * demand[i], 6);
    });
  });

  it('refuses an unknown product or one not on sale that day, writing nothing and recording nothing', async () => {
    const before = Number((await knex('audit_log').count({ n: '*' }))[0].n);
    const out = join(bank.dir, 'refused.csv');
    await expect(
      exportCampaign(knex, campaignRequestSchema.parse({ productId: 'NO-SUCH', channel: 'sms', top: 5 }), {
        snapshot: bank.snapshot,
        out,
        models,
        requestedBy: 'test',
      }),
    ).rejects.toThrow(/unknown product "NO-SUCH"/);
    const ended = await knex('products').where('sale_end_day', '<', bank.asOf).first('product_id');
    await expect(
      exportCampaign(knex, campaignRequestSchema.parse({ productId: ended.product_id, channel: 'sms', top: 5 }), {
        snapshot: bank.snapshot,
        out,
        models,
        requestedBy: 'test',
      }),
    ).rejects.toThrow(/not on sale on the snapshot's day/);
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    expect(Number((await knex('audit_log').count({ n: '*' }))[0].n)).toBe(before);
  });

  it('refuses a snapshot whose horizon features were computed for another window than the demand model’s, saying what to run', async () => {
    expect(models.demand.features.some((f) => f.name === 'maturing_amount_horizon')).toBe(true);
    const out = join(bank.dir, 'other-horizon.csv');
    for (const horizonDays of [30, undefined]) {
      const snapshot = join(bank.dir, `snapshot-h${horizonDays ?? 'none'}.arrow`);
      await buildWideTable(knex, { kind: 'snapshot', fromDay: bank.asOf, toDay: bank.asOf, out: snapshot, format: 'arrow', horizonDays });
      await expect(
        exportCampaign(knex, campaignRequestSchema.parse({ productId: onSale[0].id, channel: 'sms', top: 5 }), { snapshot, out, models, requestedBy: 'test' }),
      ).rejects.toThrow(/predicts purchases within 7 days: rebuild the snapshot with wealthrec features snapshot --horizon 7/);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('leaves no list behind when the audit record cannot be written', async () => {
    await knex.schema.renameTable('audit_log', 'audit_log_away');
    const out = join(bank.dir, 'unrecorded.csv');
    try {
      await expect(
        exportCampaign(knex, campaignRequestSchema.parse({ productId: onSale[0].id, channel: 'sms', top: 5 }), {
          snapshot: bank.snapshot,
          out,
          models,
          requestedBy: 'test',
          today: bank.asOf,
        }),
      ).rejects.toThrow(/audit_log/);
    } finally {
      await knex.schema.renameTable('audit_log_away', 'audit_log');
    }
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('takes its parameters from flags through the same schema, naming the flag at fault', () => {
    expect(campaignRequestFromFlags({ product: 'P1', channel: 'sms', top: '10', capDays: '7' })).toEqual({
      productId: 'P1',
      channel: 'sms',
      top: 10,
      capDays: 7,
    });
    expect(() => campaignRequestFromFlags({ product: 'P1', channel: 'sms', top: '10', fraction: '0.2', capDays: '7' })).toThrow(
      /exactly one of top, fraction or coverage/,
    );
    expect(() => campaignRequestFromFlags({ product: 'P1', channel: 'sms', capDays: '7' })).toThrow(UsageError);
    expect(() => campaignRequestFromFlags({ product: 'P1', channel: 'sms', fraction: '1.5', capDays: '7' })).toThrow(/--fraction/);
    expect(() => campaignRequestFromFlags({ product: 'P1', channel: 'sms', top: '2.5', capDays: '7' })).toThrow(/--top/);
  });
});

describe('POST /v1/campaigns:export', () => {
  // The server's own path: the export runs on the set the server loaded (serving-state.ts).
  let served: LiveServingState;
  let listener: RequestListener;
  const app = () => listener;
  beforeAll(async () => {
    served = new LiveServingState(knex, { modelsRoot: bank.models, snapshotPath: bank.snapshot, today: () => bank.asOf });
    await served.reload();
    listener = createApp({
      state: served,
      // A key from a keys file, named for its holder: the audit record names the holder.
      checkKey: keyChecker([{ name: 'crm-team', scopes: ['campaigns:export'], hash: hashApiKey(KEY) }]),
      campaigns: createCampaignService({ knex, source: served, exportsDir: join(bank.dir, 'exports') }),
    });
  }, 60_000);
  afterAll(() => served?.dispose());

  it('answers the list as CSV with its hash and audit record, and keeps the file', async () => {
    const res = await request(app()).post('/v1/campaigns:export').set('X-API-Key', KEY).send({ productId: onSale[0].id, channel: 'sms', top: 20 }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text.split('\n')[0]).toBe('customer_id,rank,score,decile');
    expect(res.headers['x-content-sha256']).toBe(createHash('sha256').update(res.text).digest('hex'));
    const audit = await knex('audit_log').where('id', Number(res.headers['x-audit-id'])).first();
    expect(JSON.parse(audit.details)).toMatchObject({ requestedBy: 'api:crm-team', sha256: res.headers['x-content-sha256'] });
    expect(JSON.parse(res.headers['x-campaign-summary'])).toMatchObject({ rows: res.text.trim().split('\n').length - 1 });
    expect(readdirSync(join(bank.dir, 'exports'))).toHaveLength(1);
    expect(readdirSync(join(bank.dir, 'exports'))[0]).toMatch(/-sms-.*-api_crm-team\.csv$/); // the holder in its name: two keys never write one file
  });

  it('needs a key, a valid body and a known product', async () => {
    await request(app()).post('/v1/campaigns:export').send({ productId: onSale[0].id, channel: 'sms', top: 20 }).expect(401);
    const bad = await request(app()).post('/v1/campaigns:export').set('X-API-Key', KEY).send({ productId: onSale[0].id, channel: 'fax', top: 20 }).expect(400);
    expect(bad.body.error.message).toMatch(/^body\.channel/);
    await request(app()).post('/v1/campaigns:export').set('X-API-Key', KEY).send({ productId: onSale[0].id, channel: 'sms' }).expect(400);
    const unknown = await request(app()).post('/v1/campaigns:export').set('X-API-Key', KEY).send({ productId: 'NO-SUCH', channel: 'sms', top: 3 }).expect(404);
    expect(unknown.body.error.code).toBe('unknown_product');
  });
});

describe('the export on the loaded set', () => {
  const request20 = () => ({ productId: onSale[0].id, channel: 'sms', top: 20 });
  const auditCount = async () => Number((await knex('audit_log').count({ n: '*' }))[0].n);
  const opened: LiveServingState[] = [];
  afterAll(() => {
    for (const s of opened) s.dispose();
  });

  /** A registry of the test's own (both champions, or only the recommender's) that it may damage or change. */
  function copyRegistry(name: string, o: { demand: boolean }): string {
    const dir = join(bank.dir, name);
    cpSync(bank.models, dir, { recursive: true });
    if (!o.demand) rmSync(join(dir, 'demand'), { recursive: true });
    return dir;
  }

  /** A server's state and app over `models` and `snapshot`, as start-server wires them, not loaded yet. */
  function serverOn(models: string, snapshot = bank.snapshot) {
    const state = new LiveServingState(knex, { modelsRoot: models, snapshotPath: snapshot, today: () => bank.asOf });
    opened.push(state);
    const campaigns = createCampaignService({ knex, source: state, exportsDir: join(bank.dir, `exports-${basename(models)}-${basename(snapshot)}`) });
    const listener = createApp({ state, checkKey: keyChecker(developmentKeys([KEY])), campaigns });
    const exportList = () => request(listener).post('/v1/campaigns:export').set('X-API-Key', KEY).send(request20());
    const recommend = (id: string) =>
      request(listener)
        .get(`/v1/customers/${encodeURIComponent(id)}/recommendations`)
        .set('X-API-Key', KEY);
    return { state, listener, exportList, recommend };
  }

  /** The 503 of an export that cannot run: the contract's error, with the code and a message that says why. */
  function expectUnavailable(res: request.Response, why: RegExp): void {
    expect(res.status).toBe(503);
    apiError.parse(res.body);
    expect(res.body.error.code).toBe('campaign_unavailable');
    expect(res.body.error.message).toMatch(why);
  }

  it('answers 503 saying what to run when there is no demand champion, while recommendations and readiness carry on', async () => {
    const server = serverOn(copyRegistry('models-without-demand', { demand: false }));
    const loaded = await server.state.reload();
    expect(loaded.campaignExport).toMatchObject({ available: false, demandModelVersion: null });
    const before = await auditCount();
    const res = await server.exportList();
    expectUnavailable(res, /^no demand champion in .*demand: run wealthrec demand train --promote/);
    expect(await auditCount()).toBe(before);
    await server.recommend(loaded.exampleCustomerId!).expect(200);
    await request(server.listener).get('/readyz').expect(200, { ready: true, reasons: [] });
    const info = modelInfo.parse((await request(server.listener).get('/v1/models').set('X-API-Key', KEY).expect(200)).body);
    expect(info.campaignExport).toEqual({ available: false, demandModelVersion: null, reason: res.body.error.message });
  });

  it('answers 503 naming the failure when the demand champion does not load, while recommendations carry on', async () => {
    const models = copyRegistry('models-broken-demand', { demand: true });
    const demandVersion = (await readChampion(demandModelsRoot(models)))!.version;
    truncateSync(join(demandModelsRoot(models), demandVersion, 'weights.bin'), 64);
    const server = serverOn(models);
    const loaded = await server.state.reload();
    expect(loaded.version).toBe(bank.version);
    expectUnavailable(
      await server.exportList(),
      /demand champion in .* failed to load \(.*weights\.bin does not match its sha256.*\): .*wealthrec demand train --promote/,
    );
    await server.recommend(loaded.exampleCustomerId!).expect(200);
  });

  it('answers 503 not_ready before any set is loaded', async () => {
    const res = await serverOn(bank.models).exportList().expect(503);
    apiError.parse(res.body);
    expect(res.body.error).toMatchObject({ code: 'not_ready', message: expect.stringMatching(/no model and snapshot loaded yet/) });
  });

  it('runs on the models loaded, not on the files: champions damaged on disk after the load change nothing', async () => {
    const models = copyRegistry('models-damaged-after-load', { demand: true });
    const demandVersion = (await readChampion(demandModelsRoot(models)))!.version;
    const server = serverOn(models);
    await server.state.reload();
    truncateSync(join(models, bank.version, 'weights.bin'), 64);
    truncateSync(join(demandModelsRoot(models), demandVersion, 'weights.bin'), 64);
    const res = await server.exportList().expect(200);
    const audit = JSON.parse((await knex('audit_log').where('id', Number(res.headers['x-audit-id'])).first()).details);
    expect(audit.models).toEqual({ choice: bank.version, demand: demandVersion });
    // The same list, byte for byte, as the models loaded from the intact registry give.
    const { out } = await runExport(campaignRequestSchema.parse(request20()));
    expect(res.text).toBe(readFileSync(out, 'utf8'));
  });

  it('swaps the export’s models with a reload, and disposes the set swapped out only when the last export on it ends', async () => {
    const models = copyRegistry('models-swapped', { demand: true });
    const server = serverOn(models);
    await server.state.reload();
    const oldDemand = (await readChampion(demandModelsRoot(models)))!.version;
    const held = await server.state.leaseCampaignSet(); // an export running on the first set

    // New champions on both pointers, then a reload (what the pointers' watcher starts).
    const nextChoice = await addModelVersion({ dir: bank.dir, models }, 2);
    await promote(models, nextChoice);
    const samples = await loadSamples(join(bank.dir, 'demand.arrow'), 'demand');
    const demand = await trainCustomerDayModel(samples, {
      model: { task: 'demand', architecture: 'mlp', target: demandTargetOf(samples, 'demand.arrow') },
      seed: 11,
      fit: { ...DEFAULT_FIT_OPTIONS, maxEpochs: 2 },
      backend: await selectBackend('wasm'),
      samplesFile: 'demand.arrow',
    });
    await writeModelDirectory(join(demandModelsRoot(models), demand.card.version), demand);
    demand.scoring.dispose();
    await promote(demandModelsRoot(models), demand.card.version);
    expect([nextChoice, demand.card.version]).not.toContain(bank.version);
    expect(demand.card.version).not.toBe(oldDemand);
    const reloaded = await server.state.reload();
    expect(reloaded.campaignExport).toMatchObject({ available: true, demandModelVersion: demand.card.version });

    const res = await server.exportList().expect(200);
    expect(JSON.parse((await knex('audit_log').where('id', Number(res.headers['x-audit-id'])).first()).details).models).toEqual({
      choice: nextChoice,
      demand: demand.card.version,
    });

    // The export that held the first set still runs on it after the swap...
    const req = campaignRequestSchema.parse(request20());
    const onOld = await exportCampaign(knex, req, {
      snapshot: held.snapshot.path,
      snapshotHeader: held.snapshot.header,
      out: join(bank.dir, 'held.csv'),
      models: held.models,
      requestedBy: 'test',
      today: bank.asOf,
    });
    expect(JSON.parse((await knex('audit_log').where('id', onOld.auditId).first()).details).models).toEqual({ choice: bank.version, demand: oldDemand });
    // ...and once it ends, that set's networks are released.
    held.release();
    const before = await auditCount();
    await expect(
      exportCampaign(knex, req, {
        snapshot: held.snapshot.path,
        out: join(bank.dir, 'after-release.csv'),
        models: held.models,
        requestedBy: 'test',
        today: bank.asOf,
      }),
    ).rejects.toThrow(/disposed/i);
    expect(await auditCount()).toBe(before);
  }, 60_000);

  it('answers 503, not 500, for a snapshot replaced by a broken file, saying why, while recommendations serve the loaded scores', async () => {
    const snapshot = join(bank.dir, 'snapshot-replaced.arrow');
    copySnapshot(bank.snapshot, snapshot);
    const server = serverOn(bank.models, snapshot);
    const loaded = await server.state.reload();
    // Replaced by rename, as the snapshot writer does, with a file cut short.
    const bytes = readFileSync(snapshot);
    writeFileSync(`${snapshot}.partial`, bytes.subarray(0, bytes.length >> 1));
    renameSync(`${snapshot}.partial`, snapshot);

    expectUnavailable(
      await server.exportList(),
      /snapshot snapshot-replaced\.arrow has changed since the served set was loaded, and the new file is not loaded yet/,
    );
    await expect(server.state.reload()).rejects.toThrow(/truncated or corrupt wide table/);
    expectUnavailable(
      await server.exportList(),
      /the last reload failed \(.*truncated or corrupt wide table.*\): exports resume once a snapshot loads \(rebuild it: wealthrec features snapshot\)/,
    );
    await server.recommend(loaded.exampleCustomerId!).expect(200);
    await request(server.listener).get('/readyz').expect(200);

    // A good file back (a new inode again) and a reload: exports run again.
    cpSync(bank.snapshot, `${snapshot}.partial`);
    renameSync(`${snapshot}.partial`, snapshot);
    await server.state.reload();
    await server.exportList().expect(200);
  }, 60_000);

  it('answers 503 for a snapshot damaged in place after the load (same inode, size and time)', async () => {
    const snapshot = join(bank.dir, 'snapshot-damaged.arrow');
    copySnapshot(bank.snapshot, snapshot);
    const time = Math.floor(Date.now() / 1000) - 60; // whole seconds, so the time set back after the damage is exactly the same
    utimesSync(snapshot, time, time);
    const server = serverOn(bank.models, snapshot);
    await server.state.reload();
    const was = statSync(snapshot);
    const bytes = readFileSync(snapshot);
    bytes.write('XXXXXX', bytes.length - 6); // the closing ARROW1 magic: the reader refuses the file
    writeFileSync(snapshot, bytes);
    utimesSync(snapshot, time, time);
    const now = statSync(snapshot);
    expect([now.ino, now.size, now.mtimeMs]).toEqual([was.ino, was.size, was.mtimeMs]);
    const before = await auditCount();
    expectUnavailable(await server.exportList(), /^the served snapshot snapshot-damaged\.arrow can no longer be read: rebuild it/);
    expect(await auditCount()).toBe(before);
  });
});

/** A snapshot copied as an operator copies one: with its checksum file. */
function copySnapshot(from: string, to: string): void {
  cpSync(from, to);
  cpSync(checksumPath(from), checksumPath(to));
}

describe('demand model', () => {
  it('is evaluated on a day it never trained on, beside logistic regression and the frequency rule', async () => {
    const samples = await loadSamples(join(bank.dir, 'demand.arrow'), 'demand');
    const e = await evaluateDemand(samples, {
      target: demandTargetOf(samples, 'demand.arrow'),
      testDays: 1,
      architecture: 'mlp',
      seed: 1,
      fit: { ...DEFAULT_FIT_OPTIONS, batchSize: 64, maxEpochs: 20 },
      backend: await selectBackend('wasm'),
      // A peer that sees the slice's rows: it scores each test customer by whether they bought (a
      // perfect ranking) and checks that the rows are the slice's, train before valid before test.
      peers: [
        {
          name: 'hindsight peer',
          score: async (rows) => {
            const latest = (r: Int32Array) => Math.max(...Array.from(r, (i) => samples.asOf[i]));
            const earliest = (r: Int32Array) => Math.min(...Array.from(r, (i) => samples.asOf[i]));
            expect(latest(rows.train)).toBeLessThan(earliest(rows.valid));
            expect(latest(rows.valid)).toBeLessThan(earliest(rows.test));
            const byLabel = (r: Int32Array) => Float32Array.from(r, (i) => (samples.labels[i] === 1 ? 0.9 : 0.01));
            return { valid: byLabel(rows.valid), test: byLabel(rows.test), trainSeconds: 0.5 };
          },
        },
      ],
    });
    expect(e.days.map((d) => d.day)).toEqual([new Date((bank.asOf - 7) * 86_400_000).toISOString().slice(0, 10)]);
    expect(Object.keys(e.pooled.scorers)).toEqual(['candidate (mlp)', LOGISTIC, 'hindsight peer', FREQUENCY_RULE]);
    const peer = e.pooled.scorers['hindsight peer'];
    expect(peer.auc).toBe(1);
    expect(peer.shareFor80).toBeCloseTo(e.pooled.positives / e.pooled.rows, 9); // the buyers tie: the curve takes them at once
    expect(peer.atThreshold!.recall).toBe(1);
    expect(peer.trainSeconds).toBe(0.5);
    // The coverage list stops once the expected buyers reach 80%: every listed customer bought.
    expect(peer.atCoverageList!.precision).toBe(1);
    expect(e.pooled.scorers['candidate (mlp)'].trainSeconds).toBeGreaterThan(0);
    expect(e.pooled.scorers[FREQUENCY_RULE].trainSeconds).toBeNull();
    expect(e.pooled.positives).toBeGreaterThan(10);
    // Better than chance on a day it never saw, and its threshold picks some customers but not all.
    expect(e.pooled.scorers['candidate (mlp)'].auc).toBeGreaterThan(0.6);
    const t = e.pooled.scorers['candidate (mlp)'].atThreshold!;
    expect(t.selected).toBeGreaterThan(0);
    expect(t.selected).toBeLessThan(1);
    expect(renderDemandMarkdown(e)).toMatch(/\| candidate \(mlp\) \| 0\.\d{3} \|/);
  }, 60_000);
});

describe('campaigns on history', () => {
  it('ranks each launch with models trained before it, against random, the same-category rule and hindsight', async () => {
    const backend = await selectBackend('wasm');
    const e = await evaluateCampaignsOnHistory(knex, { from: bank.asOf - 20, to: bank.asOf, horizonDays: 7, trainDays: 60, seed: 1, backend, minBuyers: 1 });
    expect(e.launches.length).toBeGreaterThan(0);
    expect(e.cutoff).toBe(new Date((bank.asOf - 20) * 86_400_000).toISOString().slice(0, 10));
    for (const l of e.launches) {
      // Launches need their whole horizon inside the data.
      expect(Date.parse(l.launchDay) / 86_400_000 + 7 - 1).toBeLessThanOrEqual(bank.asOf);
      if (l.buyers === 0) continue;
      for (const share of Object.values(l.share)) expect(share).toBeGreaterThan(0);
      // Hindsight lists the buyers first: no list needs fewer messages.
      expect(l.share.hindsight!).toBeLessThanOrEqual(Math.min(l.share.model!, l.share.random!, l.share.sameCategory!) + 1e-9);
      expect(l.share.hindsight!).toBeCloseTo(Math.ceil(0.8 * l.buyers) / l.eligible, 6);
    }
  }, 120_000);
});

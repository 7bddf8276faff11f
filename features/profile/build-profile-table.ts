/**
 * `wealthrec profile build`: the profile of every customer who had opened an account by the as-of
 * day, a block of customers at a time, written to Arrow or CSV under a partial name and renamed
 * when complete. The model tags (potential demand, predicted value, stage) come from `scoreBlock`,
 * which the caller wires to the registered models; features/ itself loads no model.
 */
import type { Knex } from 'knex';
import { makeData, RecordBatch, Struct, vectorFromArray, Float64, Int32, Utf8, type Data } from 'apache-arrow';
import { formatCsvRow } from '../../src/csv/format-csv-row.js';
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import { logValue, valueStage } from '../../src/domain/value-stage.js';
import { openPartialFile } from '../../src/files/partial-file.js';
import { computeCustomerFeatures } from '../compute-customer.js';
import { customersOpenBy, DEFAULT_BLOCK_SIZE, loadHistories } from '../customer-blocks.js';
import { CATEGORY_FEATURES, DEMAND_FAMILIES, NUMBER_FEATURES } from '../../src/wide-table/feature-set.js';
import { FeatureValues } from '../feature-values.js';
import { historyAsOf } from '../point-in-time.js';
import { ProductCatalog } from '../product-catalog.js';
import { sourceDataHash } from '../source-hash.js';
import type { FeatureColumnMaps } from '../../src/wide-table/reader.js';
import { openRecordBatchFile } from '../../src/wide-table/arrow-writer.js';
import { computeProfileTags } from './compute-profile-tags.js';
import { profileSchema, type ProfileTableMeta } from '../../src/profile-table/format.js';
import { PROFILE_TAGS } from '../../src/profile-table/profile-tags.js';

/** What the models say about a block of customers, from their customer features (one value per customer, in order). */
export interface ModelTagScores {
  demandScore?: Float32Array;
  /** The value model's log(1 + yuan) over `valueHorizonDays`. */
  valuePredictedLog?: Float32Array;
  valueHorizonDays?: number;
}

export interface ProfileTableOptions {
  asOf: DayNumber;
  out: string;
  format: 'arrow' | 'csv';
  /** Versions of the models behind `scoreBlock`, recorded in the table. */
  models: ProfileTableMeta['models'];
  scoreBlock?: (features: FeatureColumnMaps, customers: number) => ModelTagScores;
  /** The demand model's horizon H, which fills the horizon features it reads; absent, they are unknown. */
  demandHorizonDays?: number;
  blockSize?: number;
  onProgress?: (customersDone: number, customersTotal: number) => void;
}

export interface ProfileTableSummary {
  customers: number;
  seconds: number;
  /** Customers by AUM tier and by value stage (null: no value model). */
  tiers: Record<string, number>;
  stages: Record<string, number>;
}

type Row = Record<string, number | string | null>;

export async function buildProfileTable(knex: Knex, options: ProfileTableOptions): Promise<ProfileTableSummary> {
  const started = performance.now();
  const catalog = await ProductCatalog.load(knex);
  const ids = await customersOpenBy(knex, options.asOf);
  const meta: ProfileTableMeta = { asOf: formatDay(options.asOf), sourceHash: await sourceDataHash(knex), models: options.models };
  const writer = options.format === 'arrow' ? await arrowWriter(options.out, meta) : await csvWriter(options.out);
  const summary: ProfileTableSummary = { customers: 0, seconds: 0, tiers: {}, stages: {} };
  const values = new FeatureValues();
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  // The models read the customer feature families (the demand model the horizon family too); without a scorer no feature is computed.
  const customerNumbers = NUMBER_FEATURES.map((f, i) => [f, i] as const).filter(([f]) => DEMAND_FAMILIES.includes(f.family));
  const customerCategories = CATEGORY_FEATURES.map((f, i) => [f, i] as const).filter(([f]) => DEMAND_FAMILIES.includes(f.family));
  try {
    for (let at = 0; at < ids.length; at += blockSize) {
      const histories = await loadHistories(knex, ids.slice(at, at + blockSize), options.asOf - 1, catalog);
      const rows: Row[] = [];
      const features: FeatureColumnMaps = { numbers: new Map(), categories: new Map() };
      for (const [f] of customerNumbers) features.numbers.set(f.name, new Float32Array(histories.length));
      for (const [f] of customerCategories) features.categories.set(f.name, new Array(histories.length).fill(null));
      histories.forEach((history, k) => {
        const view = historyAsOf(history, options.asOf);
        rows.push({
          customer_id: history.customer.id,
          as_of: options.asOf,
          ...computeProfileTags(view, catalog),
          demand_score: NaN,
          value_predicted: NaN,
          value_stage: null,
        });
        if (!options.scoreBlock) return;
        computeCustomerFeatures(view, catalog, values, options.demandHorizonDays ?? null);
        for (const [f, i] of customerNumbers) features.numbers.get(f.name)![k] = values.numbers[i];
        for (const [f, i] of customerCategories) features.categories.get(f.name)![k] = values.categories[i];
      });
      const scores = options.scoreBlock?.(features, rows.length) ?? {};
      rows.forEach((row, k) => {
        if (scores.demandScore) row.demand_score = scores.demandScore[k];
        if (scores.valuePredictedLog && scores.valueHorizonDays) {
          const predicted = scores.valuePredictedLog[k];
          // The stage compares like with like: the forecast for the next H days against the last H days.
          const last = features.numbers.get(`purchases_amount_${scores.valueHorizonDays}d`)![k];
          row.value_predicted = Math.expm1(Math.max(0, predicted));
          row.value_stage = valueStage(logValue(Number.isFinite(last) ? last : 0), predicted);
        }
        summary.tiers[row.aum_tier as string] = (summary.tiers[row.aum_tier as string] ?? 0) + 1;
        if (row.value_stage !== null) summary.stages[row.value_stage as string] = (summary.stages[row.value_stage as string] ?? 0) + 1;
      });
      await writer.write(rows);
      summary.customers += rows.length;
      options.onProgress?.(summary.customers, ids.length);
    }
    await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

interface RowWriter {
  write(rows: Row[]): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

async function arrowWriter(path: string, meta: ProfileTableMeta): Promise<RowWriter> {
  const schema = profileSchema(meta);
  const file = await openRecordBatchFile(path, schema);
  return {
    async write(rows) {
      const children: Data[] = schema.fields.map((field) => {
        const cells = rows.map((r) => r[field.name]);
        if (field.type instanceof Int32) return makeData({ type: new Int32(), length: rows.length, data: Int32Array.from(cells as number[]) });
        if (field.type instanceof Float64) return makeData({ type: new Float64(), length: rows.length, data: Float64Array.from(cells as number[]) });
        return vectorFromArray(cells as Array<string | null>, new Utf8()).data[0];
      });
      await file.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children })));
    },
    close: () => file.close(),
    abort: () => file.abort(),
  };
}

async function csvWriter(path: string): Promise<RowWriter> {
  const file = await openPartialFile(path);
  const columns = ['customer_id', 'as_of', ...PROFILE_TAGS.map((t) => t.name)];
  await file.write([formatCsvRow(columns)]);
  return {
    async write(rows) {
      let text = '';
      for (const r of rows) {
        text += formatCsvRow(
          columns.map((c) => {
            const v = r[c];
            if (c === 'as_of') return formatDay(v as number);
            return typeof v === 'number' ? csvNumber(v) : (v as string | null);
          }),
        );
      }
      await file.write([text]);
    },
    close: () => file.commit(),
    abort: () => file.discard(),
  };
}

/** Up to 6 decimals, no exponent, empty when unknown: a Float64 yuan amount keeps its fen. */
function csvNumber(v: number): string {
  if (Number.isNaN(v)) return '';
  return Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/\.?0+$/, '');
}

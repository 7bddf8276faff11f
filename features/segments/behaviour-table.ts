/**
 * The behaviour of every customer open by a day, what segments are made of (src/segments/
 * behaviour-features.ts): profile tags and customer features from the data strictly before the day,
 * the model tags from `scoreBlock` (the caller wires the registered models; features/ loads none),
 * and what the segment cards read: AUM, age, value stage, contacts answered, and whether the customer
 * bought within the horizon from the day (known only when the data reaches its end).
 */
import type { Knex } from 'knex';
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import { logValue, valueStage } from '../../src/domain/value-stage.js';
import type { FeatureColumns } from '../../src/model-directory/preprocessing.js';
import { BEHAVIOUR_FEATURES } from '../../src/segments/behaviour-features.js';
import { CATEGORY_FEATURES, CONTACT_RESPONSE_DAYS, DEMAND_FAMILIES, NUMBER_FEATURES } from '../../src/wide-table/feature-set.js';
import type { FeatureColumnMaps } from '../../src/wide-table/reader.js';
import { computeCustomerFeatures } from '../compute-customer.js';
import { customersOpenBy, DEFAULT_BLOCK_SIZE, loadHistories } from '../customer-blocks.js';
import { FeatureValues } from '../feature-values.js';
import { countBefore, historyAsOf } from '../point-in-time.js';
import { ProductCatalog } from '../product-catalog.js';
import type { ModelTagScores } from '../profile/build-profile-table.js';
import { computeProfileTags } from '../profile/compute-profile-tags.js';

export interface BehaviourTableOptions {
  asOf: DayNumber;
  /** Window [asOf, asOf + H) of the purchase rate the cards report. */
  horizonDays: number;
  scoreBlock?: (features: FeatureColumnMaps, customers: number) => ModelTagScores;
  /** The demand model's horizon, which fills the horizon features it reads. */
  demandHorizonDays?: number;
  blockSize?: number;
}

export interface BehaviourTable {
  asOf: DayNumber;
  customerIds: string[];
  /** Every behaviour feature by name (numbers NaN unknown, categories null unknown); model tags unknown without a scorer. */
  columns: { numbers: Map<string, Float32Array>; categories: Map<string, Array<string | null>> };
  aumYuan: Float64Array;
  /** Contacts whose response window closed before the day, and how many of them were answered. */
  contactsClosed: Int32Array;
  contactsAnswered: Int32Array;
  /** 1 when the customer bought within [asOf, asOf + horizonDays); null when the data ends before that window does. */
  boughtWithin: Uint8Array | null;
  horizonDays: number;
  /** The last day with purchases in the data. */
  dataEnd: DayNumber | null;
}

export async function buildBehaviourTable(knex: Knex, options: BehaviourTableOptions): Promise<BehaviourTable> {
  const { asOf, horizonDays } = options;
  const catalog = await ProductCatalog.load(knex);
  const ids = await customersOpenBy(knex, asOf);
  const dataEnd = ((await knex('purchases').max({ d: 'purchase_day' }))[0]?.d as number | null) ?? null;
  // The purchase rate is known only when the data covers the whole window: otherwise a purchase not loaded yet would count as none.
  const outcomeKnown = dataEnd !== null && asOf + horizonDays - 1 <= dataEnd;
  const n = ids.length;
  const numbers = new Map<string, Float32Array>();
  const categories = new Map<string, Array<string | null>>();
  for (const f of BEHAVIOUR_FEATURES) {
    if (f.kind === 'number') numbers.set(f.name, new Float32Array(n).fill(NaN));
    else categories.set(f.name, new Array<string | null>(n).fill(null));
  }
  const table: BehaviourTable = {
    asOf,
    customerIds: ids,
    columns: { numbers, categories },
    aumYuan: new Float64Array(n),
    contactsClosed: new Int32Array(n),
    contactsAnswered: new Int32Array(n),
    boughtWithin: outcomeKnown ? new Uint8Array(n) : null,
    horizonDays,
    dataEnd,
  };
  const values = new FeatureValues();
  const numberIndex = new Map(NUMBER_FEATURES.map((f, i) => [f.name, i]));
  const modelNumbers = NUMBER_FEATURES.map((f, i) => [f, i] as const).filter(([f]) => DEMAND_FAMILIES.includes(f.family));
  const modelCategories = CATEGORY_FEATURES.map((f, i) => [f, i] as const).filter(([f]) => DEMAND_FAMILIES.includes(f.family));
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  for (let at = 0; at < n; at += blockSize) {
    const histories = await loadHistories(knex, ids.slice(at, at + blockSize), outcomeKnown ? asOf + horizonDays - 1 : asOf - 1, catalog);
    const features: FeatureColumnMaps = { numbers: new Map(), categories: new Map() };
    for (const [f] of modelNumbers) features.numbers.set(f.name, new Float32Array(histories.length));
    for (const [f] of modelCategories) features.categories.set(f.name, new Array(histories.length).fill(null));
    histories.forEach((history, k) => {
      const i = at + k;
      const view = historyAsOf(history, asOf);
      const tags = computeProfileTags(view, catalog) as unknown as Record<string, number | string | null>;
      computeCustomerFeatures(view, catalog, values, options.demandHorizonDays ?? null);
      for (const f of BEHAVIOUR_FEATURES) {
        if (f.source === 'model') continue;
        if (f.kind === 'number') numbers.get(f.name)![i] = f.source === 'profile' ? (tags[f.name] as number) : values.numbers[numberIndex.get(f.name)!];
        else categories.get(f.name)![i] = tags[f.name] as string | null;
      }
      table.aumYuan[i] = tags.aum_yuan as number;
      for (let c = 0; c < view.contacts.day.length; c++) {
        if (view.contacts.day[c] + CONTACT_RESPONSE_DAYS >= asOf) continue;
        table.contactsClosed[i]++;
        table.contactsAnswered[i] += view.contacts.responded[c];
      }
      if (table.boughtWithin) {
        const from = countBefore(history.purchases.day, asOf);
        table.boughtWithin[i] = from < history.purchases.day.length && history.purchases.day[from] < asOf + horizonDays ? 1 : 0;
      }
      for (const [f, j] of modelNumbers) features.numbers.get(f.name)![k] = values.numbers[j];
      for (const [f, j] of modelCategories) features.categories.get(f.name)![k] = values.categories[j];
    });
    const scores = options.scoreBlock?.(features, histories.length) ?? {};
    for (let k = 0; k < histories.length; k++) {
      const i = at + k;
      if (scores.demandScore) numbers.get('demand_score')![i] = scores.demandScore[k];
      if (scores.valuePredictedLog && scores.valueHorizonDays) {
        const predicted = scores.valuePredictedLog[k];
        // As the profile table states it: the forecast for the next H days against the last H days.
        const last = features.numbers.get(`purchases_amount_${scores.valueHorizonDays}d`)![k];
        numbers.get('value_predicted')![i] = Math.expm1(Math.max(0, predicted));
        categories.get('value_stage')![i] = valueStage(logValue(Number.isFinite(last) ? last : 0), predicted);
      }
    }
  }
  return table;
}

/** The columns a clustering reads, as the encoding takes them. */
export function behaviourColumns(table: BehaviourTable): FeatureColumns {
  return table.columns;
}

/** Says why the purchase rate is unknown, for the cards and the report. */
export function outcomeWindow(table: BehaviourTable): string {
  const end = formatDay(table.asOf + table.horizonDays - 1);
  return table.boughtWithin
    ? `bought within ${table.horizonDays} days: ${formatDay(table.asOf)}..${end}`
    : `not yet known: the window ends ${end}, the data ${table.dataEnd === null ? 'has no purchase' : `ends ${formatDay(table.dataEnd)}`}`;
}

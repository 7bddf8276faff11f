/**
 * `wealthrec segments build`: every open customer's behaviour as of a day (features/segments, with
 * the registered demand and value champions filling their tags), clustered (cluster-customers.ts),
 * a card per segment, the segmentation file (src/segments) and its HTML report with the PCA map, the
 * chi-square tests, the sizes over the last months and, given an earlier segmentation, its freshness.
 */
import { writeFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import { PCA } from 'ml-pca';
import { buildBehaviourTable, outcomeWindow, type BehaviourTableOptions } from '../../features/segments/behaviour-table.js';
import { withDatabase } from '../../src/db/with-database.js';
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import { UsageError } from '../../src/errors.js';
import { demandModelsRoot, modelsRoot, valueModelsRoot } from '../../src/model-directory/registry.js';
import type { SegmentationModel } from '../../src/segments/format.js';
import { readSegmentation, writeSegmentation } from '../../src/segments/segmentation-file.js';
import { SEGMENTS_FORMAT_VERSION } from '../../src/segments/format.js';
import type { FeatureColumnMaps } from '../../src/wide-table/reader.js';
import { champion } from '../build-profiles.js';
import { clusterCustomers, seededSample } from '../../training/segments/cluster-customers.js';
import { freshnessAgainst, type Freshness } from '../../training/segments/freshness.js';
import { segmentCards } from './segment-cards.js';
import { segmentDifferences, type DifferenceTest } from './segment-differences.js';
import { monthStartsBefore, segmentSizesByMonth, type MonthSizes } from './segment-history.js';
import { renderSegmentsHtml } from './segments-report-html.js';

export const DEFAULT_HORIZON_DAYS = 30;
export const DEFAULT_HISTORY_MONTHS = 6;
/** Customers drawn on the map: more would make an SVG of megabytes. */
export const MAP_SAMPLE = 2000;

export interface BuildSegmentsOptions {
  asOf: DayNumber;
  out: string;
  format: 'arrow' | 'csv';
  k: number | 'auto';
  seed: number;
  horizonDays?: number;
  /** Registry root whose demand/ and value/ champions fill demand_score, value_predicted and value_stage; null: without them. */
  modelsRoot: string | null;
  /** An earlier segmentation to measure this one against. */
  previous?: string;
  /** The HTML report's path; null: none. */
  report: string | null;
  historyMonths?: number;
  blockSize?: number;
}

export interface BuiltSegments {
  model: SegmentationModel;
  customers: number;
  differences: DifferenceTest[];
  history: MonthSizes[];
  freshness: Freshness | null;
  seconds: number;
}

export async function buildSegments(knex: Knex, options: BuildSegmentsOptions): Promise<BuiltSegments> {
  const started = performance.now();
  const previous = options.previous ? await readSegmentation(options.previous) : null;
  const demand = options.modelsRoot === null ? null : await champion(demandModelsRoot(options.modelsRoot), 'demand');
  const value =
    options.modelsRoot === null
      ? null
      : await champion(valueModelsRoot(options.modelsRoot), 'value').catch((err) => {
          demand?.scoring.dispose();
          throw err;
        });
  try {
    const behaviour: Omit<BehaviourTableOptions, 'asOf'> = {
      horizonDays: options.horizonDays ?? DEFAULT_HORIZON_DAYS,
      demandHorizonDays: demand?.card.target?.horizonDays,
      blockSize: options.blockSize,
      scoreBlock:
        demand || value
          ? (features: FeatureColumnMaps, customers: number) => {
              const rows = Array.from({ length: customers }, (_, i) => i);
              return {
                demandScore: demand?.scoring.score(features, rows),
                valuePredictedLog: value?.scoring.score(features, rows),
                valueHorizonDays: value?.card.target?.horizonDays,
              };
            }
          : undefined,
    };
    const table = await buildBehaviourTable(knex, { ...behaviour, asOf: options.asOf });
    const n = table.customerIds.length;
    if (n < 2) throw new UsageError(`segments need at least 2 customers open before ${formatDay(options.asOf)}; there are ${n}`);
    const clustering = clusterCustomers(table.columns, n, { k: options.k, seed: options.seed });
    const k = clustering.centroids.length;
    const model: SegmentationModel = {
      formatVersion: SEGMENTS_FORMAT_VERSION,
      asOf: formatDay(options.asOf),
      seed: options.seed,
      k,
      kChoice: clustering.kChoice,
      horizonDays: table.horizonDays,
      models: { demand: demand?.card.version ?? null, value: value?.card.version ?? null },
      preprocessing: clustering.preprocessing,
      weighting: clustering.weighting,
      centroids: clustering.centroids,
      cards: segmentCards(table, clustering.labels, k),
    };
    await writeSegmentation(options.out, { model, customerIds: table.customerIds, segments: clustering.labels }, options.format);
    const differences = segmentDifferences(table, clustering.labels, k);
    const freshness = previous ? freshnessAgainst(previous.model, table.columns, n, clustering.labels) : null;
    const history = await segmentSizesByMonth(knex, model, monthStartsBefore(options.asOf, options.historyMonths ?? DEFAULT_HISTORY_MONTHS), behaviour);
    const seconds = (performance.now() - started) / 1000;
    if (options.report) {
      const width = clustering.preprocessing.width;
      const sample = seededSample(n, MAP_SAMPLE, options.seed);
      const points = sample.map((i) => Array.from(clustering.encoded.subarray(i * width, (i + 1) * width)));
      const pca = new PCA(points, { center: true, scale: false });
      const projected = pca.predict(points, { nComponents: 2 }).to2DArray();
      const explained = pca.getExplainedVariance();
      const html = await renderSegmentsHtml({
        model,
        customers: n,
        map: sample.map((i, s) => ({ x: projected[s][0] ?? 0, y: projected[s][1] ?? 0, segment: clustering.labels[i] })),
        mapExplained: (explained[0] ?? 0) + (explained[1] ?? 0),
        differences,
        history,
        freshness,
        outcome: outcomeWindow(table),
        seconds,
      });
      await writeFile(options.report, html);
    }
    return { model, customers: n, differences, history, freshness, seconds };
  } finally {
    demand?.scoring.dispose();
    value?.scoring.dispose();
  }
}

export interface SegmentsFlags {
  asOf: DayNumber;
  out: string;
  format: 'arrow' | 'csv';
  k: number | 'auto';
  seed: number;
  horizon: number;
  months: number;
  previous?: string;
  /** A report path, or false (--no-report). */
  report?: string | boolean;
  /** A registry root, true for the default one, or false (--no-models). */
  models: string | boolean;
  block?: number;
  db?: string;
}

/** Where the report goes by default: beside the segmentation, named after it. */
export const defaultReportPath = (out: string) => `${out.replace(/\.(arrow|csv)$/i, '')}-report.html`;

export async function runBuildSegments(flags: SegmentsFlags): Promise<BuiltSegments> {
  return withDatabase(
    flags.db,
    async (knex) => {
      const report = flags.report === false ? null : typeof flags.report === 'string' ? flags.report : defaultReportPath(flags.out);
      const s = await buildSegments(knex, {
        asOf: flags.asOf,
        out: flags.out,
        format: flags.format,
        k: flags.k,
        seed: flags.seed,
        horizonDays: flags.horizon,
        historyMonths: flags.months,
        modelsRoot: flags.models === false ? null : modelsRoot(typeof flags.models === 'string' ? flags.models : undefined),
        previous: flags.previous,
        report,
        blockSize: flags.block,
      });
      printSegments(s, flags.out, report);
      return s;
    },
    { mustExist: true },
  );
}

export function printSegments(s: BuiltSegments, out: string, report: string | null): void {
  const { model } = s;
  const silhouette = model.kChoice.candidates.find((c) => c.k === model.k)?.silhouette;
  console.log(
    `segments as of ${model.asOf} -> ${out}: ${s.customers.toLocaleString('en')} customers in ${model.k} segments (${model.kChoice.method === 'given' ? 'k given' : 'k by silhouette'}; silhouette ${silhouette == null ? '-' : silhouette.toFixed(3)}) in ${s.seconds.toFixed(1)} s`,
  );
  if (model.kChoice.method === 'silhouette')
    console.log(`  silhouette by k: ${model.kChoice.candidates.map((c) => `${c.k}: ${c.silhouette === null ? '-' : c.silhouette.toFixed(3)}`).join(', ')}`);
  for (const c of model.cards)
    console.log(
      `  ${c.id} ${c.name}: ${c.size.toLocaleString('en')} (${(100 * c.share).toFixed(1)}%), median AUM ${c.medianAumYuan === null ? '-' : Math.round(c.medianAumYuan).toLocaleString('en')} yuan, purchase rate ${c.purchaseRate === null ? 'not yet known' : `${(100 * c.purchaseRate).toFixed(1)}%`}, response ${c.responseRate === null ? '-' : `${(100 * c.responseRate).toFixed(1)}%`}`,
    );
  for (const d of s.differences) console.log(`  ${d.verdict}`);
  if (s.freshness) console.log(`  against ${s.freshness.previousAsOf}: adjusted Rand index ${s.freshness.adjustedRandIndex.toFixed(3)}`);
  if (report) console.log(`  report: ${report}`);
}

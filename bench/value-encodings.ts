/**
 * The value network under each number encoding (docs/training.md, "Preprocessing"): a generated bank
 * (seed 9, as the value tests use), its 90-day value table every 14 days, and the time-sliced value
 * evaluation per encoding and seed: MAE and R² on log(1 + yuan) of the median (absolute loss, the
 * registered default) and mean networks beside the naive forecast.
 * Usage: node dist/bench/value-encodings.js [--customers 3000] [--seeds 1,2,3] [--encodings standard,ple,quantile] [--work .bench-work]
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { asOfDaysEvery, buildCustomerDayTable } from '../features/index.js';
import { importBank } from '../import/index.js';
import { migrateToLatest, openDatabase } from '../src/db/index.js';
import { parseDay } from '../src/domain/dates.js';
import { selectBackend } from '../src/tf-backend/select-backend.js';
import { generateBank } from '../synthetic/index.js';
import type { NumberEncodingKind } from '../training/fit-preprocessing.js';
import { DEFAULT_FIT_OPTIONS } from '../training/fit-model.js';
import { loadSamples } from '../training/samples.js';
import { evaluateValue, NAIVE, VALUE_NETWORK } from '../training/value/evaluate-value.js';
import { VALUE_NUMBER_ENCODING } from '../training/value/value-data.js';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '3000' },
    seeds: { type: 'string', default: '1,2,3' },
    work: { type: 'string', default: '.bench-work' },
    encodings: { type: 'string', default: 'standard,ple,quantile' },
  },
});
const customers = Number(values.customers);
const seeds = values.seeds!.split(',').map(Number);
const ENCODINGS = values.encodings!.split(',') as NumberEncodingKind[];

const dir = join(resolve(values.work!), `value-encodings-${customers}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const backend = await selectBackend('auto');
console.error(`generating ${customers} customers x 330 days …`);
const bank = await generateBank({ customers, days: 330, seed: 9, outDir: join(dir, 'bank') });
const last = parseDay(bank.lastDay)!;
const { knex } = openDatabase(`sqlite:${join(dir, 'bank.db')}`);
await migrateToLatest(knex);
await importBank(knex, { dir: join(dir, 'bank') });
await buildCustomerDayTable(knex, {
  asOfDays: asOfDaysEvery(last - 89 - 14 * 11, last - 89, 14),
  horizonDays: 90,
  label: 'amount',
  category: null,
  out: join(dir, 'value.arrow'),
  format: 'arrow',
});
await knex.destroy();
const value = await loadSamples(join(dir, 'value.arrow'), 'value');

interface Run {
  median: { mae: number; r2: number };
  mean: { mae: number; r2: number };
  naive: { mae: number; r2: number };
  seconds: number;
}
const runs = new Map<NumberEncodingKind, Run[]>();
for (const encoding of ENCODINGS) {
  for (const seed of seeds) {
    console.error(`${encoding}, seed ${seed} …`);
    const e = await evaluateValue(value, {
      target: { horizonDays: 90 },
      testDays: 2,
      loss: 'absolute',
      architecture: 'mlp',
      seed,
      numberEncoding: encoding,
      fit: { ...DEFAULT_FIT_OPTIONS, batchSize: 256 },
      backend,
    });
    const s = e.pooled.scorers;
    runs.set(encoding, [
      ...(runs.get(encoding) ?? []),
      { median: s[VALUE_NETWORK.absolute], mean: s[VALUE_NETWORK.squared], naive: s[NAIVE], seconds: e.seconds },
    ]);
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cell = (xs: number[]) => `${mean(xs).toFixed(3)} (${Math.min(...xs).toFixed(3)}..${Math.max(...xs).toFixed(3)})`;
const naive = runs.get(ENCODINGS[0])![0].naive;
replaceSection(
  'value-encodings',
  `## Value network: number encodings

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machineLine()}
- Command: \`npm run bench:value-encodings -- --customers ${customers} --seeds ${values.seeds} --encodings ${values.encodings}\`
- Backend: ${backend.name}${backend.details.length ? ` (${backend.details.join('; ')})` : ''}

A generated bank of ${customers.toLocaleString('en')} customers (seed 9), its 90-day value table every 14 days (${value.length.toLocaleString('en')} customer-days), the last 2 as-of days tested by networks trained before them. Errors on log(1 + yuan), mean over seeds ${values.seeds} (range). The naive forecast ("the same as the last 90 days"): MAE ${naive.mae.toFixed(3)}, R² ${naive.r2.toFixed(3)}. The value model's default encoding is \`${VALUE_NUMBER_ENCODING}\`.

| encoding | median network MAE | median network R² | mean network MAE | mean network R² | seconds per evaluation |
|---|---|---|---|---|---|
${ENCODINGS.map((encoding) => {
  const r = runs.get(encoding)!;
  return `| ${encoding} | ${cell(r.map((x) => x.median.mae))} | ${cell(r.map((x) => x.median.r2))} | ${cell(r.map((x) => x.mean.mae))} | ${cell(r.map((x) => x.mean.r2))} | ${mean(r.map((x) => x.seconds)).toFixed(0)} |`;
}).join('\n')}
`,
);
console.log(
  JSON.stringify(Object.fromEntries([...runs].map(([k, r]) => [k, { medianMae: mean(r.map((x) => x.median.mae)), meanR2: mean(r.map((x) => x.mean.r2)) }]))),
);

/**
 * Customer value and profiles at scale, as issue 7 asks, on the shared 100k-customer bank:
 *   1. the value model (yuan bought in the next 90 days): time-sliced, MAE and R² on log(1 + yuan)
 *      against the naive "same as the last period", with the segment table (AUM tier x stage);
 *   2. the profile build of every customer with the demand and value models' tags, timed;
 *   3. the ablation: the recommender's MLP with and without the profile feature family, on the
 *      serving bank's last 30 days of samples (train 24 days, stop early on 3, test on the last 3).
 * Usage: node dist/bench/profile.js [--customers 100000] [--days 400] [--work .bench-work]
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { asOfDaysEvery, buildCustomerDayTable } from '../features/index.js';
import { buildProfiles } from '../workflows/build-profiles.js';
import { openDatabase } from '../src/db/index.js';
import { formatDay, parseDay } from '../src/domain/dates.js';
import { auc, rankingMetrics } from '../src/metrics/index.js';
import { DEFAULT_END_DATE } from '../synthetic/index.js';
import { selectBackend } from '../src/tf-backend/select-backend.js';
import { demandTargetOf } from '../training/demand/demand-target.js';
import { trainCustomerDayModel } from '../training/customer-day/train-customer-day-model.js';
import { DEFAULT_FIT_OPTIONS } from '../training/fit-model.js';
import { occasionKey } from '../training/occasions.js';
import { writeModelDirectory } from '../src/model-directory/model-directory.js';
import { demandModelsRoot, promote, valueModelsRoot } from '../src/model-directory/registry.js';
import { daysOf, loadSamples, rowsBetween } from '../training/samples.js';
import { trainOnRows } from '../training/train-on-rows.js';
import { evaluateValue } from '../training/value/evaluate-value.js';
import { valueTargetOf } from '../training/value/value-data.js';
import { renderSegmentTable } from '../training/value/value-report.js';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';
import { ensureServingBank } from './lib/serving-bank.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    days: { type: 'string', default: '400' },
    work: { type: 'string', default: '.bench-work' },
  },
});
const customers = Number(values.customers);
const last = parseDay(DEFAULT_END_DATE)!;
const backend = await selectBackend('auto');
const fit = { ...DEFAULT_FIT_OPTIONS, batchSize: 2048 };
const bank = await ensureServingBank(values.work!, customers, Number(values.days));
const work = join(resolve(values.work!), `profile-${customers}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const models = join(work, 'models');
const { knex } = openDatabase(`sqlite:${bank.db}`);

// 1. Value model: as-of days 28 days apart, the last one's 90-day horizon ending on the last day.
const H = 90;
const valueDays = asOfDaysEvery(last - H + 1 - 28 * 9, last - H + 1, 28);
console.error(`value table: ${valueDays.length} as-of days …`);
const valueBuild = await buildCustomerDayTable(knex, {
  asOfDays: valueDays,
  horizonDays: H,
  label: 'amount',
  category: null,
  out: join(work, 'value.arrow'),
  format: 'arrow',
});
const valueSamples = await loadSamples(join(work, 'value.arrow'), 'value');
const target = valueTargetOf(valueSamples, 'value.arrow');
console.error('value evaluation (3 test days) …');
const valueEval = await evaluateValue(valueSamples, {
  target,
  testDays: 3,
  loss: 'absolute',
  architecture: 'mlp',
  seed: 1,
  fit,
  backend,
  onTrained: (t) => console.error(`  ${t.label} for ${t.testDay}: ${t.fit.history.length} epochs`),
});
const valueModel = await trainCustomerDayModel(valueSamples, {
  model: { task: 'value', loss: 'absolute', target },
  seed: 1,
  fit,
  backend,
  samplesFile: 'value.arrow',
});
await writeModelDirectory(join(valueModelsRoot(models), valueModel.card.version), valueModel);
valueModel.scoring.dispose();
await promote(valueModelsRoot(models), valueModel.card.version);

// 2. Profiles with both model tags (a demand model trained on 8 weekly as-of days).
console.error('demand model for the profiles …');
await buildCustomerDayTable(knex, {
  asOfDays: asOfDaysEvery(last - 6 - 49, last - 6, 7),
  horizonDays: 7,
  category: null,
  out: join(work, 'demand.arrow'),
  format: 'arrow',
});
const demandSamples = await loadSamples(join(work, 'demand.arrow'), 'demand');
const demandModel = await trainCustomerDayModel(demandSamples, {
  model: { task: 'demand', architecture: 'mlp', target: demandTargetOf(demandSamples, 'demand.arrow') },
  seed: 1,
  fit,
  backend,
  samplesFile: 'demand.arrow',
});
await writeModelDirectory(join(demandModelsRoot(models), demandModel.card.version), demandModel);
demandModel.scoring.dispose();
await promote(demandModelsRoot(models), demandModel.card.version);
console.error('profiles …');
const profiles = await buildProfiles(knex, { asOf: last + 1, out: join(work, 'profiles.arrow'), format: 'arrow', modelsRoot: models });
await knex.destroy();

// 3. Ablation: the recommender with and without the profile family.
console.error('ablation …');
// The serving bank's samples of its last 30 days (bench/lib/serving-bank.ts), rebuilt there whenever the features change.
const samples = await loadSamples(join(resolve(values.work!), `serving-${customers}x${values.days}-samples-30d.arrow`));
const days = daysOf(samples);
const trainRows = rowsBetween(samples, days[0], days[days.length - 7]);
const validRows = rowsBetween(samples, days[days.length - 6], days[days.length - 4]);
const testRows = rowsBetween(samples, days[days.length - 3], days[days.length - 1]);
const ablation: Array<{ name: string; features: number; auc: number; mrr: number }> = [];
for (const [name, keep] of [
  ['all features', () => true],
  ['without the profile family', (family: string) => family !== 'profile'],
] as const) {
  const kept = new Set(samples.features.filter((f) => keep(f.family)).map((f) => f.name));
  const columns = {
    numbers: new Map([...samples.numbers].filter(([n]) => kept.has(n))),
    categories: new Map([...samples.categories].filter(([n]) => kept.has(n))),
    labels: samples.labels,
  };
  const trained = await trainOnRows(columns, trainRows, validRows, { architecture: 'mlp', fit: { ...fit, seed: 1 } });
  const scores = trained.scoring.score(columns, testRows);
  trained.scoring.dispose();
  const labels = Uint8Array.from(testRows, (r) => samples.labels[r]);
  const occasions = Array.from(testRows, (r) => occasionKey(samples.customerIds[r], samples.asOf[r]));
  ablation.push({
    name,
    features: columns.numbers.size + columns.categories.size,
    auc: auc(labels, scores),
    mrr: rankingMetrics(labels, scores, occasions).mrr,
  });
  console.error(`  ${name}: AUC ${ablation.at(-1)!.auc.toFixed(4)}`);
}

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
replaceSection(
  'profile',
  `## Customer value and profiles

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machineLine()}
- Command: \`npm run bench:profile\` (the ${customers.toLocaleString('en')}-customer bank of the serving benchmark, seed 1, SQLite)
- Backend: ${backend.name}${backend.details.length ? ` (${backend.details.join('; ')})` : ''}

**Value model** (yuan bought in the next ${H} days, on log(1 + yuan)). ${valueDays.length} as-of days ${formatDay(valueDays[0])}..${formatDay(valueDays[valueDays.length - 1])}, 28 days apart, ${valueBuild.rows.toLocaleString('en')} customer-days built in ${valueBuild.seconds.toFixed(1)} s; tested on the last 3, each by models trained on days whose ${H}-day horizon had closed by then; ${valueEval.pooled.rows.toLocaleString('en')} test customer-days, ${pct(valueEval.pooled.buyers / valueEval.pooled.rows)} bought (${valueEval.seconds.toFixed(0)} s).

| forecast | MAE | R² |
|---|---|---|
${Object.entries(valueEval.pooled.scorers)
  .map(([name, s]) => `| ${name} | ${f3(s.mae)} | ${f3(s.r2)} |`)
  .join('\n')}

**Segments** (the pooled test rows; stage = the registered value network's (absolute error) forecast against the last ${H} days, a factor of 2 apart):

${renderSegmentTable(valueEval.segments, H).join('\n')}

**Profile build** (\`profile build\` as of ${formatDay(last + 1)}, with the demand and value models' tags): ${profiles.customers.toLocaleString('en')} customers in ${profiles.seconds.toFixed(1)} s. AUM tiers: ${Object.entries(
    profiles.tiers,
  )
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join(', ')}. Value stages: ${Object.entries(profiles.stages)
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join(', ')}.

**Ablation: profile tags as recommender features** (MLP, seed 1; the serving bank's samples ${formatDay(days[0])}..${formatDay(days[days.length - 1])}: trained on the first ${days.length - 6} days, stopped early on the next 3, tested on the last 3: ${testRows.length.toLocaleString('en')} rows).

| features | columns | AUC | MRR |
|---|---:|---:|---:|
${ablation.map((a) => `| ${a.name} | ${a.features} | ${a.auc.toFixed(4)} | ${a.mrr.toFixed(4)} |`).join('\n')}
`,
);
console.error('BENCHMARKS.md updated');

/**
 * Wide-table build time and peak RSS on SQLite for banks of growing size, to show how time grows
 * with customers: a snapshot of every customer on the last day, and the samples of the last 10 days.
 * Usage: node dist/bench/features-build.js [--sizes 25000,50000,100000] [--days 400]. Writes its section of BENCHMARKS.md.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDay } from '../src/domain/dates.js';
import { DEFAULT_END_DATE } from '../synthetic/index.js';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';
import { runPhase, type PhaseResult } from './lib/child-phase.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '25000,50000,100000' },
    days: { type: 'string', default: '400' },
    work: { type: 'string', default: '.bench-work' },
  },
});
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const lastDay = parseDay(DEFAULT_END_DATE)!;
const rows: string[] = [];
for (const customers of values.sizes!.split(',').map(Number)) {
  const base = join(resolve(values.work!), `features-${customers}x${values.days}`);
  const bank = `${base}-bank`;
  const db = `${base}.db`;
  mkdirSync(resolve(values.work!), { recursive: true });
  if (!existsSync(db)) {
    console.error(`preparing ${fmt(customers)} customers x ${values.days} days …`);
    rmSync(bank, { recursive: true, force: true });
    runPhase(['generate', bank, String(customers), values.days!, '1']);
    runPhase(['import', bank, `sqlite:${db}`]);
    rmSync(bank, { recursive: true, force: true });
  }
  console.error(`building features for ${fmt(customers)} customers …`);
  const snapshot = runPhase(['features', 'snapshot', `sqlite:${db}`, String(lastDay), String(lastDay), `${base}-snapshot.arrow`]);
  const samples = runPhase(['features', 'samples', `sqlite:${db}`, String(lastDay - 9), String(lastDay), `${base}-samples.arrow`]);
  const line = (what: string, r: PhaseResult) =>
    `| ${fmt(customers)} | ${what} | ${fmt(r.rows)} | ${r.seconds.toFixed(1)} | ${((r.seconds / customers) * 1e6).toFixed(0)} | ${fmt(r.maxRssMiB)} |`;
  rows.push(line('snapshot of every customer', snapshot), line(`samples, last 10 days (${fmt(samples.detail!.occasions as number)} occasions)`, samples));
}
const body = `
## Wide-table build (features)

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machineLine()}
- Command: \`npm run bench:features -- --sizes ${values.sizes} --days ${values.days}\` (SQLite; banks generated with seed 1)
- Backend: no model involved (TensorFlow.js backend: n/a)

| customers | table | rows | seconds | µs per customer | peak RSS (MiB) |
|---:|---|---:|---:|---:|---:|
${rows.join('\n')}

A constant "µs per customer" across sizes means time grows linearly with customers.
`;
replaceSection('features', body);
console.log(body);

/**
 * The synthetic bank at scale: wall time, rows/s and peak RSS of `generate` for several sizes, to
 * show that memory stays flat as customers grow. Usage:
 * node dist/bench/generate-scale.js [--sizes 100000,1000000] [--days 400]   Writes its section of BENCHMARKS.md.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';
import { runPhase } from './lib/child-phase.js';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100000,1000000' }, days: { type: 'string', default: '400' }, work: { type: 'string', default: '.bench-work' } },
});
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const rows: string[] = [];
for (const customers of values.sizes!.split(',').map(Number)) {
  const out = join(resolve(values.work!), `scale-${customers}`);
  mkdirSync(out, { recursive: true });
  console.error(`generating ${fmt(customers)} customers x ${values.days} days …`);
  const r = runPhase(['generate', out, String(customers), values.days!, '1']);
  rmSync(out, { recursive: true, force: true }); // gigabytes at 1M customers: measured, not kept
  const share = (r.detail!.newCustomerPurchaseShare as number) * 100;
  rows.push(`| ${fmt(customers)} | ${fmt(r.rows)} | ${r.seconds.toFixed(1)} | ${fmt(r.rows / r.seconds)} | ${fmt(r.maxRssMiB)} | ${share.toFixed(1)}% |`);
}
const body = `
## Synthetic bank at scale

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machineLine()}
- Command: \`npm run bench:generate -- --sizes ${values.sizes} --days ${values.days}\`
- Backend: no model involved (TensorFlow.js backend: n/a)

| customers | CSV rows | seconds | rows/s | peak RSS (MiB) | purchases by customers with no earlier purchase |
|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
replaceSection('generate', body);
console.log(body);

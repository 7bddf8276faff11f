/**
 * Why the import has its own CSV reader: rows/s of import/csv-records.ts against csv-parse
 * (streaming, the same options the import would need) on the same deposits.csv.
 * Usage: node dist/bench/csv-reader.js [--file PATH]   (default: a 20k-customer synthetic bank's deposits)
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { readCsvBatches } from '../import/csv-records.js';
import { generateBank } from '../synthetic/index.js';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';

const { values } = parseArgs({ options: { file: { type: 'string' }, runs: { type: 'string', default: '3' } } });
let file = values.file;
if (!file) {
  const dir = resolve('.bench-work/csv-bank-20000x400-s1');
  if (!existsSync(join(dir, 'deposits.csv'))) await generateBank({ customers: 20_000, days: 400, seed: 1, outDir: dir });
  file = join(dir, 'deposits.csv');
}

async function timeOwn(): Promise<number> {
  const started = performance.now();
  let rows = 0;
  for await (const batch of readCsvBatches(file!)) rows += batch.records.length;
  return rows / ((performance.now() - started) / 1000);
}

async function timeCsvParse(): Promise<number> {
  const started = performance.now();
  let rows = 0;
  const parser = createReadStream(file!).pipe(parse({ bom: true, relax_column_count: true, info: true }));
  for await (const _record of parser) rows++;
  return rows / ((performance.now() - started) / 1000);
}

const best = async (f: () => Promise<number>) => {
  let top = 0;
  for (let i = 0; i < Number(values.runs); i++) top = Math.max(top, await f());
  return top;
};
const own = await best(timeOwn);
const csvParse = await best(timeCsvParse);
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const body = `
## CSV reader

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machineLine()}
- Command: \`npm run bench:csv\` (best of ${values.runs} runs; file: ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB of deposits.csv)
- Backend: no model involved (TensorFlow.js backend: n/a)

| reader | rows/s |
|---|---:|
| import/csv-records.ts (batches, line numbers, per-record problems) | ${fmt(own)} |
| csv-parse 7 (stream, \`info: true\` for line numbers) | ${fmt(csvParse)} |

The import's end-to-end target is 300,000 rows/s into SQLite; csv-parse alone would use most of that budget.
`;
replaceSection('csv', body);
console.log(body);

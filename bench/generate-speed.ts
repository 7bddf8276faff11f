/** Times the synthetic bank at a given size: `node dist/bench/generate-speed.js [customers] [days] [outDir]`. */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBank } from '../src/synthetic/index.js';

const customers = Number(process.argv[2] ?? 100_000);
const days = Number(process.argv[3] ?? 400);
const keep = process.argv[4];
const outDir = keep ?? (await mkdtemp(join(tmpdir(), 'wealthrec-gen-')));
let last = 0;
const summary = await generateBank({ customers, days, seed: 1, outDir }, (done, total) => {
  if (done - last >= total / 10 || done === total) {
    last = done;
    process.stderr.write(`  ${done}/${total} customers\n`);
  }
});
console.log(JSON.stringify({ customers, days, ...summary, heapMiB: Math.round(process.memoryUsage().rss / 2 ** 20) }, null, 2));
if (!keep) await rm(outDir, { recursive: true, force: true });

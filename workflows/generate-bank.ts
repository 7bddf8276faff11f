/** Generates the synthetic bank with a progress bar on a terminal and prints what was written: `wealthrec generate` and step 1 of the demo. */
import { progressBar } from '../src/progress-bar.js';
import { generateBank, type GenerateSummary } from '../synthetic/index.js';

export interface GenerateFlags {
  customers: number;
  days: number;
  seed: number;
  out: string;
  endDate?: string;
  boundDraws?: number;
}

/** Generates with a progress bar on a terminal and prints what was written. */
export async function runGenerate(flags: GenerateFlags): Promise<GenerateSummary> {
  const bar = progressBar('generate');
  const summary = await generateBank(
    { customers: flags.customers, days: flags.days, seed: flags.seed, outDir: flags.out, endDate: flags.endDate, boundDraws: flags.boundDraws },
    (done, total) => bar.update(done, total, 'customers'),
  ).finally(() => bar.stop());
  const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(
    `generated ${flags.customers.toLocaleString('en')} customers x ${flags.days} days (${summary.firstDay}..${summary.lastDay}) into ${flags.out}: ` +
      `${rows.toLocaleString('en')} rows in ${summary.seconds.toFixed(1)} s`,
  );
  console.log(
    '  ' +
      Object.entries(summary.rows)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(', '),
  );
  console.log(`  purchases by customers with no earlier purchase: ${(summary.newCustomerPurchaseShare * 100).toFixed(1)}%`);
  return summary;
}

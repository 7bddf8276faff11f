/** `wealthrec demo` (npm start): the whole system on the embedded database, from one command. */
import { dirname, join, resolve } from 'node:path';
import { buildWideTable, describeRange, FEATURES } from '../../../features/index.js';
import { parseDay } from '../../domain/dates.js';
import { Option, type Command } from 'commander';
import { DEFAULT_ARCHITECTURE } from '../../../training/architectures.js';
import type { BackendName } from '../../../training/backend.js';
import { DEFAULT_FIT_OPTIONS } from '../../../training/fit-model.js';
import type { EvaluationMode } from '../../../training/time-slices.js';
import { DataRejectedError } from '../../errors.js';
import { importBank } from '../../import/index.js';
import { nonNegativeInteger, positiveInteger } from '../options.js';
import { printImport } from '../print-import.js';
import { progressBar } from '../progress-bar.js';
import { withDatabase } from '../with-database.js';
import { runGenerate } from './generate.js';
import { runTrain } from './train.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('generate a small synthetic bank, import it, build its wide table, train and evaluate the recommender, and show the results')
    .option('--customers <n>', 'number of customers', positiveInteger, 3000)
    .option('--days <n>', 'days simulated', positiveInteger, 240)
    .option('--seed <n>', 'random seed', nonNegativeInteger, 42)
    .option('--out <dir>', 'where the generated CSVs go', './data/demo-bank')
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .option('--models <dir>', 'model registry (default: $WEALTHREC_MODELS or ./models)')
    .addOption(new Option('--mode <mode>', 'evaluation: sliced (a model per test day) or once').choices(['sliced', 'once']).default('once'))
    .option('--test-days <n>', 'test days at the end of the window', positiveInteger, 10)
    .action(async (flags: { customers: number; days: number; seed: number; out: string; db?: string; models?: string; mode: EvaluationMode; testDays: number }) => {
      const dataDir = dirname(resolve(flags.out));
      const samplesFile = join(dataDir, 'samples.arrow');
      console.log('== 1/4 synthetic bank');
      const generated = await runGenerate({ customers: flags.customers, days: flags.days, seed: flags.seed, out: flags.out });
      await withDatabase(flags.db, async (knex, target) => {
        console.log(`\n== 2/4 import into ${target.display}`);
        const bar = progressBar('import');
        const result = await importBank(knex, { dir: resolve(flags.out), onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, p.table) }).finally(() => bar.stop());
        printImport(result);
        if (result.status !== 'committed') throw new DataRejectedError('the demo bank did not import');
        console.log('(running the demo again imports the same files again: every "changed" count is then 0)');

        // Samples of every occasion (the first month only feeds history), and a snapshot of the last day for serving.
        const lastDay = parseDay(generated.lastDay)!;
        const firstSampleDay = lastDay - flags.days + 31;
        console.log('\n== 3/4 point-in-time wide table (features strictly from data before each day)');
        const samples = await buildWideTable(knex, { kind: 'samples', fromDay: firstSampleDay, toDay: lastDay, out: samplesFile, format: 'arrow' });
        console.log(`samples ${describeRange(firstSampleDay, lastDay)}: ${samples.occasions} purchase occasions, ${samples.rows.toLocaleString('en')} rows (${samples.positives} bought), ${FEATURES.length} features`);
        const snapshot = await buildWideTable(knex, { kind: 'snapshot', fromDay: lastDay, toDay: lastDay, out: join(dataDir, 'snapshot.arrow'), format: 'arrow' });
        console.log(`snapshot ${describeRange(lastDay, lastDay)}: ${snapshot.customers.toLocaleString('en')} customers x their eligible products = ${snapshot.rows.toLocaleString('en')} rows`);
      });

      console.log(`\n== 4/4 train and evaluate (the last ${flags.testDays} days, ${flags.mode === 'sliced' ? 'a model per test day trained on what precedes it' : 'one model trained before them'})`);
      await runTrain({
        samples: samplesFile,
        arch: DEFAULT_ARCHITECTURE,
        ablation: ['dcn'],
        mode: flags.mode,
        testDays: flags.testDays,
        validationDays: 3,
        seed: flags.seed,
        epochs: DEFAULT_FIT_OPTIONS.maxEpochs,
        batchSize: DEFAULT_FIT_OPTIONS.batchSize,
        learningRate: DEFAULT_FIT_OPTIONS.learningRate,
        patience: DEFAULT_FIT_OPTIONS.patience,
        negativeRate: 1,
        workers: 1,
        backend: (process.env.WEALTHREC_TF_BACKEND as BackendName | undefined) ?? 'auto',
        oracle: join(resolve(flags.out), 'oracle'),
        models: flags.models,
        report: join(dataDir, 'report'),
        predictions: join(dataDir, 'predictions.csv'),
        evaluate: true,
        promote: true,
      });
      console.log(`\nopen ${join(dataDir, 'report', 'report.html')} in a browser for the charts; \`wealthrec models list\` shows the registry`);
    });
}

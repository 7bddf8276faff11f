/** `wealthrec segments build`: customer segments by behaviour (k-means on the bounded encoding), a card each, the file serving reads and an HTML report. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_HISTORY_MONTHS, DEFAULT_HORIZON_DAYS, runBuildSegments, type SegmentsFlags } from '../../workflows/segments/build-segments.js';
import { AUTO_K_RANGE } from '../../training/segments/cluster-customers.js';
import { dbOption, isoDay, nonNegativeInteger, positiveInteger } from '../options.js';

/** `auto`, or a whole number of segments from 2 to 50. */
function segmentCount(text: string): number | 'auto' {
  if (text === 'auto') return 'auto';
  const k = Number(text);
  if (!Number.isInteger(k) || k < 2 || k > 50) throw new InvalidArgumentError(`expected "auto" or a whole number of segments from 2 to 50, got "${text}"`);
  return k;
}

export function register(program: Command): void {
  program
    .command('segments')
    .description('customer segments found by clustering behaviour')
    .command('build')
    .description(
      'cluster every customer open before a day by behaviour (deposits, purchases, preferences, channel, value, demand, campaign response) and write the assignment with its model, and a report',
    )
    .requiredOption('--as-of <date>', 'the day (YYYY-MM-DD); behaviour from data strictly before it', isoDay)
    .requiredOption('--out <file>', 'the segmentation file (Arrow: model in its metadata; CSV: model in FILE.model.json)')
    .addOption(new Option('--format <format>', 'file format').choices(['arrow', 'csv']).default('arrow'))
    .option('--k <k>', `number of segments, or auto: the best mean silhouette over ${AUTO_K_RANGE.from}..${AUTO_K_RANGE.to}`, segmentCount, 'auto' as const)
    .option('--seed <n>', 'seed of k-means and of the samples: the same seed and data give the same segments', nonNegativeInteger, 7)
    .option('--horizon <days>', 'the cards’ purchase rate counts purchases within this many days from the as-of day', positiveInteger, DEFAULT_HORIZON_DAYS)
    .option(
      '--months <n>',
      'month-ends before the day whose customers the report assigns to the segments (sizes over time)',
      nonNegativeInteger,
      DEFAULT_HISTORY_MONTHS,
    )
    .option('--previous <file>', 'an earlier segmentation: assign this day’s customers to its centroids and report the adjusted Rand index and size moves')
    .option('--report <file>', 'the HTML report (default: next to --out, named OUT-report.html)')
    .option('--no-report', 'write no report')
    .option(
      '--models <dir>',
      'model registry root whose demand/ and value/ champions fill demand score, value forecast and stage (default: $WEALTHREC_MODELS or ./models)',
    )
    .option('--no-models', 'cluster without the model tags')
    .option('--block <n>', 'customers read per block', positiveInteger)
    .addOption(dbOption())
    .action(async (flags: SegmentsFlags) => {
      await runBuildSegments(flags);
    });
}

/** `wealthrec profile build`: every customer's profile tags (用户画像) as of a day, with potential demand and value from the registered models. */
import { Option, type Command } from 'commander';
import { formatDay } from '../../domain/dates.js';
import { modelsRoot } from '../../../training/registry.js';
import { buildProfiles } from '../build-profiles.js';
import { isoDay, positiveInteger } from '../options.js';
import { progressBar } from '../progress-bar.js';
import { withDatabase } from '../with-database.js';

export function registerProfile(program: Command): void {
  program
    .command('profile')
    .description('customer profiles (用户画像): tags, potential demand and value')
    .command('build')
    .description('the profile of every customer as of a day (tags from data strictly before it)')
    .requiredOption('--as-of <date>', 'the day (YYYY-MM-DD)', isoDay)
    .requiredOption('--out <file>', 'output file')
    .addOption(new Option('--format <format>', 'file format').choices(['arrow', 'csv']).default('arrow'))
    .option('--models <dir>', 'model registry root whose demand/ and value/ champions fill the model tags (default: $WEALTHREC_MODELS or ./models)')
    .option('--no-models', 'leave the model tags empty')
    .option('--block <n>', 'customers read per block', positiveInteger)
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .action(async (o: { asOf: number; out: string; format: 'arrow' | 'csv'; models: string | boolean; block?: number; db?: string }) => {
      await withDatabase(o.db, async (knex) => {
        const bar = progressBar('profiles');
        const root = o.models === false ? null : modelsRoot(typeof o.models === 'string' ? o.models : undefined);
        const s = await buildProfiles(knex, { asOf: o.asOf, out: o.out, format: o.format, modelsRoot: root, blockSize: o.block, onProgress: (d, t) => bar.update(d, t, 'customers') }).finally(() => bar.stop());
        console.log(`profiles as of ${formatDay(o.asOf)} -> ${o.out}: ${s.customers.toLocaleString('en')} customers in ${s.seconds.toFixed(1)} s`);
        console.log(`demand model: ${s.models.demand ?? 'none (demand_score empty)'}; value model: ${s.models.value ?? 'none (predicted value and stage empty)'}`);
        console.log(`AUM tiers: ${Object.entries(s.tiers).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
        if (Object.keys(s.stages).length > 0) console.log(`value stages: ${Object.entries(s.stages).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
      });
    });
}
